import OpenAI from "openai";
import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeEmbedding, fakeReply, type FakeOllama } from "../fixtures/fake-ollama/index.js";
import { OpenAiError, type ProviderSignup, type UserSignup } from "./support/api.js";
import { billedTokens, computeReward, edgeChatPrompt, edgeTokens, formatNano, nano, userPoints, type Tier } from "./support/expected.js";
import { matchFigures, providerFigures, sortKeys, userFigures, type Figures, type ServedRequest, type World } from "./support/ledger-model.js";
import { pollUntil } from "./support/poll.js";
import { Stack, type RunningProvider } from "./support/stack.js";
import { startTestSite, type TestSite } from "./support/test-site.js";

const LLM = "llama3:8b";
const EMBED = "qwen3-embedding:8b";
const IP = "10.20.0.1";

let stack: Stack;
let site: TestSite;
// Providers: R1 ← R2 ← R3 ← blue ← ocean (each referred by the one before it).
let r1: ProviderSignup, r2: ProviderSignup, r3: ProviderSignup, blueAcct: ProviderSignup, oceanAcct: ProviderSignup;
let blue: RunningProvider, ocean: RunningProvider;
// Users: u1 ← u2 ← u3 ← u4.
let u1: UserSignup, u2: UserSignup, u3: UserSignup, u4: UserSignup;
const world: World = { providerReferrer: new Map(), userReferrer: new Map(), providers: [], users: [], requests: [] };

beforeAll(async () => {
  stack = await Stack.start();
  site = await startTestSite();
  stack.defer(() => site.close());
  const api = stack.api;
  // Both ways of joining a chain: a code at signup, and applying one afterwards.
  r1 = await api.signupProvider(undefined, IP);
  r2 = await api.signupProvider(r1.providerId, IP);
  r3 = await api.signupProvider(undefined, IP);
  await api.applyProviderReferral(r3, r2.providerId);
  blueAcct = await api.signupProvider(r3.providerId, IP);
  oceanAcct = await api.signupProvider(undefined, IP);
  await api.applyProviderReferral(oceanAcct, blueAcct.providerId);
  u1 = await api.signupUser(undefined, IP);
  u2 = await api.signupUser(u1.userId, IP);
  u3 = await api.signupUser(undefined, IP);
  await api.applyUserReferral(u3, u2.userId);
  u4 = await api.signupUser(u3.userId, IP);
  world.providers.push(...[r1, r2, r3, blueAcct, oceanAcct].map((p) => p.providerId));
  world.users.push(...[u1, u2, u3, u4].map((u) => u.userId));
  world.providerReferrer.set(r2.providerId, r1.providerId).set(r3.providerId, r2.providerId).set(blueAcct.providerId, r3.providerId).set(oceanAcct.providerId, blueAcct.providerId);
  world.userReferrer.set(u2.userId, u1.userId).set(u3.userId, u2.userId).set(u4.userId, u3.userId);

  // Two tiers: Blue Surge (6 GB) serving chat, Open Ocean (16 GB) serving every service.
  blue = await stack.addProvider(blueAcct, { vramGb: 6, services: ["chat"], models: [LLM] });
  ocean = await stack.addProvider(oceanAcct, { vramGb: 16, services: ["chat", "embeddings", "tts", "scrape"], models: [LLM, EMBED] });
});

afterAll(async () => {
  await stack?.close();
});

const client = (u: UserSignup) => new OpenAI({ baseURL: `${stack.orch.url}/v1`, apiKey: u.apiKey, maxRetries: 0, timeout: 30_000 });

/** Which node's Ollama received a chat turn with this unique content: exactly one must have. */
function servedBy(content: string): RunningProvider {
  const holders = [blue, ocean].filter((p) => chatBodies(p.ollama).some((m) => m === content));
  expect(holders, `exactly one node served "${content}"`).toHaveLength(1);
  const [p] = holders;
  if (!p) throw new Error("unreachable");
  return p;
}

const ChatBody = z.object({ messages: z.array(z.object({ role: z.string(), content: z.string() })) });
function chatBodies(o: FakeOllama): string[] {
  return o.requests.filter((r) => r.path === "/v1/chat/completions").map((r) => ChatBody.safeParse(r.body).data?.messages.at(-1)?.content ?? "");
}

const tierOf = (p: RunningProvider): Tier => (p.spec.vramGb >= 8 ? "open-ocean" : "blue-surge");

function record(r: Omit<ServedRequest, "providerId" | "nodeTier">, p: RunningProvider): void {
  world.requests.push({ ...r, providerId: p.account.providerId, nodeTier: tierOf(p) });
}

describe("end to end: orchestrator, two provider CLIs of different tiers, the openai client", () => {
  it("self-check: the suite's calculator reproduces the seed's worked examples", () => {
    // 0.375 (70B, Mariana Depth, 1000 tokens), 0.045 (7B, Blue Surge), 0.02625 (embeddings, Open Ocean 1.5×); no performance adjustment.
    expect(formatNano(computeReward({ nodeTier: "mariana-depth", model: "llama3:70b", service: "chat", tokens: 1000, perf: 100n }))).toBe("0.375000000");
    expect(formatNano(computeReward({ nodeTier: "blue-surge", model: LLM, service: "chat", tokens: 1000, perf: 100n }))).toBe("0.045000000");
    expect(formatNano(computeReward({ nodeTier: "open-ocean", model: EMBED, service: "embeddings", tokens: 500, perf: 100n }))).toBe("0.026250000");
    expect(formatNano(userPoints("chat", 1000))).toBe("2.000000000");
    expect(nano("0.375")).toBe(375_000_000n);
  });

  it("lists the live models", async () => {
    const ids = [];
    for await (const m of client(u4).models.list()) ids.push(m.id);
    expect(ids).toEqual(expect.arrayContaining([LLM, EMBED]));
  });

  it("serves non-streamed chat on both tiers", async () => {
    // Both tiers must serve: keep asking (bounded) until the picker has used each node at least once.
    const bothServed = () => new Set(world.requests.map((r) => r.providerId)).size === 2;
    for (const [u, n] of [[u4, 8], [u3, 3], [u4, 30]] as const) {
      for (let i = 0; i < n && !(n === 30 && bothServed()); i++) {
        const content = `non-streamed question ${u.userId.slice(-6)} ${n} number ${i} ${"word ".repeat((i % 8) * 7)}`.trim();
        const t0 = performance.now();
        const r = await client(u).chat.completions.create({ model: LLM, messages: [{ role: "system", content: "be brief" }, { role: "user", content }] });
        const clientMs = performance.now() - t0;
        const reply = r.choices[0]?.message.content ?? "";
        expect(reply).toBe(fakeReply([{ role: "user", content }]));
        const claimed = r.usage ? r.usage.prompt_tokens + r.usage.completion_tokens : null;
        expect(claimed).not.toBeNull();
        const counted = edgeChatPrompt([{ content: "be brief" }, { content }]) + edgeTokens(reply);
        record({ label: `chat ${i}`, userId: u.userId, service: "chat", model: LLM, tokens: billedTokens(counted, claimed), clientMs }, servedBy(content));
      }
    }
    expect(bothServed()).toBe(true);
  });

  it("streams chat, with and without include_usage", async () => {
    for (let i = 0; i < 4; i++) {
      const content = `streamed question ${i} with a few more words ${"x".repeat(i * 11)}`;
      const withUsage = i % 2 === 0;
      const t0 = performance.now();
      const stream = await client(u4).chat.completions.create({ model: LLM, messages: [{ role: "user", content }], stream: true, ...(withUsage ? { stream_options: { include_usage: true } } : {}) });
      let text = "";
      let usage: { prompt_tokens: number; completion_tokens: number } | null = null;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta?.content ?? "";
        if (chunk.usage) usage = chunk.usage;
      }
      const clientMs = performance.now() - t0;
      expect(text).toBe(fakeReply([{ role: "user", content }]));
      expect(usage === null).toBe(!withUsage);
      const counted = edgeChatPrompt([{ content }]) + edgeTokens(text);
      const claimed = usage ? usage.prompt_tokens + usage.completion_tokens : null;
      record({ label: `stream ${i}`, userId: u4.userId, service: "chat", model: LLM, tokens: billedTokens(counted, claimed), clientMs }, servedBy(content));
    }
  });

  it("embeds a string and an array (base64 by default in the openai client)", async () => {
    for (const input of ["a single sentence to embed", ["first of two", "the second input, somewhat longer than the first"]]) {
      const t0 = performance.now();
      const r = await client(u4).embeddings.create({ model: EMBED, input });
      const clientMs = performance.now() - t0;
      const inputs = typeof input === "string" ? [input] : input;
      expect(r.data).toHaveLength(inputs.length);
      r.data.forEach((d, i) => {
        const want = fakeEmbedding(inputs[i] ?? "");
        d.embedding.forEach((v, j) => expect(v).toBeCloseTo(want[j] ?? NaN, 5));
      });
      const counted = inputs.reduce((n, s) => n + edgeTokens(s), 0);
      record({ label: "embed", userId: u4.userId, service: "embeddings", model: EMBED, tokens: billedTokens(counted, r.usage.prompt_tokens), clientMs }, ocean);
    }
  });

  it("speaks through client.audio.speech.create and /v1/tts", async () => {
    let t0 = performance.now();
    const speech = await client(u4).audio.speech.create({ model: "tts-1", voice: "alloy", input: "Hello from the end to end suite." });
    const wav = Buffer.from(await speech.arrayBuffer());
    record({ label: "speech", userId: u4.userId, service: "tts", model: "espeak-ng", tokens: 0, clientMs: performance.now() - t0 }, ocean);
    expect(wav.subarray(0, 4).toString("latin1")).toBe("RIFF");
    expect(wav.length).toBeGreaterThan(1000);

    t0 = performance.now();
    const res = await fetch(`${stack.orch.url}/v1/tts`, { method: "POST", headers: { authorization: `Bearer ${u3.apiKey}`, "content-type": "application/json" }, body: JSON.stringify({ text: "Second voice line." }) });
    const bytes = Buffer.from(await res.arrayBuffer());
    record({ label: "tts", userId: u3.userId, service: "tts", model: "espeak-ng", tokens: 0, clientMs: performance.now() - t0 }, ocean);
    expect(res.status).toBe(200);
    expect(bytes.subarray(0, 4).toString("latin1")).toBe("RIFF");
  });

  it("scrapes a local test site through /v1/scrape", async () => {
    const t0 = performance.now();
    const res = await fetch(`${stack.orch.url}/v1/scrape`, {
      method: "POST",
      headers: { authorization: `Bearer ${u4.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ urls: [`${site.url}/alpha`, `${site.url}/missing`], format: "markdown" }),
    });
    const text = await res.text();
    record({ label: "scrape", userId: u4.userId, service: "scrape", model: "scrape", tokens: 0, clientMs: performance.now() - t0 }, ocean);
    expect(res.status, text).toBe(200);
    const body = z.object({ results: z.array(z.object({ url: z.string(), status: z.number().optional(), title: z.string().optional(), content: z.string().optional(), error: z.string().optional() })) }).parse(JSON.parse(text));
    expect(body.results[0]).toMatchObject({ url: `${site.url}/alpha`, status: 200, title: "Page alpha" });
    expect(body.results[0]?.content).toContain("The unique sentence of alpha.");
    expect(body.results[1]?.url).toBe(`${site.url}/missing`);
    expect(site.hits).toEqual(expect.arrayContaining(["/alpha", "/missing"]));
  });

  it("serves and credits a second named key, and refuses it as soon as it is revoked", async () => {
    const { id, key } = await stack.api.createKeyWithId(u3, "second key");
    const content = "asked with the second key";
    const t0 = performance.now();
    const second = new OpenAI({ baseURL: `${stack.orch.url}/v1`, apiKey: key, maxRetries: 0, timeout: 30_000 });
    const r = await second.chat.completions.create({ model: LLM, messages: [{ role: "user", content }] });
    const reply = r.choices[0]?.message.content ?? "";
    expect(reply).toBe(fakeReply([{ role: "user", content }]));
    const claimed = r.usage ? r.usage.prompt_tokens + r.usage.completion_tokens : null;
    // Credited to the key's owner: the figure check below counts it for u3 (and u3's referrers).
    record({ label: "second key", userId: u3.userId, service: "chat", model: LLM, tokens: billedTokens(edgeChatPrompt([{ content }]) + edgeTokens(reply), claimed), clientMs: performance.now() - t0 }, servedBy(content));

    expect((await stack.api.revokeKey(u3, id)).revokedAt).not.toBe("");
    // At once, though the key was just seen (and cached) on the hot path; nothing more is credited.
    await expect(second.chat.completions.create({ model: LLM, messages: [{ role: "user", content: "after revocation" }] })).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    expect(chatBodies(blue.ollama).concat(chatBodies(ocean.ollama))).not.toContain("after revocation");
  });

  it("answers errors in the OpenAI shape through the client", async () => {
    const bad = new OpenAI({ baseURL: `${stack.orch.url}/v1`, apiKey: "cx_not_a_real_key", maxRetries: 0 });
    await expect(bad.chat.completions.create({ model: LLM, messages: [{ role: "user", content: "hi" }] })).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    const res = await fetch(`${stack.orch.url}/v1/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${u4.apiKey}`, "content-type": "application/json" }, body: JSON.stringify({ model: "no-such-model:1b", messages: [{ role: "user", content: "hi" }] }) });
    expect([404, 503]).toContain(res.status);
    OpenAiError.parse(await res.json());
  });

  it("refuses a second referrer, a cycle, self-referral, the other account type and someone else's account", async () => {
    // Each refusal must leave the chains intact: the figure check below compares referrers, networks and bonuses.
    const api = stack.api;
    const providerRoute = (p: ProviderSignup) => `/api/providers/${p.providerId}/referral`;
    const userRoute = (u: UserSignup) => `/api/user/${u.userId}/referral`;
    const cases = [
      { what: "second referrer", path: providerRoute(r2), token: r2.providerSecret, code: r3.providerId, status: 409, error: "referral_already_set" },
      { what: "cycle through five levels", path: providerRoute(r1), token: r1.providerSecret, code: oceanAcct.providerId, status: 409, error: "referral_cycle" },
      { what: "self", path: userRoute(u1), token: u1.apiKey, code: u1.userId, status: 400, error: "referral_self" },
      { what: "provider code for a user", path: userRoute(u1), token: u1.apiKey, code: r1.providerId, status: 400, error: "referral_wrong_type" },
      { what: "unknown code", path: userRoute(u1), token: u1.apiKey, code: `usr_${"A".repeat(20)}`, status: 404, error: "referral_code_not_found" },
    ];
    for (const c of cases) {
      const r = await api.refused(c.path, { token: c.token, body: { referralCode: c.code } });
      expect({ what: c.what, status: r.status, code: r.error.code }).toEqual({ what: c.what, status: c.status, code: c.error });
    }
    // Another user's key on u1's account: refused before anything is applied.
    const foreign = await api.refused(userRoute(u1), { token: u4.apiKey, body: { referralCode: u2.userId } });
    expect([401, 403]).toContain(foreign.status);
  });

  it("credits every figure of every account exactly as the seed's tables say, and reconciles", async () => {
    const api = stack.api;
    const n = world.requests.length;
    await pollUntil(async () => ((await api.reconcile(stack.orch.adminToken)).network.requestsCredited >= n ? true : undefined), { timeoutMs: 30_000, what: `${n} requests credited` });
    const actual = new Map<string, Figures>();
    for (const p of [r1, r2, r3, blueAcct, oceanAcct]) actual.set(p.providerId, providerFigures(await api.providerStats(p)));
    for (const u of [u1, u2, u3, u4]) actual.set(u.userId, userFigures(await api.userStats(u)));

    const verdict = matchFigures(world, actual);
    if (!verdict.ok) expect(sortKeys(Object.fromEntries(actual))).toEqual(sortKeys(Object.fromEntries(verdict.expected)));
    expect(verdict.ok).toBe(true);

    // Spot checks that the world is as rich as intended: three-level chains on both sides, both tiers paid.
    expect(actual.get(r1.providerId)?.network).toEqual([1, 1, 1]);
    expect(actual.get(u1.userId)?.network).toEqual([1, 1, 1]);
    expect(Object.keys(actual.get(oceanAcct.providerId)?.byTier ?? {})).toEqual(["open-ocean"]);
    expect(Object.keys(actual.get(blueAcct.providerId)?.byTier ?? {})).toEqual(["blue-surge"]);
    expect(actual.get(r1.providerId)?.rewardsByLevel[2]).not.toBe("0.000000000");

    const rec = await api.reconcile(stack.orch.adminToken);
    expect(rec.checks.filter((c) => !c.ok)).toEqual([]);
    expect(rec.ok).toBe(true);
    expect(rec.network).toMatchObject({ users: 4, providers: 5, requestsCredited: n });
  });
});
