import { z } from "zod";

/** Every error the public contract allows: `{error: {message, type, param, code}}`. */
export const OpenAiError = z.object({
  error: z.object({ message: z.string().min(1), type: z.string().min(1), param: z.string().nullable(), code: z.string().nullable() }),
});
export type OpenAiError = z.infer<typeof OpenAiError>;

export const UserSignup = z.object({ userId: z.string().startsWith("usr_"), apiKey: z.string().min(10) });
export type UserSignup = z.infer<typeof UserSignup>;
export const ProviderSignup = z.object({ providerId: z.string().startsWith("prov_"), providerSecret: z.string().min(10) });
export type ProviderSignup = z.infer<typeof ProviderSignup>;

const Decimal = z.string().regex(/^-?\d+\.\d{9}$/);
const Totals = z.object({ referral: Decimal, directBonus: Decimal, total: Decimal });
const Levels = z.object({ level1: Decimal, level2: Decimal, level3: Decimal });
const Network = z.object({ level1: z.number().int(), level2: z.number().int(), level3: z.number().int() });

export const UserStats = z.object({
  referralCode: z.string(),
  referrer: z.string().nullable(),
  totals: Totals.extend({ usage: Decimal }),
  today: Totals.extend({ usage: Decimal }),
  network: Network,
  rewardsByLevel: Levels,
  history: z.array(z.object({ date: z.string(), usage: Decimal, referral: Decimal })).length(30),
});
export type UserStats = z.infer<typeof UserStats>;

export const ProviderStats = z.object({
  referralCode: z.string(),
  referrer: z.string().nullable(),
  totals: Totals.extend({ compute: Decimal }),
  today: Totals.extend({ compute: Decimal }),
  network: Network,
  rewardsByLevel: Levels,
  history: z.array(z.object({ date: z.string(), compute: Decimal, referral: Decimal })).length(30),
  byTier: z.array(z.object({ tier: z.string(), amount: Decimal })),
  byModel: z.array(z.object({ model: z.string(), amount: Decimal })),
});
export type ProviderStats = z.infer<typeof ProviderStats>;

export const Reconcile = z.object({
  ok: z.boolean(),
  checks: z.array(z.object({ name: z.string(), ok: z.boolean(), violations: z.number() })),
  network: z.object({ users: z.number(), providers: z.number(), requestsCredited: z.number() }).passthrough(),
}).passthrough();

export const NodeList = z.object({
  data: z.array(z.object({ nodeId: z.string(), status: z.string(), tier: z.string(), models: z.array(z.string()), publicUrl: z.string() }).passthrough()),
});

interface CallInit {
  method?: string;
  token?: string;
  body?: unknown;
  ip?: string;
}

const KeyCreated = z.object({ id: z.string().min(1), key: z.string().min(10) }).passthrough();
const KeyRevoked = z.object({ id: z.string(), revokedAt: z.string() }).passthrough();

export class Api {
  constructor(readonly base: string) {}

  /** One request; the status and raw text, whatever they are. */
  async send(path: string, init: CallInit = {}): Promise<{ status: number; text: string }> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    // Signup is throttled per client IP; local wrangler takes the IP from this header.
    if (init.ip) headers["cf-connecting-ip"] = init.ip;
    const res = await fetch(`${this.base}${path}`, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(15_000),
    });
    return { status: res.status, text: await res.text() };
  }

  async json<T>(schema: z.ZodType<T>, path: string, init: CallInit = {}): Promise<T> {
    const { status, text } = await this.send(path, init);
    if (status < 200 || status > 299) throw new Error(`${init.method ?? "GET"} ${path} → ${status} ${text.slice(0, 500)}`);
    return schema.parse(JSON.parse(text));
  }

  /** A request that must fail: its status and OpenAI-shaped error. */
  async refused(path: string, init: CallInit = {}): Promise<{ status: number; error: OpenAiError["error"] }> {
    const { status, text } = await this.send(path, init);
    if (status < 400) throw new Error(`${init.method ?? "GET"} ${path} → ${status}, expected a refusal: ${text.slice(0, 300)}`);
    return { status, error: OpenAiError.parse(JSON.parse(text)).error };
  }

  signupUser(referralCode?: string, ip?: string): Promise<UserSignup> {
    return this.json(UserSignup, "/api/users", { body: referralCode ? { referralCode } : {}, ip });
  }

  signupProvider(referralCode?: string, ip?: string): Promise<ProviderSignup> {
    return this.json(ProviderSignup, "/api/providers", { body: referralCode ? { referralCode } : {}, ip });
  }

  applyUserReferral(u: UserSignup, code: string): Promise<{ referrer: string }> {
    return this.json(z.object({ referrer: z.string() }), `/api/user/${u.userId}/referral`, { token: u.apiKey, body: { referralCode: code } });
  }

  applyProviderReferral(p: ProviderSignup, code: string): Promise<{ referrer: string }> {
    return this.json(z.object({ referrer: z.string() }), `/api/providers/${p.providerId}/referral`, { token: p.providerSecret, body: { referralCode: code } });
  }

  userStats(u: UserSignup): Promise<UserStats> {
    return this.json(UserStats, `/api/user/${u.userId}/referral-stats`, { token: u.apiKey });
  }

  providerStats(p: ProviderSignup): Promise<ProviderStats> {
    return this.json(ProviderStats, `/api/providers/${p.providerId}/referral-stats`, { token: p.providerSecret });
  }

  nodes(p: ProviderSignup): Promise<z.infer<typeof NodeList>> {
    return this.json(NodeList, `/api/providers/${p.providerId}/nodes`, { token: p.providerSecret });
  }

  reconcile(adminToken: string): Promise<z.infer<typeof Reconcile>> {
    return this.json(Reconcile, "/api/admin/reconcile", { token: adminToken });
  }

  async createKey(u: UserSignup, name: string): Promise<string> {
    return (await this.createKeyWithId(u, name)).key;
  }

  createKeyWithId(u: UserSignup, name: string): Promise<{ id: string; key: string }> {
    return this.json(KeyCreated, `/api/user/${u.userId}/keys`, { token: u.apiKey, body: { name } });
  }

  revokeKey(u: UserSignup, keyId: string): Promise<{ id: string; revokedAt: string }> {
    return this.json(KeyRevoked, `/api/user/${u.userId}/keys/${encodeURIComponent(keyId)}`, { token: u.apiKey, method: "DELETE" });
  }
}
