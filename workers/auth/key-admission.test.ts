import { describe, expect, it } from "vitest";
import { call, expectOpenAIError, signupUser } from "../test-support";
import { admitKey, BLOCK_MS, LEASE_SIZE, type Limiters } from "./key-admission";

/** A fixed-window counter like the binding's, with the calls it received. */
function counter(limit: number) {
  const counts = new Map<string, number>();
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    async limit({ key }: { key: string }) {
      calls++;
      const n = (counts.get(key) ?? 0) + 1;
      counts.set(key, n);
      return { success: n <= limit };
    },
  };
}

let keyN = 0;
const freshKey = () => `key_unit_${++keyN}_${Math.random()}`;

function setup(perRequestLimit = 600, leaseLimit = 60) {
  const perRequest = counter(perRequestLimit);
  const lease = counter(leaseLimit);
  let now = 1_000_000;
  const limiters: Limiters = { perRequest, lease };
  return { perRequest, lease, limiters, clock: () => now, advance: (ms: number) => (now += ms) };
}

describe("per-key admission", () => {
  it("checks a key seen rarely on the per-request limiter, one unit per request", async () => {
    const t = setup();
    const key = freshKey();
    for (let i = 0; i < 5; i++) {
      expect(await admitKey(t.limiters, key, { clock: t.clock })).toEqual({ ok: true });
      t.advance(6_000);
    }
    expect(t.perRequest.calls).toBe(5);
    expect(t.lease.calls).toBe(0);
  });

  it("a busy key takes leases: one lease call per LEASE_SIZE requests, every request admitted", async () => {
    const t = setup();
    const key = freshKey();
    for (let i = 0; i < 100; i++) expect((await admitKey(t.limiters, key, { clock: t.clock })).ok).toBe(true);
    // The first LEASE_SIZE - 1 requests are checked one by one, the rest ride leases.
    expect(t.perRequest.calls).toBe(LEASE_SIZE - 1);
    expect(t.lease.calls).toBe(Math.ceil((100 - (LEASE_SIZE - 1)) / LEASE_SIZE));
  });

  it("concurrent requests of a busy key share one lease call", async () => {
    const t = setup();
    const key = freshKey();
    for (let i = 0; i < LEASE_SIZE; i++) await admitKey(t.limiters, key, { clock: t.clock });
    const leaseCallsBefore = t.lease.calls;
    const results = await Promise.all(Array.from({ length: 25 }, () => admitKey(t.limiters, key, { clock: t.clock })));
    expect(results.every((r) => r.ok)).toBe(true);
    // One request of the warm-up opened a lease with LEASE_SIZE - 1 slots left: 25 need 2 more leases.
    expect(t.lease.calls - leaseCallsBefore).toBe(2);
  });

  it("refuses with a retry delay once the budget is spent, without asking again while blocked", async () => {
    const t = setup(600, 2);
    const key = freshKey();
    let admitted = 0;
    let refusal = null;
    for (let i = 0; i < 100 && !refusal; i++) {
      const a = await admitKey(t.limiters, key, { clock: t.clock });
      if (a.ok) admitted++;
      else refusal = a;
    }
    expect(admitted).toBe(LEASE_SIZE - 1 + 2 * LEASE_SIZE);
    expect(refusal).toEqual({ ok: false, retryAfterSeconds: BLOCK_MS / 1000 });
    const calls = t.perRequest.calls + t.lease.calls;
    t.advance(4_000);
    expect(await admitKey(t.limiters, key, { clock: t.clock })).toEqual({ ok: false, retryAfterSeconds: 6 });
    expect(t.perRequest.calls + t.lease.calls).toBe(calls);
    // After the block the limiter is asked again (here it still says no).
    t.advance(BLOCK_MS);
    expect((await admitKey(t.limiters, key, { clock: t.clock })).ok).toBe(false);
    expect(t.perRequest.calls + t.lease.calls).toBe(calls + 1);
  });

  it("a cold key over its per-request budget is refused too", async () => {
    const t = setup(3, 60);
    const key = freshKey();
    const results = [];
    for (let i = 0; i < 4; i++) {
      results.push((await admitKey(t.limiters, key, { clock: t.clock })).ok);
      t.advance(6_000);
    }
    expect(results).toEqual([true, true, true, false]);
  });
});

describe("per-key rate limit through the Worker (real bindings)", () => {
  it("a busy key is not stalled when the request that started its lease call ended early", async () => {
    const { apiKey } = await signupUser();
    // Invalid bodies are answered 400 before the rate-limit decision is awaited; the request that
    // opens a lease call is gone before the call returns, and the next request shares that call.
    for (let i = 0; i < 3 * LEASE_SIZE; i++) {
      const res = await call("/v1/chat/completions", { rawBody: "{", token: apiKey, headers: { "content-type": "application/json" } });
      await expectOpenAIError(res, 400);
    }
    const res = await call("/v1/models", { token: apiKey });
    expect(res.status).toBe(200);
  }, 5_000);

  it("answers 429 with Retry-After in OpenAI shape once a key's budget is spent", async () => {
    const { apiKey } = await signupUser();
    let admitted = 0;
    let limited: Response | null = null;
    // Budget 600 a minute (fixed windows); a run crossing a window boundary may see up to two budgets.
    for (let i = 0; i < 1400 && !limited; i++) {
      const res = await call("/v1/models", { token: apiKey });
      if (res.status === 200) {
        admitted++;
        await res.body?.cancel();
      } else limited = res;
    }
    expect(limited).not.toBeNull();
    if (!limited) return;
    const err = await expectOpenAIError(limited, 429);
    expect(err).toMatchObject({ type: "rate_limit_error", code: "rate_limit_exceeded" });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(admitted).toBeGreaterThanOrEqual(600);
    expect(admitted).toBeLessThanOrEqual(1210);
    // Another key is unaffected.
    const other = await signupUser();
    const ok = await call("/v1/models", { token: other.apiKey });
    expect(ok.status).toBe(200);
  });
});
