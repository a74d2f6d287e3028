import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { computeReward, catalogModel, modelComplexity, referralShare, userPoints, formatPoints } from "@cxmpute/protocol";
import { call, json, signupProvider, signupUser } from "../test-support";
import { deliver, usageEvent } from "../test-support/rewards";
import { reconcile } from "./reconcile";

/**
 * Random referral graphs built through the real API: random application attempts (valid, self,
 * cycle-closing, second referrer, wrong type, unknown) are checked against a tiny reference model,
 * then one usage event per account pair runs through the consumer and every account's referral
 * income and network counts are compared with what the model's chains predict.
 */

type Kind = "user" | "provider";
interface Account { id: string; token: string }

const attempt = fc.record({
  side: fc.constantFrom<Kind>("user", "provider"),
  from: fc.nat(),
  to: fc.nat(),
  code: fc.constantFrom("own", "own", "own", "own", "cross", "unknown"),
});
const scenario = fc.record({
  users: fc.integer({ min: 2, max: 6 }),
  providers: fc.integer({ min: 2, max: 6 }),
  attempts: fc.array(attempt, { minLength: 1, maxLength: 14 }),
  tokens: fc.array(fc.nat({ max: 5000 }), { minLength: 6, maxLength: 6 }),
});

/** What the API must answer, in the order it checks: shape/type, self, existence, already set, cycle. */
function expected(referrer: Map<string, string>, me: string, code: string, kind: "own" | "cross" | "unknown"): { status: number; code?: string } {
  if (kind === "cross") return { status: 400, code: "referral_wrong_type" };
  if (code === me) return { status: 400, code: "referral_self" };
  if (kind === "unknown") return { status: 404, code: "referral_code_not_found" };
  if (referrer.has(me)) return { status: 409, code: "referral_already_set" };
  for (let x: string | undefined = code; x; x = referrer.get(x)) if (x === me) return { status: 409, code: "referral_cycle" };
  return { status: 200 };
}

function chainOf(referrer: Map<string, string>, id: string): string[] {
  const out: string[] = [];
  for (let x = referrer.get(id); x && out.length < 3; x = referrer.get(x)) out.push(x);
  return out;
}

const unknownCode = (side: Kind) => (side === "user" ? "usr_" : "prov_") + "Q".repeat(20);

describe("referral graph properties", () => {
  it("random application attempts match the reference model; income follows the model's chains", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const users: Account[] = [];
        for (let i = 0; i < s.users; i++) {
          const u = await signupUser();
          users.push({ id: u.userId, token: u.apiKey });
        }
        const providers: Account[] = [];
        for (let i = 0; i < s.providers; i++) {
          const p = await signupProvider();
          providers.push({ id: p.providerId, token: p.providerSecret });
        }
        const model = { user: new Map<string, string>(), provider: new Map<string, string>() };
        const bonus = new Map<string, bigint>();

        for (const a of s.attempts) {
          const own = a.side === "user" ? users : providers;
          const other = a.side === "user" ? providers : users;
          const me = own[a.from % own.length];
          if (!me) continue;
          const code = a.code === "own" ? own[a.to % own.length]?.id ?? "" : a.code === "cross" ? other[a.to % other.length]?.id ?? "" : unknownCode(a.side);
          const want = expected(model[a.side], me.id, code, a.code);
          const path = a.side === "user" ? `/api/user/${me.id}/referral` : `/api/providers/${me.id}/referral`;
          const res = await call(path, { body: { referralCode: code }, token: me.token });
          const body = await json<{ error?: { code?: string; message?: string } }>(res);
          expect({ status: res.status, code: body.error?.code }).toEqual({ status: want.status, code: want.code });
          if (want.status === 200) {
            model[a.side].set(me.id, code);
            bonus.set(code, (bonus.get(code) ?? 0n) + (a.side === "user" ? 25n : 50n) * 1_000_000_000n);
          } else {
            expect(body.error?.message?.length ?? 0).toBeGreaterThan(10);
          }
        }

        // One event per (user, provider) pair position, with random tokens and models of each tier.
        const models = [["llama3:70b", "mariana-depth"], ["llama3:8b", "blue-surge"], ["gemma:2b", "open-ocean"]] as const;
        const events = Array.from({ length: Math.max(users.length, providers.length) }, (_, i) => {
          const [m, tier] = models[i % models.length] ?? models[0];
          const tokens = s.tokens[i % s.tokens.length] ?? 0;
          return usageEvent({ userId: users[i % users.length]?.id ?? "", providerId: providers[i % providers.length]?.id ?? "", model: m, tier, promptTokens: tokens, completionTokens: 0, latencyMs: 3000 });
        });
        await deliver(events);

        const income = new Map<string, bigint>();
        const add = (id: string, v: bigint) => income.set(id, (income.get(id) ?? 0n) + v);
        for (const e of events) {
          const compute = computeReward({ nodeTier: e.tier, modelTier: catalogModel(e.model)?.tier ?? null, service: e.service, complexity: modelComplexity(e.model), tokens: e.promptTokens, latencyMs: e.latencyMs });
          const usage = userPoints(e.service, e.promptTokens);
          chainOf(model.provider, e.providerId).forEach((r, i) => add(r, referralShare("provider", (i + 1) as 1 | 2 | 3, compute)));
          chainOf(model.user, e.userId).forEach((r, i) => add(r, referralShare("user", (i + 1) as 1 | 2 | 3, usage)));
        }

        for (const [side, accounts] of [["user", users], ["provider", providers]] as const) {
          for (const a of accounts) {
            const stored = await env.DB.prepare(`SELECT referrer_id AS r FROM ${side === "user" ? "users" : "providers"} WHERE id = ?1`).bind(a.id).first<{ r: string | null }>();
            expect(stored?.r ?? null).toBe(model[side].get(a.id) ?? null);
            const stats = await json<{ referrer: string | null; totals: { referral: string; directBonus: string }; network: Record<string, number> }>(
              await call(side === "user" ? `/api/user/${a.id}/referral-stats` : `/api/providers/${a.id}/referral-stats`, { token: a.token }),
            );
            const level = (n: number) => accounts.filter((x) => chainOf(model[side], x.id)[n - 1] === a.id).length;
            expect(stats.network).toEqual({ level1: level(1), level2: level(2), level3: level(3) });
            expect(stats.referrer).toBe(model[side].get(a.id) ?? null);
            expect(stats.totals.directBonus).toBe(formatPoints(bonus.get(a.id) ?? 0n));
            expect(stats.totals.referral).toBe(formatPoints(income.get(a.id) ?? 0n));
          }
        }
      }),
      { numRuns: 30, seed: 20261124 },
    );
    const r = await reconcile(env.DB);
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
  });
});
