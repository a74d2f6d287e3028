import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { call, json, signupProvider, signupUser } from "../test-support";
import { deliver, totalsOf, usageEvent } from "../test-support/rewards";
import { reconcile } from "../rewards/reconcile";

describe("usage queue consumer", () => {
  it("credits the seed's examples exactly, with the referral chain on both sides", async () => {
    const p1 = await signupProvider();
    const p2 = await signupProvider(p1.providerId);
    const p3 = await signupProvider(p2.providerId);
    const provider = await signupProvider(p3.providerId);
    const u1 = await signupUser();
    const u2 = await signupUser(u1.userId);
    const u3 = await signupUser(u2.userId);
    const user = await signupUser(u3.userId);
    const e = usageEvent({ userId: user.userId, providerId: provider.providerId, model: "llama3:70b", tier: "mariana-depth", promptTokens: 300, completionTokens: 700 });
    const result = await deliver([e]);
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toHaveLength(0);

    const ps = await json<{ totals: Record<string, string>; byModel: { model: string; amount: string }[]; byTier: { tier: string; amount: string }[] }>(
      await call(`/api/providers/${provider.providerId}/referral-stats`, { token: provider.providerSecret }),
    );
    expect(ps.totals.compute).toBe("0.375000000");
    expect(ps.byModel).toEqual([{ model: "llama3:70b", amount: "0.375000000" }]);
    expect(ps.byTier).toEqual([{ tier: "mariana-depth", amount: "0.375000000" }]);
    const chain = await Promise.all([p3, p2, p1].map(async (p) => (await json<{ totals: { referral: string } }>(await call(`/api/providers/${p.providerId}/referral-stats`, { token: p.providerSecret }))).totals.referral));
    expect(chain).toEqual(["0.037500000", "0.018750000", "0.009375000"]);
    const us = await json<{ totals: Record<string, string> }>(await call(`/api/user/${user.userId}/referral-stats`, { token: user.apiKey }));
    expect(us.totals.usage).toBe("2.000000000");
    const userChain = await Promise.all([u3, u2, u1].map(async (u) => (await totalsOf(u.userId)).referral_l1 ?? (await totalsOf(u.userId)).referral_l2 ?? (await totalsOf(u.userId)).referral_l3));
    expect(userChain).toEqual(["300000000", "160000000", "80000000"]);
  });

  it("redelivery and a crash between write and ack never double a credit", async () => {
    const provider = await signupProvider();
    const user = await signupUser();
    const events = [1, 2, 3].map(() => usageEvent({ userId: user.userId, providerId: provider.providerId }));
    await deliver(events);
    const before = await totalsOf(provider.providerId);
    // The acks were "lost": the whole batch comes again, twice, reordered.
    await deliver([...events].reverse());
    await deliver([events[1], events[0], events[2], events[1]]);
    expect(await totalsOf(provider.providerId)).toEqual(before);
    expect(before.compute).toBe(String(3 * 45_000_000));
    expect((await reconcile(env.DB)).ok).toBe(true);
  });

  it("a redelivery after the earner applied a referral code pays the new referrer nothing for old work", async () => {
    const referrer = await signupProvider();
    const provider = await signupProvider();
    const user = await signupUser();
    const old = usageEvent({ userId: user.userId, providerId: provider.providerId });
    await deliver([old]);
    const applied = await call(`/api/providers/${provider.providerId}/referral`, { body: { referralCode: referrer.providerId }, token: provider.providerSecret });
    expect(applied.status).toBe(200);
    await deliver([old, old]);
    expect(await totalsOf(referrer.providerId)).toEqual({ direct_bonus: "50000000000" });
    const fresh = usageEvent({ userId: user.userId, providerId: provider.providerId });
    await deliver([fresh, old, fresh]);
    // 10% of 0.045, for the one request served after the link existed.
    expect(await totalsOf(referrer.providerId)).toEqual({ direct_bonus: "50000000000", referral_l1: "4500000" });
    expect((await reconcile(env.DB)).ok).toBe(true);
  });

  it("retries the whole batch when the ledger write fails, and a later delivery credits it once", async () => {
    const provider = await signupProvider();
    const user = await signupUser();
    const events = [usageEvent({ userId: user.userId, providerId: provider.providerId }), usageEvent({ userId: user.userId, providerId: provider.providerId })];
    // A real D1 error inside the write transaction (an outage mid-delivery): the trigger aborts the insert.
    await env.DB.exec("CREATE TRIGGER ledger_outage BEFORE INSERT ON ledger_entries BEGIN SELECT RAISE(ABORT, 'simulated outage'); END;");
    let outcome;
    try {
      outcome = await deliver(events);
    } finally {
      await env.DB.exec("DROP TRIGGER ledger_outage");
    }
    expect(outcome.retryMessages).toHaveLength(2);
    expect(outcome.explicitAcks).toHaveLength(0);
    expect(await totalsOf(provider.providerId)).toEqual({});
    await deliver(events);
    await deliver(events);
    expect(await totalsOf(provider.providerId)).toEqual({ compute: String(2 * 45_000_000) });
  });

  it("sends poison messages to the dead-letter queue and acks them; good ones in the batch still count", async () => {
    const provider = await signupProvider();
    const user = await signupUser();
    const good = usageEvent({ userId: user.userId, providerId: provider.providerId, service: "scrape", model: "scrape", tier: "tide-pool", promptTokens: 0, completionTokens: 0 });
    const result = await deliver([{ v: 1, requestId: "bad" }, "not json at all", good, usageEvent({ userId: user.userId, providerId: provider.providerId, at: Date.now() - 40 * 86400_000 })]);
    expect(result.explicitAcks).toHaveLength(4);
    expect(result.retryMessages).toHaveLength(0);
    // Scrape: 0.005 × 0.2 × 1.0 = 0.001 at Tide Pool rates; the user gets 0.2.
    expect(await totalsOf(provider.providerId)).toEqual({ compute: "1000000" });
    expect(await totalsOf(user.userId)).toEqual({ usage: "200000000" });
  });

  it("applies performance bonus and penalty from edge latency", async () => {
    const provider = await signupProvider();
    const user = await signupUser();
    await deliver([
      usageEvent({ userId: user.userId, providerId: provider.providerId, latencyMs: 800 }),
      usageEvent({ userId: user.userId, providerId: provider.providerId, latencyMs: 12_000 }),
    ]);
    // 0.045 × 1.10 + 0.045 × 0.90 = 0.0495 + 0.0405
    expect((await totalsOf(provider.providerId)).compute).toBe("90000000");
  });
});
