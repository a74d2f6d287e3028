import { z } from "zod";

/** Seeds the orchestrator through its public API only, like a real client would. */
export class Api {
  constructor(readonly base: string) {}

  async call<T extends z.ZodType>(schema: T, path: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<z.infer<T>> {
    const res = await fetch(`${this.base}${path}`, {
      method: init.method ?? "GET",
      headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.body !== undefined ? { "content-type": "application/json" } : {}) },
      body: init.body === undefined ? null : JSON.stringify(init.body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${init.method ?? "GET"} ${path} → ${res.status}: ${text}`);
    return schema.parse(text ? JSON.parse(text) : null);
  }

  status(path: string, token: string): Promise<number> {
    return fetch(`${this.base}${path}`, { headers: { authorization: `Bearer ${token}` } }).then(async (r) => {
      await r.arrayBuffer();
      return r.status;
    });
  }
}

export const User = z.object({ userId: z.string(), apiKey: z.string() });
export const Provider = z.object({ providerId: z.string(), providerSecret: z.string() });
export const Announced = z.object({ nodeId: z.string(), nodeSecret: z.string(), tier: z.string() });
const AmountSet = z.looseObject({ usage: z.string().optional(), compute: z.string().optional(), referral: z.string(), directBonus: z.string(), total: z.string() });
export const Stats = z.looseObject({
  referralCode: z.string(),
  referrer: z.string().nullable(),
  totals: AmountSet,
  today: AmountSet,
  network: z.object({ level1: z.number(), level2: z.number(), level3: z.number() }),
  rewardsByLevel: z.object({ level1: z.string(), level2: z.string(), level3: z.string() }),
  history: z.array(z.looseObject({ date: z.string() })),
  byTier: z.array(z.object({ tier: z.string(), amount: z.string() })).optional(),
  byModel: z.array(z.object({ model: z.string(), amount: z.string() })).optional(),
});
export type Stats = z.infer<typeof Stats>;
export const Reconcile = z.looseObject({ network: z.object({ users: z.number(), providers: z.number(), requestsCredited: z.number(), pointsIssued: z.string() }) });
export const Keys = z.object({ data: z.array(z.object({ id: z.string(), name: z.string(), revokedAt: z.string().nullable() })) });
export const Anything = z.unknown();

export const MODEL = "llama3.1:8b";

export const hardware = {
  os: "linux" as const,
  arch: "x64",
  cpuModel: "Test CPU",
  cpuCores: 8,
  ramGb: 32,
  diskFreeGb: 200,
  gpus: [{ vendor: "nvidia" as const, name: "Test GPU 16GB", vramGb: 16 }],
  vramGb: 16,
};

/** Polls until `check` passes: rewards land through the queue consumer, a moment after the request. */
export async function eventually<T>(fn: () => Promise<T>, check: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await fn();
  while (!check(last)) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; last value ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 200));
    last = await fn();
  }
  return last;
}
export const KeyCreated = z.object({ id: z.string(), key: z.string() });
export const EpochPayouts = z.looseObject({ payouts: z.array(z.object({ accountId: z.string(), points: z.string(), payout: z.string() })) });
