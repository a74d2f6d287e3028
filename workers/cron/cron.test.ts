import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../index";
import { signupProvider, signupUser } from "../test-support";
import { deliver, totalsOf, usageEvent } from "../test-support/rewards";
import { reconcile } from "../rewards/reconcile";

const DAY = 86400_000;

async function tick(at: number): Promise<void> {
  const ctx = createExecutionContext();
  worker.scheduled(createScheduledController({ scheduledTime: at, cron: "* * * * *" }), env, ctx);
  await waitOnExecutionContext(ctx);
}

const rowsOf = async (id: string) =>
  (await env.DB.prepare(`SELECT COUNT(*) AS n FROM ledger_entries WHERE account_id = ?1`).bind(id).first<{ n: number }>())?.n ?? 0;

describe("scheduled handler", () => {
  it("rolls old ledger rows up once per UTC day through the cron entry, totals unchanged", async () => {
    const provider = await signupProvider();
    const user = await signupUser();
    const [old, recent] = [usageEvent({ userId: user.userId, providerId: provider.providerId }), usageEvent({ userId: user.userId, providerId: provider.providerId })];
    await deliver([old, recent]);
    const now = Date.now();
    await env.DB.prepare(`UPDATE ledger_entries SET created_at = ?1 WHERE request_id = ?2`).bind(now - 45 * DAY, old.requestId).run();
    const before = await totalsOf(provider.providerId);

    // Noon UTC two days ago: that day's run cuts 32 days back; the 45-day-old row goes, the recent one stays.
    const noon = Math.floor(now / DAY) * DAY - 2 * DAY + DAY / 2;
    await tick(noon);
    expect(await rowsOf(provider.providerId)).toBe(1);
    await env.DB.prepare(`UPDATE ledger_entries SET created_at = ?1 WHERE request_id = ?2`).bind(now - 40 * DAY, recent.requestId).run();
    // A minute later the same UTC day: not due again, so nothing moves although a row is now old.
    await tick(noon + 60_000);
    expect(await rowsOf(provider.providerId)).toBe(1);
    await tick(now);
    expect(await rowsOf(provider.providerId)).toBe(0);

    expect(await totalsOf(provider.providerId)).toEqual(before);
    const agg = await env.DB.prepare(`SELECT SUM(entries) AS n FROM daily_aggregates WHERE account_id = ?1`).bind(provider.providerId).first<{ n: number }>();
    expect(agg?.n).toBe(2);
    expect((await reconcile(env.DB)).ok).toBe(true);
  });
});
