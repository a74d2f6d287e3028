import { formatPoints } from "@cxmpute/protocol";
import type { AccountKind } from "./referrals";
import { formatCents } from "./epochs";
import { utcDay } from "./rollup";
import type { ProviderStats, UserStats } from "./stats-schema";

const DAY_MS = 24 * 3600 * 1000;
const p = (v: bigint) => formatPoints(v);
const big = (v: unknown) => BigInt(typeof v === "number" || typeof v === "bigint" ? v : typeof v === "string" && /^-?\d+$/.test(v) ? v : 0);

interface KindSums {
  earned: bigint;
  l1: bigint;
  l2: bigint;
  l3: bigint;
  bonus: bigint;
}

function sums(rows: { kind: string; amount: unknown }[], earnedKind: string): KindSums {
  const s: KindSums = { earned: 0n, l1: 0n, l2: 0n, l3: 0n, bonus: 0n };
  for (const r of rows) {
    const a = big(r.amount);
    if (r.kind === earnedKind) s.earned += a;
    else if (r.kind === "referral_l1") s.l1 += a;
    else if (r.kind === "referral_l2") s.l2 += a;
    else if (r.kind === "referral_l3") s.l3 += a;
    else if (r.kind === "direct_bonus") s.bonus += a;
  }
  return s;
}

function view(s: KindSums) {
  const referral = s.l1 + s.l2 + s.l3;
  return { earned: p(s.earned), referral: p(referral), directBonus: p(s.bonus), total: p(s.earned + referral + s.bonus) };
}

type View = ReturnType<typeof view>;
const asUsage = ({ earned, ...rest }: View) => ({ usage: earned, ...rest });
const asCompute = ({ earned, ...rest }: View) => ({ compute: earned, ...rest });

/**
 * The referral-stats document of one account, read from the two trigger-maintained summaries
 * (account_totals and account_daily) so its cost does not grow with the account's traffic.
 */
async function loadStats(db: D1Database, kind: AccountKind, accountId: string, now: number) {
  const table = kind === "user" ? "users" : "providers";
  const earnedKind = kind === "user" ? "usage" : "compute";
  const dayStart = Math.floor(now / DAY_MS) * DAY_MS;
  const historyStart = dayStart - 29 * DAY_MS;
  // Amounts are read as text: SUM over INTEGER stays exact in SQLite, and text keeps it exact past 2^53 in JS.
  const [me, totals, today, history, network, byTier, byModel, payouts] = await db.batch<Record<string, unknown>>([
    db.prepare(`SELECT referrer_id AS referrer FROM ${table} WHERE id = ?1`).bind(accountId),
    db.prepare(`SELECT kind, CAST(amount AS TEXT) AS amount FROM account_totals WHERE account_id = ?1`).bind(accountId),
    db.prepare(`SELECT kind, CAST(SUM(amount) AS TEXT) AS amount FROM account_daily WHERE account_id = ?1 AND day = ?2 GROUP BY kind`).bind(accountId, utcDay(dayStart)),
    db.prepare(`SELECT day, kind, CAST(SUM(amount) AS TEXT) AS amount FROM account_daily WHERE account_id = ?1 AND day >= ?2 GROUP BY day, kind`).bind(accountId, utcDay(historyStart)),
    db
      .prepare(
        `SELECT
           (SELECT COUNT(*) FROM ${table} WHERE referrer_id = ?1) AS level1,
           (SELECT COUNT(*) FROM ${table} b JOIN ${table} a ON b.referrer_id = a.id WHERE a.referrer_id = ?1) AS level2,
           (SELECT COUNT(*) FROM ${table} c JOIN ${table} b ON c.referrer_id = b.id JOIN ${table} a ON b.referrer_id = a.id WHERE a.referrer_id = ?1) AS level3`,
      )
      .bind(accountId),
    db.prepare(`SELECT tier, CAST(SUM(amount) AS TEXT) AS amount FROM account_daily WHERE account_id = ?1 AND kind = 'compute' GROUP BY tier ORDER BY tier`).bind(accountId),
    db.prepare(`SELECT model, CAST(SUM(amount) AS TEXT) AS amount FROM account_daily WHERE account_id = ?1 AND kind = 'compute' GROUP BY model ORDER BY model`).bind(accountId),
    db.prepare(`SELECT epoch, CAST(points AS TEXT) AS points, payout_cents AS payoutCents FROM epoch_payouts WHERE account_id = ?1 ORDER BY epoch`).bind(accountId),
  ]);
  const referrer = (me?.results[0]?.referrer as string | null | undefined) ?? null;
  const totalSums = sums((totals?.results ?? []) as { kind: string; amount: unknown }[], earnedKind);
  const todaySums = sums((today?.results ?? []) as { kind: string; amount: unknown }[], earnedKind);

  const byDay = new Map<string, { earned: bigint; referral: bigint }>();
  for (let d = 0; d < 30; d++) byDay.set(utcDay(historyStart + d * DAY_MS), { earned: 0n, referral: 0n });
  for (const r of history?.results ?? []) {
    const slot = byDay.get(String(r.day));
    if (!slot) continue;
    const a = big(r.amount);
    if (r.kind === earnedKind) slot.earned += a;
    else if (String(r.kind).startsWith("referral_") || r.kind === "direct_bonus") slot.referral += a;
  }
  const net = network?.results[0] ?? {};
  return {
    accountId,
    referralCode: accountId,
    referrer,
    totals: view(totalSums),
    today: view(todaySums),
    network: { level1: Number(net.level1 ?? 0), level2: Number(net.level2 ?? 0), level3: Number(net.level3 ?? 0) },
    rewardsByLevel: { level1: p(totalSums.l1), level2: p(totalSums.l2), level3: p(totalSums.l3) },
    history: [...byDay.entries()].map(([date, v]) => ({ date, earned: p(v.earned), referral: p(v.referral) })),
    payouts: (payouts?.results ?? []).map((r) => ({ epoch: String(r.epoch), points: p(big(r.points)), payout: formatCents(big(r.payoutCents)) })),
    byTier: (byTier?.results ?? []).map((r) => ({ tier: String(r.tier ?? ""), amount: p(big(r.amount)) })),
    byModel: (byModel?.results ?? []).map((r) => ({ model: String(r.model ?? ""), amount: p(big(r.amount)) })),
  };
}

/** The referral-stats document of a user: usage points vs referral income. */
export async function userStats(db: D1Database, userId: string, now = Date.now()): Promise<UserStats> {
  const { totals, today, history, byTier: _t, byModel: _m, ...rest } = await loadStats(db, "user", userId, now);
  return { ...rest, totals: asUsage(totals), today: asUsage(today), history: history.map(({ earned, ...h }) => ({ ...h, usage: earned })) };
}

/** The referral-stats document of a provider: compute vs referral income, by tier and by model. */
export async function providerStats(db: D1Database, providerId: string, now = Date.now()): Promise<ProviderStats> {
  const { totals, today, history, ...rest } = await loadStats(db, "provider", providerId, now);
  return { ...rest, totals: asCompute(totals), today: asCompute(today), history: history.map(({ earned, ...h }) => ({ ...h, compute: earned })) };
}
