import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

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

/**
 * Append-only points ledger, amounts in nano-points. (request_id, account_id, kind) is the
 * idempotency key: every credit is written with INSERT OR IGNORE, so redelivery never doubles.
 * kind: compute | usage | referral_l1 | referral_l2 | referral_l3 | direct_bonus.
 */
export const ledgerEntries = sqliteTable("ledger_entries", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  requestId: text("request_id").notNull(),
  accountId: text("account_id").notNull(),
  kind: text("kind").notNull(),
  amount: integer("amount").notNull(),
  sourceAccount: text("source_account").notNull(),
  service: text("service"),
  model: text("model"),
  tier: text("tier"),
  tokens: integer("tokens").notNull().default(0),
  createdAt: integer("created_at").notNull(),
}, (t) => [
  uniqueIndex("ledger_idem_idx").on(t.requestId, t.accountId, t.kind),
  // No per-account index: every batch would dirty one index page per credited account, and that
  // write amplification, not the inserts, bounded the consumer. Per-account reads use account_daily.
  index("ledger_time_idx").on(t.createdAt),
]);

/** Sums per account, UTC day, kind, model and tier: the shape of both day tables below. */
function daySumsTable<N extends string>(name: N) {
  return sqliteTable(name, {
    accountId: text("account_id").notNull(),
    day: text("day").notNull(),
    kind: text("kind").notNull(),
    model: text("model").notNull().default(""),
    tier: text("tier").notNull().default(""),
    amount: integer("amount").notNull(),
    entries: integer("entries").notNull(),
  }, (t) => [primaryKey({ columns: [t.accountId, t.day, t.kind, t.model, t.tier] })]);
}

/** Ledger rows older than 30 days, rolled up per account, UTC day, kind, model and tier. */
export const dailyAggregates = daySumsTable("daily_aggregates");

/**
 * Per account, UTC day, kind, model and tier: the same sums as ledger rows + daily aggregates,
 * kept by the ledger insert trigger and never rolled up. The stats API reads only this and
 * account_totals, so a busy account's dashboard costs days, not rows.
 */
export const accountDaily = daySumsTable("account_daily");

/** Running totals per account and kind, maintained by a trigger on ledger inserts (see migration). */
export const accountTotals = sqliteTable("account_totals", {
  accountId: text("account_id").notNull(),
  kind: text("kind").notNull(),
  amount: integer("amount").notNull(),
  entries: integer("entries").notNull(),
}, (t) => [primaryKey({ columns: [t.accountId, t.kind] })]);

/** A closed epoch: written once, never updated. */
export const epochs = sqliteTable("epochs", {
  epoch: text("epoch").primaryKey(),
  startsAt: integer("starts_at").notNull(),
  endsAt: integer("ends_at").notNull(),
  revenueCents: integer("revenue_cents").notNull(),
  totalPoints: integer("total_points").notNull(),
  closedAt: integer("closed_at").notNull(),
});

export const epochPayouts = sqliteTable("epoch_payouts", {
  epoch: text("epoch").notNull(),
  accountId: text("account_id").notNull(),
  points: integer("points").notNull(),
  payoutCents: integer("payout_cents").notNull(),
}, (t) => [primaryKey({ columns: [t.epoch, t.accountId] }), index("epoch_payouts_account_idx").on(t.accountId)]);

/** Small key/value state for scheduled jobs (e.g. the last roll-up day). */
export const jobState = sqliteTable("job_state", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});
