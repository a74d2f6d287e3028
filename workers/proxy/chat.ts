import { normalizeTag } from "@cxmpute/protocol";
import type { Context } from "hono";
import { ApiError } from "../lib/api-error";
import type { AppEnv } from "../types";
import { clientErrorFromNode, forward, fromRequest } from "./forward";
import { readBody } from "./read-body";
import { ChatCompletion, ChatRequest } from "./schemas";
import { relaySse } from "./sse-relay";
import { bill, contentText, countChatPrompt, estimateTokens } from "./tokens";
import { reportUsage } from "./usage";

function num(v: string | undefined, fallback: number): number {
  const n = Number(v);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

export async function chatCompletions(c: Context<AppEnv>): Promise<Response> {
  const { raw, body } = await readBody(c, ChatRequest);
  const model = normalizeTag(body.model);
  const promptCounted = countChatPrompt(body.messages);
  const streamed = body.stream === true;
  const up = await forward(c.env, { service: "chat", model, body: raw, ...fromRequest(c), buffered: !streamed });

  if (!up.response.ok) {
    up.finish(true);
    throw await clientErrorFromNode(up.response);
  }

  if (streamed && up.response.body) {
    // onDone runs inside the relay's pull, while this request is still streaming: the usage event
    // joins the isolate's buffer there, and emitUsage registers a flush it opens with this request.
    const stream = relaySse(up.response.body, {
      keepaliveMs: num(c.env.SSE_KEEPALIVE_MS, 5000),
      firstByteTimeoutMs: num(c.env.UPSTREAM_TIMEOUT_MS, 60_000),
      idleTimeoutMs: num(c.env.STREAM_IDLE_TIMEOUT_MS, 30_000),
      abort: () => up.controller.abort(),
      onDone: (r) => {
        up.finish(r.error === null);
        if (r.completed) {
          const billed = bill({ promptTokens: promptCounted, completionTokens: r.completionTokensCounted }, r.claimed);
          const ttft = (r.firstTokenAt ?? Date.now()) - up.startedAt;
          reportUsage(c, { node: up.node, service: "chat", model, billed, latencyMs: ttft, streamed: true });
        }
      },
    });
    return new Response(stream, {
      status: 200,
      headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", "x-request-id": c.get("requestId") },
    });
  }

  const text = up.bytes ? new TextDecoder().decode(up.bytes) : "";
  const latencyMs = Date.now() - up.startedAt;
  let completionCounted = 0;
  let claimed = null;
  try {
    const parsed = ChatCompletion.safeParse(JSON.parse(text));
    if (parsed.success) {
      for (const ch of parsed.data.choices) completionCounted += estimateTokens(contentText(ch.message?.content ?? ""));
      const u = parsed.data.usage;
      if (u) claimed = { promptTokens: u.prompt_tokens, completionTokens: u.completion_tokens ?? Math.max(0, (u.total_tokens ?? 0) - u.prompt_tokens) };
    }
  } catch {
    up.finish(false);
    throw new ApiError(502, "Provider node returned an unreadable answer. Retry the request.", { code: "upstream_invalid" });
  }
  up.finish(true);
  const billed = bill({ promptTokens: promptCounted, completionTokens: completionCounted }, claimed);
  reportUsage(c, { node: up.node, service: "chat", model, billed, latencyMs, streamed: false });
  return new Response(up.bytes, { status: 200, headers: { "content-type": "application/json", "x-request-id": c.get("requestId") } });
}
