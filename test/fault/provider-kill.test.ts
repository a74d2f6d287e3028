import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OpenAiError } from "../e2e/support/api.js";
import { runBounded, streamChat, type SseOutcome } from "../e2e/support/load.js";
import { pollUntil } from "../e2e/support/poll.js";
import { Stack, type RunningProvider } from "../e2e/support/stack.js";

const LLM = "llama3:8b";
const TOTAL = 1000;
const CONCURRENCY = 8;
// Model latency and a pause between streamed words keep requests (and streams past their first
// byte) in flight on the node when it dies.
const RESPONSE_DELAY_MS = 15;
const CHUNK_DELAY_MS = 15;

let stack: Stack;
let keys: string[];

beforeAll(async () => {
  stack = await Stack.start();
  const api = stack.api;
  for (let i = 0; i < 3; i++) {
    const acct = await api.signupProvider(undefined, "10.30.0.1");
    await stack.addProvider(acct, { vramGb: 6 + i * 4, services: ["chat"], models: [LLM], capacity: 16 }, { responseDelayMs: RESPONSE_DELAY_MS, chunkDelayMs: CHUNK_DELAY_MS });
  }
  const user = await api.signupUser(undefined, "10.30.0.2");
  // Spread over keys so the per-key rate limit (600/min) stays out of the picture.
  keys = [user.apiKey];
  for (let i = 0; i < 3; i++) keys.push(await api.createKey(user, `load-${i}`));
});

afterAll(async () => {
  await stack?.close();
});

type Outcome = { kind: "plain"; status: number; body: string } | { kind: "stream"; sse: SseOutcome };

const StreamedBody = z.object({ stream: z.literal(true), messages: z.array(z.object({ content: z.string() })) });
/** Request numbers of the streams that reached this node's Ollama, in arrival order. */
const streamsSeenBy = (p: RunningProvider): number[] =>
  p.ollama.requests.flatMap((r) => {
    const b = r.path === "/v1/chat/completions" ? StreamedBody.safeParse(r.body).data : undefined;
    const n = /^request (\d+) /.exec(b?.messages.at(-1)?.content ?? "")?.[1];
    return n === undefined ? [] : [Number(n)];
  });

/** The SSE data payloads of a stream, in order. */
const dataLines = (body: string) => body.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trim());

describe("a provider process killed during 1000 requests", () => {
  it("loses no non-streamed request; streams cut mid-way end in an SSE error event, none hangs", async () => {
    const url = `${stack.orch.url}/v1/chat/completions`;
    const victim = stack.providers[0];
    if (!victim) throw new Error("no providers");
    let completed = 0;

    // Once a fifth of the run is through, wait for a stream served by the victim whose client has
    // received words, then SIGKILL the CLI: that stream is cut past its first byte.
    const received = new Map<number, string>();
    const killer = (async () => {
      await pollUntil(async () => (completed >= TOTAL / 5 ? true : undefined), { timeoutMs: 120_000, intervalMs: 20, what: "a fifth of the run" });
      const before = streamsSeenBy(victim).length;
      await pollUntil(
        async () => (streamsSeenBy(victim).slice(before).some((n) => (received.get(n) ?? "").includes('"content"')) ? true : undefined),
        { timeoutMs: 30_000, intervalMs: 2, what: "a client reading a stream from the victim" },
      );
      victim.proc.child.kill("SIGKILL");
      return completed;
    })();

    const { results, skipped } = await runBounded<Outcome>(TOTAL, CONCURRENCY, 150_000, async (i) => {
      const key = keys[i % keys.length] ?? "";
      const messages = [{ role: "user", content: `request ${i} please answer with several words so the stream has chunks` }];
      let out: Outcome;
      if (i % 5 === 4) {
        out = { kind: "stream", sse: await streamChat(url, key, { model: LLM, messages, stream: true }, 30_000, (soFar) => received.set(i, soFar)) };
      } else {
        try {
          const res = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ model: LLM, messages }), signal: AbortSignal.timeout(30_000) });
          out = { kind: "plain", status: res.status, body: await res.text() };
        } catch (err) {
          out = { kind: "plain", status: 0, body: String(err) };
        }
      }
      completed++;
      return out;
    });
    const killedAt = await killer;
    expect(skipped).toBe(0);
    expect(killedAt).toBeGreaterThanOrEqual(TOTAL / 5);
    expect(killedAt, "the kill happened during the run").toBeLessThan(TOTAL - 50);
    expect(victim.proc.child.signalCode ?? (await new Promise((r) => victim.proc.child.once("exit", (_c, s) => r(s))))).toBe("SIGKILL");

    const plain = results.flatMap((r) => (r.kind === "plain" ? [r] : []));
    const streams = results.flatMap((r) => (r.kind === "stream" ? [r.sse] : []));
    expect(plain.length + streams.length).toBe(TOTAL);
    const failed = plain.filter((r) => r.status !== 200);
    expect(failed.slice(0, 3), `${failed.length} non-streamed failures`).toEqual([]);
    expect(streams.filter((s) => s.end === "hang")).toEqual([]);
    expect(streams.filter((s) => s.end === "cut" || s.end === "http-error").map((s) => s.body.slice(0, 300))).toEqual([]);

    // The streams the kill cut: some words arrived, then one OpenAI-shaped error event, and no [DONE].
    const errored = streams.filter((s) => s.end === "error");
    expect(errored.length, "at least one stream was cut mid-way by the kill").toBeGreaterThanOrEqual(1);
    for (const s of errored) {
      const datas = dataLines(s.body);
      const at = datas.findIndex((d) => d.includes('"error"'));
      expect(datas.slice(0, at).some((d) => d.includes('"content"')), "words before the error event").toBe(true);
      OpenAiError.parse(JSON.parse(datas[at] ?? ""));
    }
    // The survivors kept serving after the kill: the last requests all succeeded.
    expect(results.slice(-50).every((r) => (r.kind === "plain" ? r.status === 200 : r.sse.end === "done"))).toBe(true);
    console.log(`provider kill after ${killedAt} requests: ${plain.length} non-streamed (${failed.length} failed), ${streams.length} streamed (${errored.length} cut mid-way, ended in an SSE error event)`);
  });
});
