import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { insertAccounts, deliver, usageEvent } from "../test-support/rewards";
import { reconcile } from "./reconcile";
import type { UsageEvent } from "../usage/usage-event";

const MODELS = [
  { model: "llama3:70b", service: "chat" as const },
  { model: "llama3:8b", service: "chat" as const },
  { model: "gemma:2b", service: "chat" as const },
  { model: "qwen3-embedding:8b", service: "embeddings" as const },
  { model: "espeak-ng", service: "tts" as const },
  { model: "scrape", service: "scrape" as const },
  { model: "some-unknown:1b", service: "chat" as const },
];
const TIERS = ["basic", "tide-pool", "blue-surge", "open-ocean", "mariana-depth"] as const;

const scenario = fc.record({
  userParents: fc.array(fc.option(fc.nat(), { nil: null }), { minLength: 1, maxLength: 8 }),
  providerParents: fc.array(fc.option(fc.nat(), { nil: null }), { minLength: 1, maxLength: 6 }),
  events: fc.array(
    fc.record({ u: fc.nat(), p: fc.nat(), m: fc.nat({ max: MODELS.length - 1 }), t: fc.nat({ max: 4 }), tokens: fc.nat({ max: 50_000 }), latency: fc.integer({ min: 50, max: 15_000 }) }),
    { minLength: 1, maxLength: 20 },
  ),
  copies: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 20, maxLength: 20 }),
  seed: fc.integer(),
  batchSize: fc.integer({ min: 1, max: 12 }),
});

let run = 0;

/** Accounts of one run: a referral forest (each account's referrer is an earlier one, so no cycles). */
function ids(prefix: string, kind: "usr" | "prov", n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${kind}_${`${prefix}${run}x${i}`.padEnd(20, "0").slice(0, 20)}`);
}

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

async function setUp(prefix: string, s: Scenario) {
  const users = ids(prefix, "usr", s.userParents.length);
  const providers = ids(prefix, "prov", s.providerParents.length);
  await insertAccounts("user", users.map((id, i) => ({ id, referrer: i > 0 && s.userParents[i] !== null ? (users[(s.userParents[i] ?? 0) % i] ?? null) : null })));
  await insertAccounts("provider", providers.map((id, i) => ({ id, referrer: i > 0 && s.providerParents[i] !== null ? (providers[(s.providerParents[i] ?? 0) % i] ?? null) : null })));
  const events: UsageEvent[] = s.events.map((e, k) => {
    const m = MODELS[e.m] ?? MODELS[0];
    return usageEvent({
      requestId: `req_${prefix}${run}_${k}`,
      userId: users[e.u % users.length] ?? "",
      providerId: providers[e.p % providers.length] ?? "",
      model: m?.model ?? "llama3:8b",
      service: m?.service ?? "chat",
      tier: TIERS[e.t] ?? "blue-surge",
      promptTokens: Math.floor(e.tokens / 3),
      completionTokens: e.tokens - Math.floor(e.tokens / 3),
      latencyMs: e.latency,
    });
  });
  return { users, providers, events };
}

async function totals(accounts: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const a of accounts) {
    const rows = await env.DB.prepare(`SELECT kind, CAST(amount AS TEXT) AS amount FROM account_totals WHERE account_id = ?1 ORDER BY kind`).bind(a).all<{ kind: string; amount: string }>();
    out.push(rows.results.map((r) => `${r.kind}=${r.amount}`).join(","));
  }
  return out;
}

function shuffle<T>(xs: T[], seed: number): T[] {
  const a = [...xs];
  let s = seed >>> 0 || 1;
  for (let i = a.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) >>> 0;
    const j = s % (i + 1);
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}

describe("ledger properties", () => {
  it("duplicated, reordered, re-batched delivery credits exactly what single delivery does", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        run++;
        const single = await setUp("A", s);
        const messy = await setUp("B", s);
        await deliver(single.events);
        const copies = messy.events.flatMap((e, i) => Array.from({ length: s.copies[i % s.copies.length] ?? 1 }, () => e));
        const order = shuffle(copies, s.seed);
        for (let i = 0; i < order.length; i += s.batchSize) await deliver(order.slice(i, i + s.batchSize));
        expect(await totals([...messy.users, ...messy.providers])).toEqual(await totals([...single.users, ...single.providers]));
        // Every event produced exactly one compute and one usage credit.
        const credited = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ledger_entries WHERE request_id LIKE ?1 AND kind IN ('compute', 'usage')`).bind(`req_B${run}_%`).first<{ n: number }>();
        expect(credited?.n).toBe(2 * messy.events.length);
      }),
      { numRuns: 30, seed: 424242 },
    );
    const r = await reconcile(env.DB);
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
  });
});
