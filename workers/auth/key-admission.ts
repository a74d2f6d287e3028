/**
 * Per-API-key rate limit on the Workers Rate Limiting bindings, without a binding call per request
 * for busy keys.
 *
 * Every `limit()` call counts one unit, and each call leaves the isolate (under `wrangler dev` it is
 * a Durable Object round trip: measured ~1/6 of gateway throughput). So:
 * - a key seen rarely in this isolate is checked per request on KEY_RATE_LIMITER (one unit = one
 *   request), exact however the key's traffic is spread over isolates;
 * - a key busy here (≥ LEASE_SIZE requests in the last HOT_WINDOW_MS) takes leases instead: one
 *   KEY_LEASE_LIMITER unit admits LEASE_SIZE requests in this isolate for LEASE_TTL_MS. The lease
 *   binding's limit is the per-request limit / LEASE_SIZE (wrangler.toml), so a busy key gets the
 *   same budget with a tenth of the calls; a lease is used up within seconds, so little is wasted.
 * The two counters are separate: a key busy in one isolate and trickling through others at the same
 * time can get up to twice the limit, the same order of slack as the bindings' own per-location
 * counting. A refused key is refused locally for BLOCK_MS without asking again.
 */
export const LEASE_SIZE = 10;
const HOT_WINDOW_MS = 5_000;
const LEASE_TTL_MS = 10_000;
export const BLOCK_MS = 10_000;
const MAX_KEYS = 10_000;

interface Limiter {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

export interface Limiters {
  perRequest: Limiter;
  lease: Limiter;
}

interface KeyState {
  windowStart: number;
  seen: number;
  hot: boolean;
  leaseLeft: number;
  leaseUntil: number;
  blockedUntil: number;
  acquiring: Promise<void> | null;
}

export type Admission = { ok: true } | { ok: false; retryAfterSeconds: number };

const keys = new Map<string, KeyState>();

function stateOf(keyId: string, now: number): KeyState {
  let s = keys.get(keyId);
  if (!s) {
    // Bounded memory: dropping every entry only costs the next requests a per-request check.
    if (keys.size >= MAX_KEYS) keys.clear();
    s = { windowStart: now, seen: 0, hot: false, leaseLeft: 0, leaseUntil: 0, blockedUntil: 0, acquiring: null };
    keys.set(keyId, s);
  }
  return s;
}

function refused(s: KeyState, now: number): Admission {
  if (s.blockedUntil <= now) s.blockedUntil = now + BLOCK_MS;
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((s.blockedUntil - now) / 1000)) };
}

export interface AdmitOptions {
  /** Injectable for tests. */
  clock?: () => number;
  /**
   * Keeps a shared lease call alive past the request that started it (ctx.waitUntil): the runtime
   * cancels a finished request's I/O, and every later request of the key would wait on it forever.
   */
  keepAlive?: (p: Promise<unknown>) => void;
}

/** Decides whether one request of `keyId` may proceed. */
export async function admitKey(limiters: Limiters, keyId: string, opts: AdmitOptions = {}): Promise<Admission> {
  const clock = opts.clock ?? Date.now;
  const now = clock();
  const s = stateOf(keyId, now);
  if (s.blockedUntil > now) return refused(s, now);
  if (now - s.windowStart >= HOT_WINDOW_MS) {
    s.hot = s.seen >= LEASE_SIZE;
    s.windowStart = now;
    s.seen = 0;
  }
  s.seen++;
  // Busy within the current window already: no need to wait for the window to close.
  if (!s.hot && s.seen >= LEASE_SIZE) s.hot = true;
  if (!s.hot) {
    const { success } = await limiters.perRequest.limit({ key: keyId });
    return success ? { ok: true } : refused(s, clock());
  }
  for (;;) {
    const t = clock();
    if (s.blockedUntil > t) return refused(s, t);
    if (s.leaseLeft > 0 && s.leaseUntil > t) {
      s.leaseLeft--;
      return { ok: true };
    }
    // Concurrent requests of the key share one lease call, then split its slots.
    if (!s.acquiring) {
      s.acquiring = acquireLease(limiters, keyId, s, clock);
      opts.keepAlive?.(s.acquiring.catch(() => undefined));
    }
    await s.acquiring;
  }
}

function acquireLease(limiters: Limiters, keyId: string, s: KeyState, clock: () => number): Promise<void> {
  return limiters.lease
    .limit({ key: keyId })
    .then(({ success }) => {
      const at = clock();
      if (success) {
        s.leaseLeft = LEASE_SIZE;
        s.leaseUntil = at + LEASE_TTL_MS;
      } else {
        s.leaseLeft = 0;
        s.blockedUntil = at + BLOCK_MS;
      }
    })
    .finally(() => {
      s.acquiring = null;
    });
}
