import { displayHint, generateCredential, hashCredential } from "../auth/credentials";
import { newKeyId, newProviderId, newUserId } from "../lib/random";
import { checkReferral, referralStatements } from "../rewards/referrals";

/** Signup with an optional referral code: account, first key, referral and direct bonus in one transaction. */
export async function createUser(d1: D1Database, referralCode: string | undefined): Promise<{ userId: string; apiKey: string }> {
  if (referralCode) await checkReferral(d1, "user", null, referralCode);
  const userId = newUserId();
  const apiKey = generateCredential("apiKey");
  const now = Date.now();
  await d1.batch([
    d1.prepare("INSERT INTO users (id, created_at) VALUES (?1, ?2)").bind(userId, now),
    d1
      .prepare("INSERT INTO api_keys (id, user_id, name, key_hash, hint, created_at) VALUES (?1, ?2, 'default', ?3, ?4, ?5)")
      .bind(newKeyId(), userId, await hashCredential(apiKey), displayHint(apiKey), now),
    ...(referralCode ? referralStatements(d1, "user", userId, referralCode, now) : []),
  ]);
  return { userId, apiKey };
}

export async function createProvider(d1: D1Database, referralCode: string | undefined): Promise<{ providerId: string; providerSecret: string }> {
  if (referralCode) await checkReferral(d1, "provider", null, referralCode);
  const providerId = newProviderId();
  const providerSecret = generateCredential("providerSecret");
  const now = Date.now();
  await d1.batch([
    d1.prepare("INSERT INTO providers (id, secret_hash, created_at) VALUES (?1, ?2, ?3)").bind(providerId, await hashCredential(providerSecret), now),
    ...(referralCode ? referralStatements(d1, "provider", providerId, referralCode, now) : []),
  ]);
  return { providerId, providerSecret };
}
