import type { ServerResponse } from "node:http";
import { sendError } from "./respond.js";

const PASS_HEADERS = ["content-type", "cache-control"];

/**
 * Forwards a request body to Ollama and streams the answer back untouched (SSE included).
 * `abort` fires when the caller goes away, so Ollama stops generating for nobody.
 */
export async function proxyToOllama(ollamaUrl: string, path: string, body: Buffer, res: ServerResponse, abort: AbortSignal): Promise<boolean> {
  let upstream: Response;
  try {
    upstream = await fetch(`${ollamaUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      signal: abort,
    });
  } catch {
    sendError(res, 502, "The node's model server (Ollama) is not reachable", "api_error", "upstream_unavailable");
    return false;
  }
  const headers: Record<string, string> = {};
  for (const h of PASS_HEADERS) {
    const v = upstream.headers.get(h);
    if (v) headers[h] = v;
  }
  if (headers["content-type"]?.includes("text/event-stream")) headers["x-accel-buffering"] = "no";
  res.writeHead(upstream.status, headers);
  if (upstream.body) {
    try {
      for await (const chunk of upstream.body) {
        if (!res.write(chunk)) await new Promise<void>((r) => res.once("drain", () => r()));
      }
    } catch {
      // Caller disconnected or Ollama died mid-stream: end what was sent.
      res.destroy();
      return false;
    }
  }
  res.end();
  return upstream.ok;
}
