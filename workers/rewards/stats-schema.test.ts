import { describe, expect, it } from "vitest";
import { call, json, signupProvider, signupUser } from "../test-support";
import { deliver, usageEvent } from "../test-support/rewards";
import { ProviderStats, UserStats } from "./stats-schema";

/** The stats documents the dashboard and the provider CLI read satisfy their published schemas exactly. */
describe("referral-stats contract", () => {
  it("user and provider documents parse strictly, amounts as 9-place decimals", async () => {
    const referrer = await signupProvider();
    const provider = await signupProvider(referrer.providerId);
    const user = await signupUser();
    await deliver([usageEvent({ userId: user.userId, providerId: provider.providerId })]);

    const ps = ProviderStats.strict().parse(await json(await call(`/api/providers/${provider.providerId}/referral-stats`, { token: provider.providerSecret })));
    expect(ps.referrer).toBe(referrer.providerId);
    expect(ps.referralCode).toBe(provider.providerId);
    expect(ps.totals).toEqual({ compute: "0.045000000", referral: "0.000000000", directBonus: "0.000000000", total: "0.045000000" });
    expect(ps.today.compute).toBe("0.045000000");

    const rs = ProviderStats.strict().parse(await json(await call(`/api/providers/${referrer.providerId}/referral-stats`, { token: referrer.providerSecret })));
    expect(rs.totals).toEqual({ compute: "0.000000000", referral: "0.004500000", directBonus: "50.000000000", total: "50.004500000" });
    expect(rs.rewardsByLevel).toEqual({ level1: "0.004500000", level2: "0.000000000", level3: "0.000000000" });
    expect(rs.history.at(-1)).toMatchObject({ compute: "0.000000000", referral: "50.004500000" });

    const us = UserStats.strict().parse(await json(await call(`/api/user/${user.userId}/referral-stats`, { token: user.apiKey })));
    expect(us.totals.usage).toBe("2.000000000");
    expect(us.history.at(-1)?.usage).toBe("2.000000000");
    expect("byTier" in us).toBe(false);
  });

  it("the schemas are published in /openapi.json", async () => {
    const doc = await json<{ components: { schemas: Record<string, unknown> } }>(await call("/openapi.json"));
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(["UserReferralStats", "ProviderReferralStats"]));
  });
});
