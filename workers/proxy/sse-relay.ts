import { ChatChunk } from "./schemas";
import type { Claimed } from "./tokens";

export interface RelayResult {
  /** The stream reached `data: [DONE]`. */
  completed: boolean;
  completionTokensCounted: number;
  claimed: Claimed | null;
  /** ms from the upstream request to the first content-bearing chunk. */
  firstTokenAt: number | null;
  error: string | null;
}

export interface RelayOptions {
  keepaliveMs: number;
  /** Longest wait for the first byte (a model may be loading). */
  firstByteTimeoutMs: number;
  /** Longest silence between chunks once the stream flows. */
  idleTimeoutMs: number;
  onDone: (r: RelayResult) => void;
  /** Abort the upstream (client went away or the relay gave up). */
  abort: () => void;
}

const encoder = new TextEncoder();

function sseError(message: string, code: string): Uint8Array {
  return encoder.encode(`data: ${JSON.stringify({ error: { message, type: "api_error", param: null, code } })}\n\n`);
}

/**
 * Passes the node's SSE bytes through untouched while reading them: counts completion text,
 * captures reported usage, sends keepalive comments until the first byte, and turns a stalled
 * or broken upstream into an explicit SSE error event (never a hang, never a fake [DONE]).
 */
export function relaySse(upstream: ReadableStream<Uint8Array>, opts: RelayOptions): ReadableStream<Uint8Array> {
  const reader = upstream.getReader();
  const decoder = new TextDecoder();
  const result: RelayResult = { completed: false, completionTokensCounted: 0, claimed: null, firstTokenAt: null, error: null };
  let pending = "";
  let completionChars = 0;
  let gotFirstByte = false;
  let finished = false;
  let keepalive: ReturnType<typeof setInterval> | undefined;

  const finish = (controller: ReadableStreamDefaultController<Uint8Array> | null, error: string | null, code = "upstream_error") => {
    if (finished) return;
    finished = true;
    if (keepalive) clearInterval(keepalive);
    result.error = error;
    result.completionTokensCounted = Math.ceil(completionChars / 4);
    if (error && controller) {
      try {
        controller.enqueue(sseError(error, code));
      } catch {
        // Client already gone.
      }
    }
    if (controller) {
      try {
        controller.close();
      } catch {
        // Already closed or errored.
      }
    }
    if (error) opts.abort();
    opts.onDone(result);
  };

  const scan = (text: string) => {
    pending += text;
    let nl: number;
    while ((nl = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, nl).trim();
      pending = pending.slice(nl + 1);
      if (!line.startsWith("data:")) continue;
      const data = line.slice(5).trim();
      if (data === "[DONE]") {
        result.completed = true;
        continue;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(data);
      } catch {
        continue;
      }
      const chunk = ChatChunk.safeParse(parsed);
      if (!chunk.success) continue;
      for (const ch of chunk.data.choices ?? []) {
        const content = ch.delta?.content;
        if (typeof content === "string" && content.length > 0) {
          completionChars += content.length;
          result.firstTokenAt ??= Date.now();
        }
      }
      const u = chunk.data.usage;
      if (u) result.claimed = { promptTokens: u.prompt_tokens, completionTokens: u.completion_tokens ?? Math.max(0, (u.total_tokens ?? 0) - u.prompt_tokens) };
    }
  };

  return new ReadableStream<Uint8Array>({
    start(controller) {
      keepalive = setInterval(() => {
        if (!gotFirstByte && !finished) controller.enqueue(encoder.encode(": keepalive\n\n"));
      }, opts.keepaliveMs);
    },
    async pull(controller) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        const read = reader.read();
        // If the idle timer wins, this read may still fail later: observe it so nothing is left unhandled.
        read.catch(() => undefined);
        const next = await Promise.race([
          read,
          new Promise<"idle">((resolve) => {
            timer = setTimeout(() => resolve("idle"), gotFirstByte ? opts.idleTimeoutMs : opts.firstByteTimeoutMs);
          }),
        ]);
        if (next === "idle") {
          finish(controller, `Provider node stalled for ${gotFirstByte ? opts.idleTimeoutMs : opts.firstByteTimeoutMs} ms; the stream was ended.`, "upstream_timeout");
          return;
        }
        if (next.done) {
          const tail = decoder.decode();
          if (tail) scan(tail);
          finish(controller, result.completed ? null : "Provider node closed the stream before it completed.");
          return;
        }
        gotFirstByte = true;
        scan(decoder.decode(next.value, { stream: true }));
        controller.enqueue(next.value);
      } catch {
        finish(controller, "Provider node connection broke mid-stream.");
      } finally {
        if (timer) clearTimeout(timer);
      }
    },
    cancel() {
      // The client went away: stop the node's work too.
      finish(null, "client disconnected", "client_closed_request");
      void reader.cancel().catch(() => undefined);
    },
  });
}
