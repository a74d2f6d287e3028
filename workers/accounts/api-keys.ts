import { and, count, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "../db";
import { apiKeys } from "../db/schema";
import { displayHint, generateCredential, hashCredential } from "../auth/credentials";
import { forgetApiKeyHash } from "../auth/principals";
import { ApiError } from "../lib/api-error";
import { newKeyId } from "../lib/random";

export const MAX_ACTIVE_KEYS = 25;

export interface ApiKeyView {
  id: string;
  name: string;
  hint: string;
  createdAt: string;
  revokedAt: string | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export async function listKeys(db: Db, userId: string): Promise<ApiKeyView[]> {
  const rows = await db.select().from(apiKeys).where(eq(apiKeys.userId, userId)).orderBy(desc(apiKeys.createdAt)).all();
  return rows.map((r) => ({ id: r.id, name: r.name, hint: r.hint, createdAt: new Date(r.createdAt).toISOString(), revokedAt: iso(r.revokedAt) }));
}

export async function createKey(db: Db, userId: string, name: string): Promise<ApiKeyView & { key: string }> {
  const active = await db.select({ n: count() }).from(apiKeys).where(and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt))).get();
  if ((active?.n ?? 0) >= MAX_ACTIVE_KEYS) {
    throw new ApiError(409, `At most ${MAX_ACTIVE_KEYS} active keys per user: revoke one first.`, { code: "too_many_keys" });
  }
  const key = generateCredential("apiKey");
  const row = { id: newKeyId(), userId, name, keyHash: await hashCredential(key), hint: displayHint(key), createdAt: Date.now() };
  await db.insert(apiKeys).values(row);
  return { id: row.id, name, hint: row.hint, createdAt: new Date(row.createdAt).toISOString(), revokedAt: null, key };
}

export async function revokeKey(db: Db, userId: string, keyId: string): Promise<ApiKeyView> {
  const row = await db.select().from(apiKeys).where(and(eq(apiKeys.id, keyId), eq(apiKeys.userId, userId))).get();
  if (!row) throw new ApiError(404, `No such key: ${keyId.slice(0, 64)}`, { code: "key_not_found", param: "keyId" });
  const revokedAt = row.revokedAt ?? Date.now();
  if (row.revokedAt === null) await db.update(apiKeys).set({ revokedAt }).where(eq(apiKeys.id, keyId));
  forgetApiKeyHash(row.keyHash);
  return { id: row.id, name: row.name, hint: row.hint, createdAt: new Date(row.createdAt).toISOString(), revokedAt: iso(revokedAt) };
}
