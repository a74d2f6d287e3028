import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { ADMIN_TOKEN, call, expectOpenAIError, json, signupProvider, signupUser } from "../test-support";
import { deliver, totalsOf, usageEvent } from "../test-support/rewards";
import { parseRevenue, splitRevenue } from "./epochs";
import { reconcile } from "./reconcile";
import { EpochDetail, EpochSummary } from "./admin-schema";
import { rollUp, rollUpIfDue } from "./rollup";

const DAY = 86400_000;

describe("epochs", () => {
  it("largest remainder sums exactly to the revenue", () => {
    const parts = splitRevenue(100n, [{ accountId: "a", points: 1n }, { accountId: "b", points: 1n }, { accountId: "c", points: 1n }]);
    expect(parts.map((p) => p.cents)).toEqual([34n, 33n, 33n]);
    const many = splitRevenue(123_456n, Array.from({ length: 97 }, (_, i) => ({ accountId: `x${i}`, points: BigInt(i * 7919 + 13) })));
    expect(many.reduce((s, p) => s + p.cents, 0n)).toBe(123_456n);
    expect(splitRevenue(500n, [])).toEqual([]);
    expect(parseRevenue("1234.5")).toBe(123_450n);
    expect(() => parseRevenue("12.345")).toThrow();
    expect(() => parseRevenue("-1")).toThrow();
  });

  it("an admin closes a month once; payouts are proportional, exact and immutable", async () => {
    const provider = await signupProvider();
    const user = await signupUser();
    // Far-past month so other tests' activity does not leak in.
    const at = Date.UTC(2026, 9, 15);
    await deliver([usageEvent({ userId: user.userId, providerId: provider.providerId, at: Date.now() - 2 * DAY })]);
    await env.DB.prepare(`UPDATE ledger_entries SET created_at = ?1 WHERE account_id IN (?2, ?3)`).bind(at, user.userId, provider.providerId).run();
    const res = await call("/api/admin/epochs/close", { body: { epoch: "2026-10", revenue: "1000.00" }, token: ADMIN_TOKEN });
    expect(res.status).toBe(201);
    const epoch = EpochDetail.strict().parse(await json(res));
    // 2 user points vs 0.045 compute: 97799.51… and 2200.48… cents; the spare cent goes to the larger remainder.
    expect(epoch.totalPoints).toBe("2.045000000");
    expect(Object.fromEntries(epoch.payouts.map((p) => [p.accountId, p.payout]))).toEqual({ [user.userId]: "978.00", [provider.providerId]: "22.00" });
    expect(await expectOpenAIError(await call("/api/admin/epochs/close", { body: { epoch: "2026-10", revenue: "5.00" }, token: ADMIN_TOKEN }), 409)).toMatchObject({ code: "epoch_closed" });
    const again = await json<{ payouts: { payout: string }[] }>(await call("/api/admin/epochs/2026-10", { token: ADMIN_TOKEN }));
    expect(again.payouts.map((p) => p.payout).sort()).toEqual(["22.00", "978.00"]);
    const list = { data: EpochSummary.strict().array().parse((await json<{ data: unknown }>(await call("/api/admin/epochs", { token: ADMIN_TOKEN }))).data) };
    expect(list.data.map((e) => e.epoch)).toContain("2026-10");
    const stats = await json<{ payouts: { epoch: string; payout: string }[] }>(await call(`/api/user/${user.userId}/referral-stats`, { token: user.apiKey }));
    expect(stats.payouts).toEqual([{ epoch: "2026-10", points: "2.000000000", payout: "978.00" }]);
  });

  it("refuses bad revenue, future epochs and non-admins", async () => {
    await expectOpenAIError(await call("/api/admin/epochs/close", { body: { revenue: "abc" }, token: ADMIN_TOKEN }), 400);
    await expectOpenAIError(await call("/api/admin/epochs/close", { body: { epoch: "2099-01", revenue: "1.00" }, token: ADMIN_TOKEN }), 400);
    await expectOpenAIError(await call("/api/admin/epochs/close", { body: { epoch: "2026-13", revenue: "1.00" }, token: ADMIN_TOKEN }), 400);
    const { apiKey } = await signupUser();
    await expectOpenAIError(await call("/api/admin/epochs/close", { body: { revenue: "1.00" }, token: apiKey }), 403);
    await expectOpenAIError(await call("/api/admin/epochs/1999-01", { token: ADMIN_TOKEN }), 404);
  });
});

describe("30-day retention roll-up", () => {
  it("moves old rows into daily aggregates without changing any total, once a day", async () => {
    const provider = await signupProvider();
    const user = await signupUser();
    const old = [40, 35, 35].map((d) => usageEvent({ userId: user.userId, providerId: provider.providerId, at: Date.now() - 2 * DAY }));
    const recent = usageEvent({ userId: user.userId, providerId: provider.providerId });
    await deliver([...old, recent]);
    // Age three of them past the window (the consumer refuses events that old, so age them in place).
    await env.DB.prepare(`UPDATE ledger_entries SET created_at = ?1 WHERE request_id = ?2`).bind(Date.now() - 40 * DAY, old[0]?.requestId).run();
    await env.DB.prepare(`UPDATE ledger_entries SET created_at = ?1 WHERE request_id IN (?2, ?3)`).bind(Date.now() - 35 * DAY, old[1]?.requestId, old[2]?.requestId).run();
    const before = await totalsOf(provider.providerId);
    const statsBefore = await json<{ totals: unknown; byModel: unknown }>(await call(`/api/providers/${provider.providerId}/referral-stats`, { token: provider.providerSecret }));
    const { moved } = await rollUp(env.DB, Date.now());
    expect(moved).toBeGreaterThanOrEqual(6);
    const left = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ledger_entries WHERE account_id = ?1`).bind(provider.providerId).first<{ n: number }>();
    expect(left?.n).toBe(1);
    const agg = await env.DB.prepare(`SELECT SUM(entries) AS n FROM daily_aggregates WHERE account_id = ?1`).bind(provider.providerId).first<{ n: number }>();
    expect(agg?.n).toBe(3);
    expect(await totalsOf(provider.providerId)).toEqual(before);
    const statsAfter = await json<{ totals: unknown; byModel: unknown }>(await call(`/api/providers/${provider.providerId}/referral-stats`, { token: provider.providerSecret }));
    expect(statsAfter.totals).toEqual(statsBefore.totals);
    expect(statsAfter.byModel).toEqual(statsBefore.byModel);
    expect((await reconcile(env.DB)).ok).toBe(true);
    expect(await rollUpIfDue(env.DB, Date.now())).toBe(false);
  });
});
