import type { Db } from "../db";
import { apiKeys, providers, users } from "../db/schema";
import { displayHint, generateCredential, hashCredential } from "../auth/credentials";
import { newKeyId, newProviderId, newUserId } from "../lib/random";
import { checkReferralCode } from "./referral-code";

export async function createUser(db: Db, referralCode: string | undefined): Promise<{ userId: string; apiKey: string }> {
  const referrerId = referralCode ? await checkReferralCode(db, "user", referralCode) : null;
  const userId = newUserId();
  const apiKey = generateCredential("apiKey");
  const now = Date.now();
  await db.batch([
    db.insert(users).values({ id: userId, referrerId, createdAt: now }),
    db.insert(apiKeys).values({ id: newKeyId(), userId, name: "default", keyHash: await hashCredential(apiKey), hint: displayHint(apiKey), createdAt: now }),
  ]);
  return { userId, apiKey };
}

export async function createProvider(db: Db, referralCode: string | undefined): Promise<{ providerId: string; providerSecret: string }> {
  const referrerId = referralCode ? await checkReferralCode(db, "provider", referralCode) : null;
  const providerId = newProviderId();
  const providerSecret = generateCredential("providerSecret");
  await db.insert(providers).values({ id: providerId, secretHash: await hashCredential(providerSecret), referrerId, createdAt: Date.now() });
  return { providerId, providerSecret };
}
