/**
 * Runs `total` tasks with at most `concurrency` in flight. Bounded in count by construction and
 * in time by `deadlineMs`: tasks not started by then are skipped and reported.
 */
export async function runBounded<T>(total: number, concurrency: number, deadlineMs: number, task: (i: number) => Promise<T>): Promise<{ results: T[]; skipped: number }> {
  const end = Date.now() + deadlineMs;
  const results: T[] = [];
  let next = 0;
  let skipped = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= total) return;
      if (Date.now() > end) {
        skipped++;
        continue;
      }
      results.push(await task(i));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { results, skipped };
}

export interface SseOutcome {
  status: number;
  /** "done" saw `data: [DONE]`; "error" an SSE error event; "cut" the stream ended with neither; "hang" hit the client timeout. */
  end: "done" | "error" | "cut" | "hang" | "http-error";
  body: string;
}

/** Posts a streamed chat request and classifies how the SSE stream ended. */
export async function streamChat(url: string, apiKey: string, body: unknown, timeoutMs: number, onText?: (soFar: string) => void): Promise<SseOutcome> {
  const signal = AbortSignal.timeout(timeoutMs);
  let text = "";
  try {
    const res = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" }, body: JSON.stringify(body), signal });
    if (!res.ok || !res.body) return { status: res.status, end: "http-error", body: await res.text() };
    const decoder = new TextDecoder();
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      onText?.(text);
    }
    const datas = text.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trim());
    if (datas.includes("[DONE]")) return { status: res.status, end: "done", body: text };
    if (datas.some((d) => d.startsWith("{") && d.includes('"error"'))) return { status: res.status, end: "error", body: text };
    return { status: res.status, end: "cut", body: text };
  } catch (err) {
    return { status: 0, end: signal.aborted ? "hang" : "cut", body: `${text}\n${String(err)}` };
  }
}
