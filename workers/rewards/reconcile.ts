import { formatPoints } from "@cxmpute/protocol";

export interface Check {
  name: string;
  ok: boolean;
  /** Offending rows found (0 when ok). */
  violations: number;
}

/**
 * Ledger invariants: totals equal entries + aggregates for every account and kind; no request
 * credited twice for an account and kind; every referral share equals its percentage of the
 * original credit of the same request; no account earns compute and usage from one request twice.
 */
export async function reconcile(db: D1Database) {
  const [totalsMismatch, dailyMismatch, duplicateCredits, referralMismatch, orphanReferrals, network] = await db.batch<Record<string, unknown>>([
    db.prepare(
      `WITH src AS (
         SELECT account_id, kind, SUM(amount) AS amount FROM (
           SELECT account_id, kind, amount FROM ledger_entries UNION ALL SELECT account_id, kind, amount FROM daily_aggregates)
         GROUP BY account_id, kind)
       SELECT COUNT(*) AS n FROM (
         SELECT t.account_id FROM account_totals t LEFT JOIN src s ON s.account_id = t.account_id AND s.kind = t.kind WHERE s.amount IS NULL OR s.amount != t.amount
         UNION ALL
         SELECT s.account_id FROM src s LEFT JOIN account_totals t ON s.account_id = t.account_id AND s.kind = t.kind WHERE t.amount IS NULL)`,
    ),
    // Per account, kind, model and tier rather than per day: tests (and only tests) age ledger rows in place.
    db.prepare(
      `WITH src AS (
         SELECT account_id, kind, model, tier, SUM(amount) AS amount FROM (
           SELECT account_id, kind, COALESCE(model, '') AS model, COALESCE(tier, '') AS tier, amount FROM ledger_entries
           UNION ALL SELECT account_id, kind, model, tier, amount FROM daily_aggregates)
         GROUP BY account_id, kind, model, tier),
       daily AS (SELECT account_id, kind, model, tier, SUM(amount) AS amount FROM account_daily GROUP BY account_id, kind, model, tier)
       SELECT COUNT(*) AS n FROM (
         SELECT d.account_id FROM daily d LEFT JOIN src s USING (account_id, kind, model, tier) WHERE s.amount IS NULL OR s.amount != d.amount
         UNION ALL
         SELECT s.account_id FROM src s LEFT JOIN daily d USING (account_id, kind, model, tier) WHERE d.amount IS NULL)`,
    ),
    db.prepare(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM ledger_entries GROUP BY request_id, account_id, kind HAVING COUNT(*) > 1)`),
    db.prepare(
      `SELECT COUNT(*) AS n FROM ledger_entries r
         JOIN ledger_entries o ON o.request_id = r.request_id AND o.account_id = r.source_account AND o.kind IN ('compute', 'usage')
        WHERE r.kind IN ('referral_l1', 'referral_l2', 'referral_l3')
          AND r.amount != (o.amount * CASE
            WHEN o.kind = 'compute' AND r.kind = 'referral_l1' THEN 100 WHEN o.kind = 'compute' AND r.kind = 'referral_l2' THEN 50 WHEN o.kind = 'compute' THEN 25
            WHEN r.kind = 'referral_l1' THEN 150 WHEN r.kind = 'referral_l2' THEN 80 ELSE 40 END) / 1000`,
    ),
    db.prepare(
      `SELECT COUNT(*) AS n FROM ledger_entries r WHERE r.kind IN ('referral_l1', 'referral_l2', 'referral_l3')
         AND NOT EXISTS (SELECT 1 FROM ledger_entries o WHERE o.request_id = r.request_id AND o.account_id = r.source_account AND o.kind IN ('compute', 'usage'))`,
    ),
    db.prepare(
      `SELECT (SELECT COUNT(*) FROM users) AS users, (SELECT COUNT(*) FROM providers) AS providers,
              (SELECT CAST(COALESCE(SUM(amount), 0) AS TEXT) FROM account_totals) AS issued,
              (SELECT COUNT(DISTINCT request_id) FROM ledger_entries WHERE kind = 'compute') AS requests`,
    ),
  ]);
  const n = (r: D1Result<Record<string, unknown>> | undefined) => Number(r?.results[0]?.n ?? 0);
  const checks: Check[] = [
    { name: "balances equal the sum of their entries and aggregates", ok: n(totalsMismatch) === 0, violations: n(totalsMismatch) },
    { name: "daily summaries equal the entries and aggregates they summarise", ok: n(dailyMismatch) === 0, violations: n(dailyMismatch) },
    { name: "every usage event credited at most once per account and kind", ok: n(duplicateCredits) === 0, violations: n(duplicateCredits) },
    { name: "referral shares equal their percentage of the original credit", ok: n(referralMismatch) === 0, violations: n(referralMismatch) },
    { name: "every referral share has its original credit", ok: n(orphanReferrals) === 0, violations: n(orphanReferrals) },
  ];
  const net = network?.results[0] ?? {};
  return {
    ok: checks.every((c) => c.ok),
    checks,
    network: {
      users: Number(net.users ?? 0),
      providers: Number(net.providers ?? 0),
      requestsCredited: Number(net.requests ?? 0),
      pointsIssued: formatPoints(BigInt(typeof net.issued === "string" ? net.issued : "0")),
    },
  };
}
