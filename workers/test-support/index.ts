import { exports } from "cloudflare:workers";

export const ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
const BASE = "http://cxmpute.test";

let ipCounter = 0;

/** Each call looks like a different client address, so signup throttling stays out of the way. */
export function freshIp(): string {
  ipCounter++;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}

export interface CallOptions {
  method?: string;
  body?: unknown;
  rawBody?: string;
  token?: string;
  headers?: Record<string, string>;
}

export async function call(path: string, opts: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers["content-type"] ??= "application/json";
  }
  return exports.default.fetch(new Request(BASE + path, { method: opts.method ?? (body ? "POST" : "GET"), headers, body }));
}

export async function json<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

export async function signupUser(referralCode?: string): Promise<{ userId: string; apiKey: string }> {
  const res = await call("/api/users", { body: referralCode ? { referralCode } : {}, headers: { "cf-connecting-ip": freshIp() } });
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${await res.text()}`);
  return json(res);
}

export async function signupProvider(referralCode?: string): Promise<{ providerId: string; providerSecret: string }> {
  const res = await call("/api/providers", { body: referralCode ? { referralCode } : {}, headers: { "cf-connecting-ip": freshIp() } });
  if (res.status !== 201) throw new Error(`provider signup failed: ${res.status} ${await res.text()}`);
  return json(res);
}

/** Asserts the OpenAI error shape and returns it. */
export async function expectOpenAIError(res: Response, status: number): Promise<{ message: string; type: string; param: string | null; code: string | null }> {
  const text = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${text}`);
  const parsed = JSON.parse(text) as { error?: { message?: unknown; type?: unknown; param?: unknown; code?: unknown } };
  const e = parsed.error;
  if (!e || typeof e.message !== "string" || typeof e.type !== "string" || !("param" in e) || !("code" in e)) {
    throw new Error(`not an OpenAI error body: ${text}`);
  }
  return e as { message: string; type: string; param: string | null; code: string | null };
}
