import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OpenAiError } from "../e2e/support/api.js";
import { runBounded, streamChat, type SseOutcome } from "../e2e/support/load.js";
import { Stack } from "../e2e/support/stack.js";

const LLM = "llama3:8b";
const TOTAL = 1000;
const CONCURRENCY = 8;

let stack: Stack;
let keys: string[];

beforeAll(async () => {
  stack = await Stack.start();
  const api = stack.api;
  for (let i = 0; i < 3; i++) {
    const acct = await api.signupProvider(undefined, "10.30.0.1");
    // A few ms of model latency keeps requests in flight on the node when it dies.
    await stack.addProvider(acct, { vramGb: 6 + i * 4, services: ["chat"], models: [LLM], capacity: 16 }, { responseDelayMs: 15 });
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

describe("a provider process killed during 1000 requests", () => {
  it("loses no non-streamed request; every streamed one ends in [DONE] or an SSE error event, none hangs", async () => {
    const url = `${stack.orch.url}/v1/chat/completions`;
    const victim = stack.providers[0];
    if (!victim) throw new Error("no providers");
    let completed = 0;
    let killedAt = -1;
    const { results, skipped } = await runBounded<Outcome>(TOTAL, CONCURRENCY, 150_000, async (i) => {
      const key = keys[i % keys.length] ?? "";
      const messages = [{ role: "user", content: `request ${i} please answer with several words so the stream has chunks` }];
      let out: Outcome;
      if (i % 5 === 4) {
        out = { kind: "stream", sse: await streamChat(url, key, { model: LLM, messages, stream: true }, 30_000) };
      } else {
        try {
          const res = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ model: LLM, messages }), signal: AbortSignal.timeout(30_000) });
          out = { kind: "plain", status: res.status, body: await res.text() };
        } catch (err) {
          out = { kind: "plain", status: 0, body: String(err) };
        }
      }
      // Kill the node once a fifth of the run is through, with requests in flight on it.
      if (++completed === TOTAL / 5) {
        killedAt = completed;
        victim.proc.child.kill("SIGKILL");
      }
      return out;
    });
    expect(skipped).toBe(0);
    expect(killedAt).toBe(TOTAL / 5);
    expect(victim.proc.child.signalCode ?? (await new Promise((r) => victim.proc.child.once("exit", (_c, s) => r(s))))).toBe("SIGKILL");

    const plain = results.flatMap((r) => (r.kind === "plain" ? [r] : []));
    const streams = results.flatMap((r) => (r.kind === "stream" ? [r.sse] : []));
    expect(plain.length + streams.length).toBe(TOTAL);
    const failed = plain.filter((r) => r.status !== 200);
    expect(failed.slice(0, 3), `${failed.length} non-streamed failures`).toEqual([]);
    expect(streams.filter((s) => s.end === "hang")).toEqual([]);
    expect(streams.filter((s) => s.end === "cut" || s.end === "http-error").map((s) => s.body.slice(0, 300))).toEqual([]);
    for (const s of streams.filter((x) => x.end === "error")) {
      const event = s.body.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trim()).find((d) => d.includes('"error"')) ?? "";
      OpenAiError.parse(JSON.parse(event));
    }
    // The survivors kept serving after the kill: the last requests all succeeded.
    expect(results.slice(-50).every((r) => (r.kind === "plain" ? r.status === 200 : r.sse.end === "done"))).toBe(true);
    console.log(`provider kill: ${plain.length} non-streamed (${failed.length} failed), ${streams.length} streamed (${streams.filter((s) => s.end === "error").length} ended in an SSE error event)`);
  });
});
