import { formatPoints } from "@cxmpute/protocol";
import { ApiError } from "../lib/api-error";

export const EPOCH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function formatCents(cents: bigint): string {
  return `${cents / 100n}.${(cents % 100n).toString().padStart(2, "0")}`;
}

/** "1234.56" → 123456n; no floats between the admin's figure and the payouts. */
export function parseRevenue(text: string): bigint {
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) throw new ApiError(400, 'revenue must be a decimal amount like "1234.56" (at most 2 decimals).', { code: "invalid_revenue", param: "revenue" });
  return BigInt(m[1] ?? "0") * 100n + BigInt((m[2] ?? "").padEnd(2, "0"));
}

export function previousMonth(now: number): string {
  const d = new Date(now);
  const y = d.getUTCMonth() === 0 ? d.getUTCFullYear() - 1 : d.getUTCFullYear();
  const m = d.getUTCMonth() === 0 ? 12 : d.getUTCMonth();
  return `${y}-${String(m).padStart(2, "0")}`;
}

function window(epoch: string, now: number): { startsAt: number; endsAt: number } {
  const m = EPOCH_RE.exec(epoch);
  if (!m) throw new ApiError(400, "epoch must look like YYYY-MM.", { code: "invalid_epoch", param: "epoch" });
  const startsAt = Date.UTC(Number(m[1]), Number(m[2]) - 1, 1);
  const monthEnd = Date.UTC(Number(m[1]), Number(m[2]), 1);
  if (startsAt > now) throw new ApiError(400, `Epoch ${epoch} has not started yet.`, { code: "epoch_in_future", param: "epoch" });
  // Closing the running month ends it now: later points belong to no closed epoch.
  return { startsAt, endsAt: Math.min(monthEnd, now) };
}

/** Largest-remainder split: proportional to points, summing exactly to the revenue. */
export function splitRevenue(revenueCents: bigint, points: { accountId: string; points: bigint }[]): { accountId: string; points: bigint; cents: bigint }[] {
  const total = points.reduce((s, x) => s + x.points, 0n);
  if (total === 0n) return [];
  const shares = points.map((x) => ({ ...x, cents: (revenueCents * x.points) / total, rem: (revenueCents * x.points) % total }));
  let left = revenueCents - shares.reduce((s, x) => s + x.cents, 0n);
  const order = [...shares].sort((a, b) => (b.rem > a.rem ? 1 : b.rem < a.rem ? -1 : a.accountId < b.accountId ? -1 : 1));
  for (const s of order) {
    if (left === 0n) break;
    s.cents += 1n;
    left -= 1n;
  }
  return shares.map(({ accountId, points: pts, cents }) => ({ accountId, points: pts, cents }));
}

export async function closeEpoch(db: D1Database, epoch: string, revenueCents: bigint, now: number) {
  const { startsAt, endsAt } = window(epoch, now);
  const existing = await db.prepare(`SELECT epoch FROM epochs WHERE epoch = ?1`).bind(epoch).first();
  if (existing) throw new ApiError(409, `Epoch ${epoch} is already closed; payouts are immutable.`, { code: "epoch_closed", param: "epoch" });
  const startDay = new Date(startsAt).toISOString().slice(0, 10);
  const endDay = new Date(endsAt - 1).toISOString().slice(0, 10);
  const rows = await db
    .prepare(
      `SELECT account_id AS accountId, CAST(SUM(amount) AS TEXT) AS points FROM (
         SELECT account_id, amount FROM ledger_entries WHERE created_at >= ?1 AND created_at < ?2
         UNION ALL SELECT account_id, amount FROM daily_aggregates WHERE day >= ?3 AND day <= ?4)
       GROUP BY account_id HAVING SUM(amount) > 0 ORDER BY account_id`,
    )
    .bind(startsAt, endsAt, startDay, endDay)
    .all<{ accountId: string; points: string }>();
  const payouts = splitRevenue(revenueCents, rows.results.map((r) => ({ accountId: r.accountId, points: BigInt(r.points) })));
  const total = payouts.reduce((s, x) => s + x.points, 0n);
  const statements = [
    // The primary key makes a racing second close fail the whole transaction.
    db.prepare(`INSERT INTO epochs (epoch, starts_at, ends_at, revenue_cents, total_points, closed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)`).bind(epoch, startsAt, endsAt, revenueCents.toString(), total.toString(), now),
  ];
  for (let i = 0; i < payouts.length; i += 400) {
    const chunk = payouts.slice(i, i + 400).map((x) => [x.accountId, x.points.toString(), x.cents.toString()]);
    statements.push(
      db
        .prepare(`INSERT INTO epoch_payouts (epoch, account_id, points, payout_cents) SELECT ?1, j.value ->> '$[0]', CAST(j.value ->> '$[1]' AS INTEGER), CAST(j.value ->> '$[2]' AS INTEGER) FROM json_each(?2) AS j`)
        .bind(epoch, JSON.stringify(chunk)),
    );
  }
  try {
    await db.batch(statements);
  } catch (err) {
    if (String(err).includes("UNIQUE") || String(err).includes("PRIMARY")) throw new ApiError(409, `Epoch ${epoch} is already closed; payouts are immutable.`, { code: "epoch_closed" });
    throw err;
  }
  return epochView(epoch, startsAt, endsAt, revenueCents, total, now, payouts.map((x) => ({ accountId: x.accountId, points: x.points, cents: x.cents })));
}

function epochView(epoch: string, startsAt: number, endsAt: number, revenue: bigint, total: bigint, closedAt: number, payouts: { accountId: string; points: bigint; cents: bigint }[]) {
  return {
    epoch,
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(endsAt).toISOString(),
    revenue: formatCents(revenue),
    totalPoints: formatPoints(total),
    closedAt: new Date(closedAt).toISOString(),
    payouts: payouts.map((x) => ({ accountId: x.accountId, points: formatPoints(x.points), payout: formatCents(x.cents) })),
  };
}

export async function getEpoch(db: D1Database, epoch: string) {
  const e = await db
    .prepare(`SELECT epoch, starts_at AS s, ends_at AS e, CAST(revenue_cents AS TEXT) AS r, CAST(total_points AS TEXT) AS t, closed_at AS c FROM epochs WHERE epoch = ?1`)
    .bind(epoch)
    .first<{ epoch: string; s: number; e: number; r: string; t: string; c: number }>();
  if (!e) throw new ApiError(404, `Epoch ${epoch} is not closed.`, { code: "epoch_not_found", param: "epoch" });
  const rows = await db
    .prepare(`SELECT account_id AS a, CAST(points AS TEXT) AS p, CAST(payout_cents AS TEXT) AS c FROM epoch_payouts WHERE epoch = ?1 ORDER BY payout_cents DESC, account_id`)
    .bind(epoch)
    .all<{ a: string; p: string; c: string }>();
  return epochView(e.epoch, e.s, e.e, BigInt(e.r), BigInt(e.t), e.c, rows.results.map((r) => ({ accountId: r.a, points: BigInt(r.p), cents: BigInt(r.c) })));
}

export async function listEpochs(db: D1Database) {
  const rows = await db
    .prepare(`SELECT epoch, CAST(revenue_cents AS TEXT) AS r, CAST(total_points AS TEXT) AS t, closed_at AS c, (SELECT COUNT(*) FROM epoch_payouts p WHERE p.epoch = e.epoch) AS n FROM epochs e ORDER BY epoch DESC`)
    .all<{ epoch: string; r: string; t: string; c: number; n: number }>();
  return rows.results.map((r) => ({ epoch: r.epoch, revenue: formatCents(BigInt(r.r)), totalPoints: formatPoints(BigInt(r.t)), accounts: r.n, closedAt: new Date(r.c).toISOString() }));
}
