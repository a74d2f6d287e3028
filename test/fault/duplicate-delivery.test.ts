import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeReply } from "../fixtures/fake-ollama/index.js";
import type { ProviderSignup, UserSignup } from "../e2e/support/api.js";
import { billedTokens, edgeChatPrompt, edgeTokens } from "../e2e/support/expected.js";
import { matchFigures, providerFigures, sortKeys, userFigures, type Figures, type World } from "../e2e/support/ledger-model.js";
import { pollUntil } from "../e2e/support/poll.js";
import { Stack } from "../e2e/support/stack.js";

/**
 * At-least-once delivery: with the documented test-only switch USAGE_TEST_DELIVERY_COPIES=2 the
 * gateway enqueues every usage event twice. The ledger must credit each request exactly once.
 */
const LLM = "llama3:8b";
const N = 30;
let stack: Stack;
let providers: ProviderSignup[];
let users: UserSignup[];
const world: World = { providerReferrer: new Map(), userReferrer: new Map(), providers: [], users: [], requests: [] };

beforeAll(async () => {
  stack = await Stack.start({ USAGE_TEST_DELIVERY_COPIES: "2" });
  const api = stack.api;
  providers = [await api.signupProvider(undefined, "10.70.0.1")];
  for (let i = 0; i < 3; i++) providers.push(await api.signupProvider(providers[i]?.providerId, "10.70.0.1"));
  users = [await api.signupUser(undefined, "10.70.0.2")];
  for (let i = 0; i < 3; i++) users.push(await api.signupUser(users[i]?.userId, "10.70.0.2"));
  providers.forEach((p, i) => i > 0 && world.providerReferrer.set(p.providerId, providers[i - 1]?.providerId ?? ""));
  users.forEach((u, i) => i > 0 && world.userReferrer.set(u.userId, users[i - 1]?.userId ?? ""));
  world.providers.push(...providers.map((p) => p.providerId));
  world.users.push(...users.map((u) => u.userId));
  const serving = providers[3];
  if (!serving) throw new Error("no serving provider");
  await stack.addProvider(serving, { vramGb: 6, services: ["chat"], models: [LLM] });
});

afterAll(async () => {
  await stack?.close();
});

describe("every usage event delivered twice", () => {
  it("credits each request once: figures match the independent calculator, reconcile finds no duplicates", async () => {
    const caller = users[3];
    const serving = providers[3];
    if (!caller || !serving) throw new Error("setup");
    const client = new OpenAI({ baseURL: `${stack.orch.url}/v1`, apiKey: caller.apiKey, maxRetries: 0 });
    for (let i = 0; i < N; i++) {
      const content = `duplicate delivery ${i}`;
      const t0 = performance.now();
      const r = await client.chat.completions.create({ model: LLM, messages: [{ role: "user", content }] });
      const reply = r.choices[0]?.message.content ?? "";
      expect(reply).toBe(fakeReply([{ role: "user", content }]));
      const claimed = r.usage ? r.usage.prompt_tokens + r.usage.completion_tokens : null;
      world.requests.push({ label: content, userId: caller.userId, providerId: serving.providerId, nodeTier: "blue-surge", service: "chat", model: LLM, tokens: billedTokens(edgeChatPrompt([{ content }]) + edgeTokens(reply), claimed), clientMs: performance.now() - t0 });
    }
    const rec = await pollUntil(async () => {
      const x = await stack.api.reconcile(stack.orch.adminToken);
      return x.network.requestsCredited >= N ? x : undefined;
    }, { timeoutMs: 30_000, what: "requests credited" });
    // Both copies reach the consumer: wrangler logs each queue batch with its message count.
    const delivered = await pollUntil(async () => {
      const counts = [...stack.orch.logs().matchAll(/cxmpute-usage \((\d+)\/(\d+)\)|QUEUE cxmpute-usage (\d+)\/(\d+)/g)].map((m) => Number(m[2] ?? m[4] ?? 0));
      const total = counts.reduce((s, n) => s + n, 0);
      return total >= 2 * N ? total : undefined;
    }, { timeoutMs: 20_000, what: "both copies delivered" });
    expect(delivered).toBeGreaterThanOrEqual(2 * N);
    expect(rec.network.requestsCredited).toBe(N);

    const actual = new Map<string, Figures>();
    for (const p of providers) actual.set(p.providerId, providerFigures(await stack.api.providerStats(p)));
    for (const u of users) actual.set(u.userId, userFigures(await stack.api.userStats(u)));
    const verdict = matchFigures(world, actual);
    if (!verdict.ok) expect(sortKeys(Object.fromEntries(actual))).toEqual(sortKeys(Object.fromEntries(verdict.expected)));
    const final = await stack.api.reconcile(stack.orch.adminToken);
    expect(final.checks.filter((c) => !c.ok)).toEqual([]);
  });
});
