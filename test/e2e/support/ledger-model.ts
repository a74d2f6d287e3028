import type { ProviderStats, UserStats } from "./api.js";
import { computeReward, DIRECT_BONUS, formatNano, referralShare, userPoints, type Perf, type Service, type Tier } from "./expected.js";

/** One request the suite made, as the test itself observed it. */
export interface ServedRequest {
  label: string;
  userId: string;
  providerId: string;
  nodeTier: Tier;
  service: Service;
  model: string;
  tokens: number;
  /** Client-side duration: the edge's latency is never longer, so < 2 s proves the fast bonus. */
  clientMs: number;
}

export interface World {
  /** account → its referrer (same account type), as the suite set them up. */
  providerReferrer: Map<string, string>;
  userReferrer: Map<string, string>;
  providers: string[];
  users: string[];
  requests: ServedRequest[];
}

/** The figures of one account's referral-stats that the suite checks, as plain strings. */
export interface Figures {
  /** The seed: a referral code is the account's own id; the referrer is permanent once set. */
  referralCode: string;
  referrer: string | null;
  earned: string;
  referral: string;
  directBonus: string;
  total: string;
  today: { earned: string; referral: string; directBonus: string; total: string };
  network: [number, number, number];
  rewardsByLevel: [string, string, string];
  /** Non-zero history days: date → [earned, referral incl. bonus]. */
  history: Record<string, [string, string]>;
  byTier?: Record<string, string>;
  byModel?: Record<string, string>;
}

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function chainOf(referrer: Map<string, string>, account: string): string[] {
  const chain: string[] = [];
  let cur = referrer.get(account);
  while (cur && chain.length < 3) {
    chain.push(cur);
    cur = referrer.get(cur);
  }
  return chain;
}

function networkOf(referrer: Map<string, string>, accounts: string[], me: string): [number, number, number] {
  const counts: [number, number, number] = [0, 0, 0];
  for (const a of accounts) {
    const i = chainOf(referrer, a).indexOf(me);
    if (i >= 0 && i < 3) counts[i as 0 | 1 | 2] += 1;
  }
  return counts;
}

/** Performance percent of a request: certain when the client saw it under 2 s, else chosen by `assign`. */
export function ambiguous(w: World): ServedRequest[] {
  return w.requests.filter((r) => r.clientMs >= 2000);
}

/**
 * Every account's expected figures. `perfOf` decides the performance percent of each request
 * (110 when provably fast; the caller enumerates the possibilities of the rest).
 */
export function expectedFigures(w: World, perfOf: (r: ServedRequest) => Perf, now = Date.now()): Map<string, Figures> {
  const out = new Map<string, Figures>();
  const today = utcDay(now);
  type Acc = { earned: bigint; l: [bigint, bigint, bigint]; byTier: Map<string, bigint>; byModel: Map<string, bigint> };
  const acc = new Map<string, Acc>();
  const get = (id: string): Acc => {
    let a = acc.get(id);
    if (!a) acc.set(id, (a = { earned: 0n, l: [0n, 0n, 0n], byTier: new Map(), byModel: new Map() }));
    return a;
  };
  for (const r of w.requests) {
    const compute = computeReward({ nodeTier: r.nodeTier, model: r.model, service: r.service, tokens: r.tokens, perf: perfOf(r) });
    const usage = userPoints(r.service, r.tokens);
    const p = get(r.providerId);
    p.earned += compute;
    p.byTier.set(r.nodeTier, (p.byTier.get(r.nodeTier) ?? 0n) + compute);
    p.byModel.set(r.model, (p.byModel.get(r.model) ?? 0n) + compute);
    get(r.userId).earned += usage;
    chainOf(w.providerReferrer, r.providerId).forEach((ref, i) => (get(ref).l[i as 0 | 1 | 2] += referralShare("provider", (i + 1) as 1 | 2 | 3, compute)));
    chainOf(w.userReferrer, r.userId).forEach((ref, i) => (get(ref).l[i as 0 | 1 | 2] += referralShare("user", (i + 1) as 1 | 2 | 3, usage)));
  }
  const figures = (id: string, kind: "provider" | "user"): Figures => {
    const a = get(id);
    const referrer = kind === "provider" ? w.providerReferrer : w.userReferrer;
    const accounts = kind === "provider" ? w.providers : w.users;
    const directs = accounts.filter((x) => referrer.get(x) === id).length;
    const bonus = BigInt(directs) * DIRECT_BONUS[kind];
    const referral = a.l[0] + a.l[1] + a.l[2];
    const total = a.earned + referral + bonus;
    const money = { earned: formatNano(a.earned), referral: formatNano(referral), directBonus: formatNano(bonus), total: formatNano(total) };
    const history: Record<string, [string, string]> = {};
    if (a.earned + referral + bonus > 0n) history[today] = [formatNano(a.earned), formatNano(referral + bonus)];
    const f: Figures = {
      referralCode: id,
      referrer: referrer.get(id) ?? null,
      ...money,
      today: money,
      network: networkOf(referrer, accounts, id),
      rewardsByLevel: [formatNano(a.l[0]), formatNano(a.l[1]), formatNano(a.l[2])],
      history,
    };
    if (kind === "provider") {
      f.byTier = Object.fromEntries([...a.byTier].map(([k, v]) => [k, formatNano(v)]));
      f.byModel = Object.fromEntries([...a.byModel].map(([k, v]) => [k, formatNano(v)]));
    }
    return f;
  };
  for (const id of w.providers) out.set(id, figures(id, "provider"));
  for (const id of w.users) out.set(id, figures(id, "user"));
  return out;
}

const zero = (s: string) => /^0\.0+$/.test(s);

/** The figures both account kinds share; `earned` reads the kind's own points (compute or usage). */
function sharedFigures<S extends ProviderStats | UserStats>(s: S, earned: (x: S["totals"] | S["today"] | S["history"][number]) => string): Figures {
  return {
    referralCode: s.referralCode,
    referrer: s.referrer,
    earned: earned(s.totals),
    referral: s.totals.referral,
    directBonus: s.totals.directBonus,
    total: s.totals.total,
    today: { earned: earned(s.today), referral: s.today.referral, directBonus: s.today.directBonus, total: s.today.total },
    network: [s.network.level1, s.network.level2, s.network.level3],
    rewardsByLevel: [s.rewardsByLevel.level1, s.rewardsByLevel.level2, s.rewardsByLevel.level3],
    history: Object.fromEntries(s.history.filter((h) => !zero(earned(h)) || !zero(h.referral)).map((h) => [h.date, [earned(h), h.referral]])),
  };
}

export function providerFigures(s: ProviderStats): Figures {
  return {
    ...sharedFigures(s, (x) => x.compute),
    byTier: Object.fromEntries(s.byTier.map((t) => [t.tier, t.amount])),
    byModel: Object.fromEntries(s.byModel.map((m) => [m.model, m.amount])),
  };
}

export function userFigures(s: UserStats): Figures {
  return sharedFigures(s, (x) => x.usage);
}

/**
 * Finds a performance assignment under which every reported figure matches. Requests the
 * client saw under 2 s are fixed at +10%; the others (rare, on a loaded machine) may be any of
 * the three bands, so their combinations are tried (bounded: at most 6 such requests).
 */
export function matchFigures(w: World, actual: Map<string, Figures>, now = Date.now()): { ok: true } | { ok: false; expected: Map<string, Figures> } {
  const open = ambiguous(w);
  if (open.length > 6) throw new Error(`${open.length} requests took ≥ 2 s at the client; too slow a machine to pin the performance bonus`);
  const bands: Perf[] = [110n, 100n, 90n];
  let first: Map<string, Figures> | undefined;
  for (let combo = 0; combo < 3 ** open.length; combo++) {
    const choice = new Map<ServedRequest, Perf>();
    open.forEach((r, i) => choice.set(r, bands[Math.floor(combo / 3 ** i) % 3] ?? 110n));
    const exp = expectedFigures(w, (r) => choice.get(r) ?? 110n, now);
    first ??= exp;
    if ([...exp].every(([id, f]) => JSON.stringify(sortKeys(f)) === JSON.stringify(sortKeys(actual.get(id))))) return { ok: true };
  }
  return { ok: false, expected: first ?? new Map() };
}

export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, sortKeys(x)]));
  return v;
}
