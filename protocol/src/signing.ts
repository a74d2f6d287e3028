/**
 * Orchestrator → node request signing: HMAC-SHA256 over timestamp, nonce, method, path and
 * body hash with the per-node secret. WebCrypto only, so the same code runs in workerd and Node.
 */
export const SIGNATURE_HEADERS = {
  timestamp: "x-cxmpute-timestamp",
  nonce: "x-cxmpute-nonce",
  signature: "x-cxmpute-signature",
} as const;

/** Requests older or newer than this are refused as stale. */
export const SIGNATURE_MAX_SKEW_SECONDS = 300;

const encoder = new TextEncoder();

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

// Runs twice per forwarded request: a table and one string beat a per-byte array and join.
function toHex(buf: ArrayBuffer): string {
  const bytes = new Uint8Array(buf);
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i] as number];
  return out;
}

export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  const bytes = typeof data === "string" ? encoder.encode(data) : data;
  return toHex(await crypto.subtle.digest("SHA-256", bytes));
}

const keyCache = new Map<string, Promise<CryptoKey>>();
/** The same keys once imported, readable without an await. */
const importedKeys = new Map<string, CryptoKey>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    // Nodes have one secret and the orchestrator a few hundred live ones; bound it anyway.
    if (keyCache.size > 1024) {
      keyCache.clear();
      importedKeys.clear();
    }
    keyCache.set(secret, key);
    key.then((k) => importedKeys.set(secret, k), () => keyCache.delete(secret));
  }
  return key;
}

export interface SignInput {
  secret: string;
  method: string;
  /** Path plus query string, e.g. "/v1/chat/completions". */
  path: string;
  body: string | Uint8Array;
  /** Unix seconds; defaults to now. */
  timestamp?: number;
  nonce?: string;
}

function canonical(ts: number, nonce: string, method: string, path: string, bodyHash: string): string {
  return `v1\n${ts}\n${nonce}\n${method.toUpperCase()}\n${path}\n${bodyHash}`;
}

/**
 * HMAC of the canonical string. It runs on every forwarded request: with the key imported before,
 * it costs the two WebCrypto calls and nothing else.
 */
async function signature(secret: string, ts: number, nonce: string, method: string, path: string, body: string | Uint8Array): Promise<string> {
  const bytes = typeof body === "string" ? encoder.encode(body) : body;
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  const key = importedKeys.get(secret) ?? (await hmacKey(secret));
  return toHex(await crypto.subtle.sign("HMAC", key, encoder.encode(canonical(ts, nonce, method, path, toHex(digest)))));
}

/** Returns the headers to add to the outgoing request. */
export async function signRequest(input: SignInput): Promise<Record<string, string>> {
  const ts = input.timestamp ?? Math.floor(Date.now() / 1000);
  const nonce = input.nonce ?? crypto.randomUUID();
  const sig = await signature(input.secret, ts, nonce, input.method, input.path, input.body);
  return {
    [SIGNATURE_HEADERS.timestamp]: String(ts),
    [SIGNATURE_HEADERS.nonce]: nonce,
    [SIGNATURE_HEADERS.signature]: sig,
  };
}

export type VerifyFailure = "missing" | "stale" | "replayed" | "invalid";
export type VerifyResult = { ok: true } | { ok: false; reason: VerifyFailure };

/** Remembers nonces for twice the skew window so a captured request can never be replayed. */
export class ReplayCache {
  private seen = new Map<string, number>();
  constructor(private readonly ttlMs = SIGNATURE_MAX_SKEW_SECONDS * 2 * 1000, private readonly max = 100_000) {}

  /** True when the nonce is new (and records it). */
  remember(nonce: string, now = Date.now()): boolean {
    if (this.seen.has(nonce)) return false;
    if (this.seen.size >= this.max) this.prune(now);
    this.seen.set(nonce, now + this.ttlMs);
    return true;
  }

  private prune(now: number): void {
    for (const [k, exp] of this.seen) if (exp <= now) this.seen.delete(k);
    // Still full of live nonces: drop the oldest half rather than grow without bound.
    if (this.seen.size >= this.max) {
      let drop = Math.floor(this.max / 2);
      for (const k of this.seen.keys()) {
        if (drop-- <= 0) break;
        this.seen.delete(k);
      }
    }
  }
}

function timingSafeEqualHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export interface VerifyInput {
  secret: string;
  method: string;
  path: string;
  body: string | Uint8Array;
  headers: { get(name: string): string | null };
  replay: ReplayCache;
  /** Unix seconds; defaults to now. */
  now?: number;
}

export async function verifyRequest(input: VerifyInput): Promise<VerifyResult> {
  const tsText = input.headers.get(SIGNATURE_HEADERS.timestamp);
  const nonce = input.headers.get(SIGNATURE_HEADERS.nonce);
  const sig = input.headers.get(SIGNATURE_HEADERS.signature);
  if (!tsText || !nonce || !sig) return { ok: false, reason: "missing" };
  const ts = Number(tsText);
  const now = input.now ?? Math.floor(Date.now() / 1000);
  if (!Number.isInteger(ts) || Math.abs(now - ts) > SIGNATURE_MAX_SKEW_SECONDS) return { ok: false, reason: "stale" };
  const expected = await signature(input.secret, ts, nonce, input.method, input.path, input.body);
  if (!timingSafeEqualHex(expected, sig.toLowerCase())) return { ok: false, reason: "invalid" };
  // Only a correctly signed nonce is remembered, so garbage cannot fill the cache.
  if (!input.replay.remember(nonce)) return { ok: false, reason: "replayed" };
  return { ok: true };
}
