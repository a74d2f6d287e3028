import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OpenAiError, type UserSignup } from "../e2e/support/api.js";
import { pollUntil } from "../e2e/support/poll.js";
import { Stack, type RunningProvider } from "../e2e/support/stack.js";

const LLM = "llama3:8b";
const EMBED = "qwen3-embedding:8b";
const INTERVAL_MS = 2000;

let stack: Stack;
let user: UserSignup;
let frozen: RunningProvider;
let steady: RunningProvider;

beforeAll(async () => {
  stack = await Stack.start({ HEARTBEAT_INTERVAL_MS: String(INTERVAL_MS) });
  const api = stack.api;
  steady = await stack.addProvider(await api.signupProvider(undefined, "10.40.0.1"), { vramGb: 6, services: ["chat"], models: [LLM] });
  // The only node with the embedding model: whether it is routable is visible from outside.
  frozen = await stack.addProvider(await api.signupProvider(undefined, "10.40.0.1"), { vramGb: 16, services: ["chat", "embeddings"], models: [LLM, EMBED] });
  user = await api.signupUser(undefined, "10.40.0.2");
});

afterAll(async () => {
  await stack?.close();
});

const post = (path: string, body: unknown) =>
  fetch(`${stack.orch.url}${path}`, { method: "POST", headers: { authorization: `Bearer ${user.apiKey}`, "content-type": "application/json" }, body: JSON.stringify(body), signal: AbortSignal.timeout(20_000) });

const ModelList = z.object({ data: z.array(z.object({ id: z.string() })) });

async function modelIds(): Promise<string[]> {
  const res = await fetch(`${stack.orch.url}/v1/models`, { headers: { authorization: `Bearer ${user.apiKey}` } });
  return ModelList.parse(await res.json()).data.map((m) => m.id);
}

describe("heartbeats stop (SIGSTOP the CLI)", () => {
  it("takes the node out of routing within two intervals, keeps serving from the others, and routes to it again after SIGCONT", async () => {
    expect(await modelIds()).toContain(EMBED);
    expect((await post("/v1/embeddings", { model: EMBED, input: "before" })).status).toBe(200);

    const stoppedAt = Date.now();
    frozen.proc.child.kill("SIGSTOP");
    try {
      // Unroutable: the registry no longer lists it active and the edge stops offering its model.
      const goneAfter = await pollUntil(
        async () => {
          const nodes = await stack.api.nodes(frozen.account);
          const active = nodes.data.some((n) => n.nodeId === frozen.nodeId && n.status === "active");
          return !active && !(await modelIds()).includes(EMBED) ? Date.now() - stoppedAt : undefined;
        },
        { timeoutMs: 6 * INTERVAL_MS, intervalMs: 100, what: "frozen node unroutable" },
      );
      console.log(`frozen node unroutable ${goneAfter} ms after SIGSTOP (interval ${INTERVAL_MS} ms)`);
      // Two intervals, plus the polling granularity and a loaded CI machine's scheduling slack.
      expect(goneAfter).toBeLessThanOrEqual(2 * INTERVAL_MS + 1000);

      // Its model now fails fast in the OpenAI shape instead of waiting on a frozen process.
      const t0 = Date.now();
      const res = await post("/v1/embeddings", { model: EMBED, input: "while frozen" });
      expect(res.status).toBe(503);
      OpenAiError.parse(await res.json());
      expect(Date.now() - t0).toBeLessThan(5000);

      // Chat keeps flowing through the steady node, never to the frozen one.
      const before = steady.ollama.requests.length;
      for (let i = 0; i < 20; i++) expect((await post("/v1/chat/completions", { model: LLM, messages: [{ role: "user", content: `frozen ${i}` }] })).status).toBe(200);
      expect(steady.ollama.requests.length - before).toBeGreaterThanOrEqual(20);
    } finally {
      frozen.proc.child.kill("SIGCONT");
    }

    // Back: heartbeats (or a re-announce after the orchestrator forgot it) make it routable again.
    await pollUntil(async () => ((await modelIds()).includes(EMBED) ? true : undefined), { timeoutMs: 8 * INTERVAL_MS, intervalMs: 200, what: "node routable after SIGCONT" });
    await pollUntil(async () => ((await post("/v1/embeddings", { model: EMBED, input: "after" })).status === 200 ? true : undefined), { timeoutMs: 4 * INTERVAL_MS, what: "embeddings served again" });
  });
});
