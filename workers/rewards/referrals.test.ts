import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { call, expectOpenAIError, json, signupProvider, signupUser } from "../test-support";

const apply = (kind: "user" | "provider", id: string, token: string, referralCode: string) =>
  call(kind === "user" ? `/api/user/${id}/referral` : `/api/providers/${id}/referral`, { body: { referralCode }, token });

async function bonusRows(referrer: string): Promise<number> {
  const r = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ledger_entries WHERE account_id = ?1 AND kind = 'direct_bonus'`).bind(referrer).first<{ n: number }>();
  return r?.n ?? 0;
}

describe("referrals", () => {
  it("applies a user code once; the referrer gets 25 points exactly once", async () => {
    const referrer = await signupUser();
    const me = await signupUser();
    const res = await apply("user", me.userId, me.apiKey, referrer.userId);
    expect(res.status).toBe(200);
    const again = await apply("user", me.userId, me.apiKey, referrer.userId);
    expect((await expectOpenAIError(again, 409)).code).toBe("referral_already_set");
    const other = await signupUser();
    await expectOpenAIError(await apply("user", me.userId, me.apiKey, other.userId), 409);
    expect(await bonusRows(referrer.userId)).toBe(1);
    const stats = await json<{ totals: { directBonus: string }; network: { level1: number } }>(await call(`/api/user/${referrer.userId}/referral-stats`, { token: referrer.apiKey }));
    expect(stats.totals.directBonus).toBe("25.000000000");
    expect(stats.network.level1).toBe(1);
  });

  it("racing applications of one or several codes: exactly one wins and one bonus is paid", async () => {
    const me = await signupProvider();
    const codes = await Promise.all([1, 2, 3].map(() => signupProvider()));
    const attempts = [...codes, ...codes].map((c) => apply("provider", me.providerId, me.providerSecret, c.providerId));
    const statuses = (await Promise.all(attempts)).map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(5);
    const bonuses = await Promise.all(codes.map((c) => bonusRows(c.providerId)));
    expect(bonuses.reduce((a, b) => a + b, 0)).toBe(1);
    const row = await env.DB.prepare(`SELECT referrer_id AS r FROM providers WHERE id = ?1`).bind(me.providerId).first<{ r: string }>();
    expect(bonuses[codes.findIndex((c) => c.providerId === row?.r)]).toBe(1);
  });

  it("a provider code pays 50 points, also when given at signup", async () => {
    const referrer = await signupProvider();
    await signupProvider(referrer.providerId);
    const late = await signupProvider();
    expect((await apply("provider", late.providerId, late.providerSecret, referrer.providerId)).status).toBe(200);
    const stats = await json<{ totals: { directBonus: string; total: string }; network: { level1: number } }>(
      await call(`/api/providers/${referrer.providerId}/referral-stats`, { token: referrer.providerSecret }),
    );
    expect(stats.totals.directBonus).toBe("100.000000000");
    expect(stats.network.level1).toBe(2);
    expect(await bonusRows(referrer.providerId)).toBe(2);
  });

  it("refuses self, cycles, cross-type and unknown codes with clear errors and no bonus", async () => {
    const a = await signupUser();
    const b = await signupUser(a.userId);
    const c = await signupUser(b.userId);
    expect((await expectOpenAIError(await apply("user", a.userId, a.apiKey, a.userId), 400)).code).toBe("referral_self");
    // a ← b ← c: a taking c (or b) as referrer would close a loop.
    const cycle = await expectOpenAIError(await apply("user", a.userId, a.apiKey, c.userId), 409);
    expect(cycle.code).toBe("referral_cycle");
    expect(cycle.message).toContain("cycle");
    const prov = await signupProvider();
    expect((await expectOpenAIError(await apply("user", a.userId, a.apiKey, prov.providerId), 400)).code).toBe("referral_wrong_type");
    expect((await expectOpenAIError(await apply("provider", prov.providerId, prov.providerSecret, a.userId), 400)).code).toBe("referral_wrong_type");
    expect((await expectOpenAIError(await apply("user", a.userId, a.apiKey, "usr_ZZZZZZZZZZZZZZZZZZZZ"), 404)).code).toBe("referral_code_not_found");
    // Any well-prefixed code naming no account is unknown, whatever its length; no prefix at all is not a code.
    expect((await expectOpenAIError(await apply("user", a.userId, a.apiKey, "usr_doesnotexist"), 404)).message).toContain("Unknown referral code");
    expect((await expectOpenAIError(await apply("provider", prov.providerId, prov.providerSecret, "prov_nope"), 404)).code).toBe("referral_code_not_found");
    expect((await expectOpenAIError(await apply("provider", prov.providerId, prov.providerSecret, "usr_short"), 400)).code).toBe("referral_wrong_type");
    expect((await expectOpenAIError(await apply("user", a.userId, a.apiKey, "hello"), 400)).code).toBe("invalid_referral_code");
    expect(await bonusRows(c.userId)).toBe(0);
    // The refused attempts left a free to accept a valid code later.
    const d = await signupUser();
    expect((await apply("user", a.userId, a.apiKey, d.userId)).status).toBe(200);
  });

  it("another user's key cannot apply or read someone else's referral", async () => {
    const a = await signupUser();
    const b = await signupUser();
    await expectOpenAIError(await apply("user", a.userId, b.apiKey, b.userId), 403);
    await expectOpenAIError(await call(`/api/user/${a.userId}/referral-stats`, { token: b.apiKey }), 403);
  });
});
