import { z } from "zod";
import { execa } from "execa";
import { CliError } from "../utils/cli-error.js";

const Tags = z.object({ models: z.array(z.object({ name: z.string(), size: z.number().optional() })) });
const Version = z.object({ version: z.string() });
const PullLine = z.object({
  status: z.string().optional(),
  digest: z.string().optional(),
  total: z.number().optional(),
  completed: z.number().optional(),
  error: z.string().optional(),
});
export type PullLine = z.infer<typeof PullLine>;

export interface PullProgress {
  model: string;
  status: string;
  completed: number;
  total: number;
}

async function ollamaInstalled(): Promise<boolean> {
  try {
    const r = await execa("ollama", ["--version"], { timeout: 1500, reject: false, stdin: "ignore" });
    return r.exitCode === 0;
  } catch {
    return false;
  }
}

/** Drives the real Ollama HTTP API. */
export class OllamaClient {
  constructor(readonly baseUrl: string) {}

  private async request(path: string, init: RequestInit & { timeoutMs?: number } = {}): Promise<Response> {
    try {
      return await fetch(`${this.baseUrl}${path}`, {
        ...init,
        signal: init.signal ?? AbortSignal.timeout(init.timeoutMs ?? 10_000),
      });
    } catch {
      const installed = await ollamaInstalled();
      throw new CliError(
        installed ? `Ollama is not running at ${this.baseUrl}` : `Ollama is not reachable at ${this.baseUrl} (is it installed?)`,
        installed
          ? "start it with `ollama serve` (or open the Ollama app), or pass --ollama-url / OLLAMA_HOST"
          : "install Ollama from https://ollama.com/download, start it, then run this again (or pass --ollama-url / OLLAMA_HOST)",
      );
    }
  }

  async version(): Promise<string> {
    const res = await this.request("/api/version", { timeoutMs: 3000 });
    const parsed = Version.safeParse(await res.json().catch(() => undefined));
    if (!res.ok || !parsed.success) {
      throw new CliError(`${this.baseUrl} does not look like Ollama`, "point --ollama-url / OLLAMA_HOST at your Ollama server (default http://127.0.0.1:11434)");
    }
    return parsed.data.version;
  }

  async listModels(): Promise<string[]> {
    const res = await this.request("/api/tags");
    const parsed = Tags.safeParse(await res.json().catch(() => undefined));
    if (!res.ok || !parsed.success) throw new CliError(`Ollama at ${this.baseUrl} returned an unexpected model list`, "update Ollama to a recent version");
    return parsed.data.models.map((m) => m.name);
  }

  /** Streams `/api/pull`; resolves on "success", throws a CliError on an error line. */
  async pull(model: string, onProgress: (p: PullProgress) => void): Promise<void> {
    const res = await this.request("/api/pull", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model, stream: true }),
      // Large models legitimately take hours on slow links.
      signal: AbortSignal.timeout(6 * 60 * 60 * 1000),
    });
    if (!res.body) throw new CliError(`Ollama did not stream the pull of ${model}`, "update Ollama and try again");
    const decoder = new TextDecoder();
    let buffered = "";
    let succeeded = false;
    const handle = (text: string): void => {
      if (!text.trim()) return;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        return;
      }
      const line = PullLine.safeParse(value);
      if (!line.success) return;
      if (line.data.error) throw pullError(model, line.data.error);
      if (line.data.status === "success") succeeded = true;
      onProgress({ model, status: line.data.status ?? "", completed: line.data.completed ?? 0, total: line.data.total ?? 0 });
    };
    for await (const chunk of res.body) {
      buffered += decoder.decode(chunk, { stream: true });
      let nl: number;
      while ((nl = buffered.indexOf("\n")) >= 0) {
        handle(buffered.slice(0, nl));
        buffered = buffered.slice(nl + 1);
      }
    }
    handle(buffered);
    if (!res.ok && !succeeded) throw pullError(model, `HTTP ${res.status}`);
    if (!succeeded) throw new CliError(`Pulling ${model} stopped before it finished`, "check your internet connection and run again; Ollama resumes partial downloads");
  }
}

function pullError(model: string, message: string): CliError {
  const short = message.replace(/\s+/g, " ").slice(0, 200);
  if (/no space left on device/i.test(message)) {
    return new CliError(`Pulling ${model} failed: no space left on device`, "free disk space (or choose a smaller model with --models) and run again");
  }
  if (/file does not exist|not found/i.test(message)) {
    return new CliError(`Pulling ${model} failed: model not found in the Ollama library`, "check the model name (see https://ollama.com/library) or pick one from the catalog");
  }
  return new CliError(`Pulling ${model} failed: ${short}`, "check your internet connection and free disk space, then run again");
}
