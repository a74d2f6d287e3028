import { hashCredential, isWellFormed } from "./credentials";
import { TtlCache } from "./ttl-cache";

export interface ApiKeyPrincipal {
  keyId: string;
  userId: string;
  suspended: boolean;
}

export interface ProviderPrincipal {
  providerId: string;
  suspended: boolean;
}

type Cached<T> = { found: T } | { found: null };

const apiKeys = new TtlCache<Cached<ApiKeyPrincipal>>();
const providerSecrets = new TtlCache<Cached<ProviderPrincipal>>();
/** Raw key → its hash, so revocation (which forgets the hash entry) still takes effect at once. */
const recentKeys = new TtlCache<string>();
/**
 * Bumped by every revocation or suspension. A lookup that read D1 before the bump may hold the
 * old row; it answers its own request but must not put that row back into the cache.
 */
let generation = 0;

function ttl(env: Env): number {
  const n = Number(env.KEY_CACHE_TTL_MS);
  return Number.isFinite(n) && n >= 0 ? n : 5000;
}

/**
 * Resolves an API key to its user. Malformed keys are refused without touching D1; good ones
 * are cached for KEY_CACHE_TTL_MS (revocation elsewhere lands within that window, at once here).
 */
export async function resolveApiKey(env: Env, key: string): Promise<ApiKeyPrincipal | null> {
  // Hot path: a key seen recently is answered from isolate memory without hashing it again.
  const recent = recentKeys.get(key);
  const known = recent === undefined ? undefined : apiKeys.get(recent);
  if (known) return known.found;
  if (!isWellFormed("apiKey", key)) return null;
  const hash = await hashCredential(key);
  recentKeys.set(key, hash, ttl(env));
  const hit = apiKeys.get(hash);
  if (hit) return hit.found;
  const readAt = generation;
  const row = await env.DB.prepare(
    `SELECT k.id AS keyId, k.user_id AS userId, u.suspended_at AS suspendedAt
       FROM api_keys k JOIN users u ON u.id = k.user_id
      WHERE k.key_hash = ?1 AND k.revoked_at IS NULL`,
  )
    .bind(hash)
    .first<{ keyId: string; userId: string; suspendedAt: number | null }>();
  const found = row ? { keyId: row.keyId, userId: row.userId, suspended: row.suspendedAt !== null } : null;
  if (readAt === generation) apiKeys.set(hash, { found }, ttl(env));
  return found;
}

export async function resolveProviderSecret(env: Env, providerId: string, secret: string): Promise<ProviderPrincipal | null> {
  if (!isWellFormed("providerSecret", secret)) return null;
  const hash = await hashCredential(secret);
  const cacheKey = `${providerId}:${hash}`;
  const hit = providerSecrets.get(cacheKey);
  if (hit) return hit.found;
  const readAt = generation;
  const row = await env.DB.prepare(`SELECT id, suspended_at AS suspendedAt FROM providers WHERE id = ?1 AND secret_hash = ?2`)
    .bind(providerId, hash)
    .first<{ id: string; suspendedAt: number | null }>();
  const found = row ? { providerId: row.id, suspended: row.suspendedAt !== null } : null;
  if (readAt === generation) providerSecrets.set(cacheKey, { found }, ttl(env));
  return found;
}

/** Revocation and suspension take effect at once in this isolate. */
export function forgetApiKeyHash(hash: string): void {
  generation++;
  apiKeys.delete(hash);
}

export function forgetAllPrincipals(): void {
  generation++;
  apiKeys.clear();
  recentKeys.clear();
  providerSecrets.clear();
}
