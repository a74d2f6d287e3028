import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { ADMIN_TOKEN, call, expectOpenAIError, json, signupProvider, signupUser } from "../test-support";
import { deliver, usageEvent } from "../test-support/rewards";
import { reconcile } from "./reconcile";
import { Reconciliation } from "./admin-schema";

interface Report {
  ok: boolean;
  checks: { name: string; ok: boolean; violations: number }[];
  network: { users: number; providers: number; requestsCredited: number; pointsIssued: string };
}

const failing = (r: Report) => r.checks.filter((c) => !c.ok).map((c) => c.name);

/** Each tampering breaks exactly one invariant and is undone, so the checker is shown able to fail. */
async function tampered(sql: string, undo: string, ...binds: (string | number)[]): Promise<Report> {
  await env.DB.prepare(sql).bind(...binds).run();
  try {
    return await reconcile(env.DB);
  } finally {
    await env.DB.prepare(undo).bind(...binds).run();
  }
}

async function creditedChain() {
  const referrer = await signupProvider();
  const provider = await signupProvider(referrer.providerId);
  const user = await signupUser();
  const e = usageEvent({ userId: user.userId, providerId: provider.providerId });
  await deliver([e]);
  return { referrer, provider, user, requestId: e.requestId };
}

describe("reconciliation", () => {
  it("admin endpoint: ok with network totals; admins only", async () => {
    await creditedChain();
    const res = await call("/api/admin/reconcile", { token: ADMIN_TOKEN });
    expect(res.status).toBe(200);
    const r: Report = Reconciliation.strict().parse(await json(res));
    expect(r.ok).toBe(true);
    expect(r.checks.length).toBeGreaterThanOrEqual(4);
    expect(r.network.providers).toBeGreaterThanOrEqual(2);
    expect(r.network.requestsCredited).toBeGreaterThanOrEqual(1);
    expect(r.network.pointsIssued).toMatch(/^\d+\.\d{9}$/);
    const { apiKey } = await signupUser();
    await expectOpenAIError(await call("/api/admin/reconcile", { token: apiKey }), 403);
    await expectOpenAIError(await call("/api/admin/reconcile"), 401);
  });

  it("detects a balance that drifted from its entries", async () => {
    const { provider } = await creditedChain();
    const r = await tampered(
      `UPDATE account_totals SET amount = amount + 1 WHERE account_id = ?1 AND kind = 'compute'`,
      `UPDATE account_totals SET amount = amount - 1 WHERE account_id = ?1 AND kind = 'compute'`,
      provider.providerId,
    );
    expect(r.ok).toBe(false);
    expect(failing(r)).toEqual(["balances equal the sum of their entries and aggregates"]);
    expect((await reconcile(env.DB)).ok).toBe(true);
  });

  it("detects a daily summary that drifted from its entries", async () => {
    const { provider } = await creditedChain();
    const r = await tampered(
      `UPDATE account_daily SET amount = amount + 1 WHERE account_id = ?1 AND kind = 'compute'`,
      `UPDATE account_daily SET amount = amount - 1 WHERE account_id = ?1 AND kind = 'compute'`,
      provider.providerId,
    );
    expect(failing(r)).toEqual(["daily summaries equal the entries and aggregates they summarise"]);
  });

  it("detects a referral share that is not its percentage of the source credit", async () => {
    const { referrer, requestId } = await creditedChain();
    // The trigger keeps totals in step with the ledger on insert only; an UPDATE of the entry bypasses it.
    const r = await tampered(
      `UPDATE ledger_entries SET amount = amount + 7 WHERE account_id = ?1 AND request_id = ?2 AND kind = 'referral_l1'`,
      `UPDATE ledger_entries SET amount = amount - 7 WHERE account_id = ?1 AND request_id = ?2 AND kind = 'referral_l1'`,
      referrer.providerId,
      requestId,
    );
    expect(failing(r)).toContain("referral shares equal their percentage of the original credit");
  });

  it("detects a referral share without an original credit", async () => {
    const { referrer } = await creditedChain();
    const orphan = `req_orphan_${Math.random().toString(36).slice(2)}`;
    const r = await tampered(
      `INSERT INTO ledger_entries (request_id, account_id, kind, amount, source_account, tokens, created_at) VALUES (?2, ?1, 'referral_l1', 5, 'prov_nobody', 0, 0)`,
      `DELETE FROM ledger_entries WHERE account_id = ?1 AND request_id = ?2`,
      referrer.providerId,
      orphan,
    );
    expect(failing(r)).toContain("every referral share has its original credit");
    // The undo deleted the entry but the trigger had already moved the total: put it back in step.
    await env.DB.batch([
      env.DB.prepare(`UPDATE account_totals SET amount = amount - 5, entries = entries - 1 WHERE account_id = ?1 AND kind = 'referral_l1'`).bind(referrer.providerId),
      env.DB.prepare(`DELETE FROM account_daily WHERE account_id = ?1 AND kind = 'referral_l1' AND day = '1970-01-01'`).bind(referrer.providerId),
    ]);
    expect((await reconcile(env.DB)).ok).toBe(true);
  });
});
