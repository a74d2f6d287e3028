/** Ledger rows stay this long; older ones live on as daily aggregates. */
export const RETENTION_DAYS = 30;
const DAY_MS = 24 * 3600 * 1000;

export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Moves ledger rows older than the retention window into daily aggregates, in one transaction:
 * totals (account_totals) are untouched, and sum(entries) + sum(aggregates) is unchanged.
 * Cut at a UTC midnight so a day is never split between the two tables.
 */
export async function rollUp(db: D1Database, now: number): Promise<{ cutoff: number; moved: number }> {
  const cutoff = Math.floor((now - RETENTION_DAYS * DAY_MS) / DAY_MS) * DAY_MS;
  const [, del] = await db.batch([
    db
      .prepare(
        `INSERT INTO daily_aggregates (account_id, day, kind, model, tier, amount, entries)
         SELECT account_id, strftime('%Y-%m-%d', created_at / 1000, 'unixepoch'), kind, COALESCE(model, ''), COALESCE(tier, ''), SUM(amount), COUNT(*)
           FROM ledger_entries WHERE created_at < ?1
          GROUP BY account_id, strftime('%Y-%m-%d', created_at / 1000, 'unixepoch'), kind, COALESCE(model, ''), COALESCE(tier, '')
         ON CONFLICT (account_id, day, kind, model, tier) DO UPDATE SET amount = amount + excluded.amount, entries = entries + excluded.entries`,
      )
      .bind(cutoff),
    db.prepare(`DELETE FROM ledger_entries WHERE created_at < ?1`).bind(cutoff),
    db.prepare(`INSERT INTO job_state (key, value) VALUES ('rollup_day', ?1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).bind(utcDay(now)),
  ]);
  return { cutoff, moved: del?.meta.changes ?? 0 };
}

/** At most once per UTC day, whatever the cron frequency. */
export async function rollUpIfDue(db: D1Database, now: number): Promise<boolean> {
  const last = await db.prepare(`SELECT value FROM job_state WHERE key = 'rollup_day'`).first<{ value: string }>();
  if (last?.value === utcDay(now)) return false;
  await rollUp(db, now);
  return true;
}
