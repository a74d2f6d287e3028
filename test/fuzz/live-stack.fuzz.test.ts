import fc from "fast-check";
import { z } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OpenAiError, type ProviderSignup, type UserSignup } from "../e2e/support/api.js";
import { runBounded } from "../e2e/support/load.js";
import { Stack } from "../e2e/support/stack.js";
import { startTestSite, type TestSite } from "../e2e/support/test-site.js";
import { OPENAI_ROUTES } from "../fixtures/fuzz/routes";

/**
 * Generated requests against the live stack (wrangler dev + a real provider CLI + fake Ollama),
 * so bodies that pass validation really travel to a node and back. Invariants: no status ≥ 500
 * except an OpenAI-shaped 502/503, and every error body in the OpenAI shape.
 */
const SEED = Number(process.env.CX_FUZZ_SEED ?? 7_2026);
const ROUNDS = Number(process.env.CX_FUZZ_ROUNDS ?? 2500);
const LLM = "llama3:8b";
const EMBED = "qwen3-embedding:8b";

let stack: Stack;
let site: TestSite;
let user: UserSignup;
let provider: ProviderSignup;
let keys: string[];

beforeAll(async () => {
  stack = await Stack.start();
  site = await startTestSite();
  stack.defer(() => site.close());
  provider = await stack.api.signupProvider(undefined, "10.60.0.1");
  await stack.addProvider(provider, { vramGb: 16, services: ["chat", "embeddings", "tts", "scrape"], models: [LLM, EMBED], capacity: 16 });
  user = await stack.api.signupUser(undefined, "10.60.0.2");
  keys = [user.apiKey];
  for (let i = 0; i < 7; i++) keys.push(await stack.api.createKey(user, `fuzz-${i}`));
});

afterAll(async () => {
  await stack?.close();
});

const OpenApi = z.object({ paths: z.record(z.string(), z.record(z.string(), z.unknown())) });

// Scrape URLs stay on loopback (the test site, or a closed port): the fuzz must never reach out.
const scrapeUrl = (base: string) => fc.oneof(fc.constantFrom(`${base}/a`, `${base}/missing`, "http://127.0.0.1:1/closed"), fc.string(), fc.constant("ftp://127.0.0.1/x"));
const text = fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: "grapheme", maxLength: 30 }), fc.constant(""), fc.constant("x".repeat(5000)));
const wild = fc.oneof(fc.jsonValue({ maxDepth: 3 }), text, fc.integer(), fc.constant(null), fc.constant(-1), fc.double());

/** Near-valid bodies per route: right fields with random values, plus random extras. */
function nearValid(base: string) {
  const message = fc.record({ role: fc.oneof(fc.constantFrom("user", "system", "assistant", "tool"), text), content: fc.oneof(text, wild) }, { requiredKeys: [] });
  return fc.oneof(
    fc.record({ model: fc.oneof(fc.constantFrom(LLM, EMBED, "nope:1b"), wild), messages: fc.oneof(fc.array(message, { maxLength: 4 }), wild), stream: fc.oneof(fc.boolean(), wild), stream_options: fc.oneof(fc.record({ include_usage: fc.oneof(fc.boolean(), wild) }), wild), max_tokens: wild, temperature: wild }, { requiredKeys: ["model", "messages"] }),
    fc.record({ model: fc.oneof(fc.constantFrom(EMBED, LLM), wild), input: fc.oneof(text, fc.array(text, { maxLength: 4 }), fc.array(fc.integer(), { maxLength: 4 }), wild), encoding_format: fc.oneof(fc.constantFrom("float", "base64"), wild) }, { requiredKeys: ["model", "input"] }),
    fc.record({ model: fc.oneof(fc.constant("tts-1"), wild), input: fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), wild), voice: fc.oneof(fc.constant("alloy"), wild), response_format: fc.oneof(fc.constantFrom("wav", "mp3", "flac"), wild), speed: wild }, { requiredKeys: ["input"] }),
    fc.record({ text: fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), wild), voice: wild }, { requiredKeys: ["text"] }),
    fc.record({ urls: fc.oneof(fc.array(scrapeUrl(base), { maxLength: 3 }), wild), format: fc.oneof(fc.constantFrom("markdown", "html", "text"), wild) }, { requiredKeys: ["urls"] }),
    fc.record({ referralCode: fc.oneof(fc.constantFrom(user.userId, provider.providerId, "usr_x", "prov_x"), wild), name: text, revenue: wild }, { requiredKeys: [] }),
  );
}

interface Case {
  route: number;
  idChoice: number;
  randomId: string;
  auth: number;
  contentType: number;
  body: { kind: "json"; value: unknown } | { kind: "raw"; value: string } | { kind: "none" };
}

describe("live-stack fuzz", () => {
  it(`${ROUNDS} generated requests over every route: no 500s, OpenAI-shaped errors (seed ${SEED})`, async () => {
    const spec = OpenApi.parse(await (await fetch(`${stack.orch.url}/openapi.json`)).json());
    const routes: [string, string][] = [...OPENAI_ROUTES];
    for (const [path, ops] of Object.entries(spec.paths)) for (const m of Object.keys(ops)) if (!routes.some(([rm, rp]) => rm === m && rp === path)) routes.push([m, path]);
    expect(routes.length).toBeGreaterThan(15);

    const caseArb: fc.Arbitrary<Case> = fc.record({
      route: fc.nat(routes.length - 1),
      idChoice: fc.nat(3),
      randomId: fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom("usr_AAAAAAAAAAAAAAAAAAAA", "prov_AAAAAAAAAAAAAAAAAAAA", "node_3_x", "2026-11", "..", "%00", "a/b")),
      auth: fc.nat(7),
      contentType: fc.nat(5),
      body: fc.oneof(
        { weight: 5, arbitrary: nearValid(site.url).map((value) => ({ kind: "json" as const, value })) },
        { weight: 2, arbitrary: wild.map((value) => ({ kind: "json" as const, value })) },
        { weight: 1, arbitrary: fc.oneof(fc.string(), fc.constantFrom("{", "[1,", '{"model":', "\u0000", "null", "{}".repeat(2000))).map((value) => ({ kind: "raw" as const, value })) },
        { weight: 1, arbitrary: fc.constant({ kind: "none" as const }) },
      ),
    });
    const cases = fc.sample(caseArb, { numRuns: ROUNDS, seed: SEED });

    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const { skipped } = await runBounded(cases.length, 6, 240_000, async (i) => {
      const c = cases[i];
      if (!c) return;
      const [method, template] = routes[c.route] ?? ["get", "/health"];
      // Real ids sometimes (so owner auth passes and handlers run), never for destructive admin or DELETE calls.
      const destructive = method === "delete" || (template.startsWith("/api/admin/") && method !== "get");
      const path = template.replace(/\{(\w+)\}/g, (_m, name: string) => {
        const real = name === "userId" ? user.userId : name === "providerId" ? provider.providerId : null;
        return encodeURIComponent(real && !destructive && c.idChoice > 0 ? real : c.randomId);
      });
      // Half the time the credential the route expects, otherwise a wrong, missing or garbage one.
      const fitting = template.startsWith("/api/providers") ? provider.providerSecret : template.startsWith("/api/admin") ? (destructive ? undefined : stack.orch.adminToken) : keys[i % keys.length];
      const tokens = [fitting, fitting, fitting, keys[i % keys.length], provider.providerSecret, "cx_garbage", undefined, "x".repeat(300)];
      const token = destructive && c.auth === 3 ? undefined : tokens[c.auth];
      const headers: Record<string, string> = {};
      if (token) headers.authorization = `Bearer ${token}`;
      const ct = ["application/json", "application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", ""][c.contentType];
      if (ct) headers["content-type"] = ct;
      const hasBody = method !== "get" && method !== "head";
      const body = !hasBody || c.body.kind === "none" ? undefined : c.body.kind === "raw" ? c.body.value : JSON.stringify(c.body.value);
      let res: Response;
      try {
        res = await fetch(`${stack.orch.url}${path}`, { method: method.toUpperCase(), headers, body, signal: AbortSignal.timeout(30_000) });
      } catch (err) {
        failures.push(`${method} ${path}: no answer (${String(err)})`);
        return;
      }
      const text = await res.text().catch((err: unknown) => `<<body error ${String(err)}>>`);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const what = `${method.toUpperCase()} ${path} [${res.status}] body=${(body ?? "").slice(0, 120)} → ${text.slice(0, 200)}`;
      if (res.status >= 500 && res.status !== 502 && res.status !== 503) failures.push(`server error: ${what}`);
      if (res.status >= 400 && method !== "head") {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = null;
        }
        if (!OpenAiError.safeParse(parsed).success) failures.push(`not OpenAI-shaped: ${what}`);
      }
      if (/^\s+at .+:\d+/m.test(text)) failures.push(`stack trace leaked: ${what}`);
    });
    console.log(`fuzz statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
    expect(skipped).toBe(0);
    expect(failures.slice(0, 10)).toEqual([]);
    // The generator must actually reach the nodes, not only bounce off validation.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(ROUNDS / 20);
  });
});
