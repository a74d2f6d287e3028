import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** Times are Unix milliseconds. Secrets are stored only as SHA-256 hex. */

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  referrerId: text("referrer_id"),
  createdAt: integer("created_at").notNull(),
  suspendedAt: integer("suspended_at"),
}, (t) => [index("users_referrer_idx").on(t.referrerId)]);

export const providers = sqliteTable("providers", {
  id: text("id").primaryKey(),
  secretHash: text("secret_hash").notNull(),
  referrerId: text("referrer_id"),
  createdAt: integer("created_at").notNull(),
  suspendedAt: integer("suspended_at"),
}, (t) => [index("providers_referrer_idx").on(t.referrerId)]);

export const apiKeys = sqliteTable("api_keys", {
  id: text("id").primaryKey(),
  userId: text("user_id").notNull().references(() => users.id),
  name: text("name").notNull(),
  keyHash: text("key_hash").notNull(),
  hint: text("hint").notNull(),
  createdAt: integer("created_at").notNull(),
  revokedAt: integer("revoked_at"),
}, (t) => [
  uniqueIndex("api_keys_hash_idx").on(t.keyHash),
  index("api_keys_user_idx").on(t.userId).where(sql`revoked_at IS NULL`),
]);
