import { execa } from "execa";
import type { TtsRequest } from "@cxmpute/protocol";

export const TTS_ENGINE = "espeak-ng";
const DEFAULT_VOICE = "en-us";
/** espeak-ng voice names: letters, digits, '-', '_' and variants after '+'. */
const VOICE_RE = /^[a-z0-9][a-z0-9_-]{0,30}(\+[a-z0-9_-]{1,20})?$/i;
/** OpenAI voice names callers send through /v1/audio/speech, mapped to espeak-ng voices. */
const OPENAI_VOICES: Record<string, string> = {
  alloy: "en-us",
  echo: "en-us+m3",
  fable: "en-gb",
  onyx: "en-us+m7",
  nova: "en-us+f3",
  shimmer: "en-us+f4",
};

export class TtsError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export function resolveVoice(voice: string | undefined): string {
  if (!voice) return DEFAULT_VOICE;
  const mapped = OPENAI_VOICES[voice.toLowerCase()];
  if (mapped) return mapped;
  if (!VOICE_RE.test(voice)) throw new TtsError(`voice "${voice.slice(0, 40)}" is not a valid voice name`, 400);
  return voice;
}

/** Synthesises WAV audio with espeak-ng; the text goes through stdin so it can never be an option. */
export async function synthesize(req: TtsRequest, bin = process.env.CXMPUTE_ESPEAK_BIN ?? TTS_ENGINE): Promise<Buffer> {
  if (req.format === "mp3") throw new TtsError("this node produces wav audio only; request format \"wav\"", 400);
  const voice = resolveVoice(req.voice);
  const wpm = String(Math.round(Math.min(450, Math.max(80, 175 * (req.speed ?? 1)))));
  let result;
  try {
    result = await execa(bin, ["--stdout", "-v", voice, "-s", wpm], {
      input: req.text,
      encoding: "buffer",
      timeout: 60_000,
      maxBuffer: 100 * 1024 * 1024,
      reject: false,
    });
  } catch {
    throw new TtsError("the TTS engine is not available on this node", 503);
  }
  if (result.failed && "code" in result && result.code === "ENOENT") throw new TtsError("the TTS engine is not available on this node", 503);
  const audio = Buffer.from(result.stdout);
  if (result.exitCode !== 0 || audio.length < 44) {
    const stderr = Buffer.from(result.stderr).toString("utf8");
    if (/voice|language/i.test(stderr)) throw new TtsError(`voice "${voice}" is not installed on this node`, 400);
    throw new TtsError("speech synthesis failed", 502);
  }
  return fixWavSizes(audio);
}

/**
 * espeak-ng writing to a pipe cannot seek back, so its RIFF and data sizes are placeholders;
 * with the whole file in hand they are set right so every player accepts it.
 */
export function fixWavSizes(wav: Buffer): Buffer {
  if (wav.length < 44 || wav.toString("ascii", 0, 4) !== "RIFF" || wav.toString("ascii", 8, 12) !== "WAVE") return wav;
  wav.writeUInt32LE(wav.length - 8, 4);
  let off = 12;
  while (off + 8 <= wav.length) {
    const id = wav.toString("ascii", off, off + 4);
    if (id === "data") {
      wav.writeUInt32LE(wav.length - off - 8, off + 4);
      break;
    }
    off += 8 + wav.readUInt32LE(off + 4);
  }
  return wav;
}

/** True when espeak-ng runs here. */
export async function ttsAvailable(bin = process.env.CXMPUTE_ESPEAK_BIN ?? TTS_ENGINE): Promise<boolean> {
  try {
    const r = await execa(bin, ["--version"], { timeout: 2000, reject: false, stdin: "ignore" });
    return r.exitCode === 0;
  } catch {
    return false;
  }
}
