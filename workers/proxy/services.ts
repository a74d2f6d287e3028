import { CATALOG, normalizeTag, ScrapeResponse, type Service } from "@cxmpute/protocol";
import type { Context } from "hono";
import { ApiError } from "../lib/api-error";
import type { AppEnv } from "../types";
import { clientErrorFromNode, forward, fromRequest } from "./forward";
import { readBody } from "./read-body";
import { EmbeddingsRequest, ScrapeBody, SpeechRequest, TtsBody } from "./schemas";
import { bill, countEmbeddingInput } from "./tokens";
import { reportUsage } from "./usage";
import { EmbeddingsResponse } from "./schemas";

/** TTS and scrape are not chosen by model; the catalog names the engine they are billed as. */
function defaultModel(service: Service): string {
  return CATALOG.models.find((m) => m.service === service)?.tag ?? service;
}

export async function embeddings(c: Context<AppEnv>): Promise<Response> {
  const { body } = await readBody(c, EmbeddingsRequest);
  const model = normalizeTag(body.model);
  // Nodes are asked for floats (every Ollama version speaks them); base64, the openai client's
  // default, is produced here so clients get what they asked for whatever the node runs.
  const wantsBase64 = body.encoding_format === "base64";
  const nodeBody = JSON.stringify({ ...body, encoding_format: "float" });
  const up = await forward(c.env, { service: "embeddings", model, body: nodeBody, ...fromRequest(c), buffered: true });
  if (!up.response.ok) {
    up.finish(true);
    throw await clientErrorFromNode(up.response);
  }
  const text = up.bytes ? new TextDecoder().decode(up.bytes) : "";
  const latencyMs = Date.now() - up.startedAt;
  let claimed = null;
  let out = text;
  try {
    const parsed = EmbeddingsResponse.safeParse(JSON.parse(text));
    if (parsed.success && parsed.data.usage) claimed = { promptTokens: parsed.data.usage.prompt_tokens, completionTokens: 0 };
    if (wantsBase64 && parsed.success) out = JSON.stringify(toBase64Embeddings(parsed.data));
  } catch {
    up.finish(false);
    throw new ApiError(502, "Provider node returned an unreadable answer. Retry the request.", { code: "upstream_invalid" });
  }
  up.finish(true);
  const billed = bill({ promptTokens: countEmbeddingInput(body.input), completionTokens: 0 }, claimed);
  reportUsage(c, { node: up.node, service: "embeddings", model, billed, latencyMs, streamed: false });
  return new Response(out, { status: 200, headers: { "content-type": "application/json" } });
}

function toBase64Embeddings(res: EmbeddingsResponse): EmbeddingsResponse {
  return {
    ...res,
    data: (res.data ?? []).map((d) => {
      if (!Array.isArray(d.embedding)) return d;
      const bytes = new Uint8Array(new Float32Array(d.embedding).buffer);
      let bin = "";
      for (const b of bytes) bin += String.fromCharCode(b);
      return { ...d, embedding: btoa(bin) };
    }),
  };
}

async function speak(c: Context<AppEnv>, text: string, voice: string | undefined, format: "wav" | "mp3" | undefined, speed: number | undefined): Promise<Response> {
  const nodeBody = JSON.stringify({ text, ...(voice ? { voice } : {}), ...(format ? { format } : {}), ...(speed ? { speed } : {}) });
  const up = await forward(c.env, { service: "tts", model: null, body: nodeBody, ...fromRequest(c), buffered: true });
  if (!up.response.ok) {
    up.finish(true);
    throw await clientErrorFromNode(up.response);
  }
  const audio = up.bytes ?? new ArrayBuffer(0);
  up.finish(true);
  const billed = bill({ promptTokens: 0, completionTokens: 0 }, null);
  reportUsage(c, { node: up.node, service: "tts", model: defaultModel("tts"), billed, latencyMs: Date.now() - up.startedAt, streamed: false });
  return new Response(audio, { status: 200, headers: { "content-type": up.response.headers.get("content-type") ?? "audio/wav" } });
}

/** OpenAI's /v1/audio/speech shape, served by the nodes' TTS engine. */
export async function audioSpeech(c: Context<AppEnv>): Promise<Response> {
  const { body } = await readBody(c, SpeechRequest);
  return speak(c, body.input, body.voice, body.response_format, body.speed);
}

export async function tts(c: Context<AppEnv>): Promise<Response> {
  const { body } = await readBody(c, TtsBody);
  return speak(c, body.text, body.voice, undefined, undefined);
}

export async function scrape(c: Context<AppEnv>): Promise<Response> {
  const { raw } = await readBody(c, ScrapeBody);
  const up = await forward(c.env, { service: "scrape", model: null, body: raw, ...fromRequest(c), buffered: true });
  if (!up.response.ok) {
    up.finish(true);
    throw await clientErrorFromNode(up.response);
  }
  let results;
  try {
    results = ScrapeResponse.parse(JSON.parse(new TextDecoder().decode(up.bytes ?? new ArrayBuffer(0))));
  } catch {
    up.finish(false);
    throw new ApiError(502, "Provider node returned an unreadable scrape answer. Retry the request.", { code: "upstream_invalid" });
  }
  up.finish(true);
  const billed = bill({ promptTokens: 0, completionTokens: 0 }, null);
  reportUsage(c, { node: up.node, service: "scrape", model: defaultModel("scrape"), billed, latencyMs: Date.now() - up.startedAt, streamed: false });
  return c.json(results, 200);
}
