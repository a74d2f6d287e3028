import { z } from "zod";

/** Exact decimal amounts travel as strings; a number is accepted and kept as its text. */
export const Amount = z.union([z.string(), z.number()]).transform((v) => String(v));
export type Amount = z.infer<typeof Amount>;

const AmountSet = z.looseObject({
  usage: Amount.optional(),
  compute: Amount.optional(),
  referral: Amount.default("0"),
  directBonus: Amount.default("0"),
  total: Amount.default("0"),
});
export type AmountSet = z.infer<typeof AmountSet>;

const Levels = z.object({ level1: z.number().default(0), level2: z.number().default(0), level3: z.number().default(0) });
const LevelAmounts = z.object({ level1: Amount.default("0"), level2: Amount.default("0"), level3: Amount.default("0") });

export const HistoryDay = z.looseObject({ date: z.string(), usage: Amount.optional(), compute: Amount.optional(), referral: Amount.default("0") });
export type HistoryDay = z.infer<typeof HistoryDay>;

export const Payout = z.looseObject({ epoch: z.string(), points: Amount.optional(), payout: Amount.optional() });
export type Payout = z.infer<typeof Payout>;

export const ReferralStats = z.looseObject({
  referralCode: z.string(),
  referrer: z.string().nullish(),
  totals: AmountSet,
  today: AmountSet,
  network: Levels,
  rewardsByLevel: LevelAmounts.default({ level1: "0", level2: "0", level3: "0" }),
  history: z.array(HistoryDay).default([]),
  payouts: z.array(Payout).default([]),
  byTier: z.array(z.object({ tier: z.string(), amount: Amount })).optional(),
  byModel: z.array(z.object({ model: z.string(), amount: Amount })).optional(),
});
export type ReferralStats = z.infer<typeof ReferralStats>;

/** The earned (non-referral) figure of an amount set: usage for users, compute for providers. */
export function earned(set: { usage?: string | undefined; compute?: string | undefined }): string {
  return set.usage ?? set.compute ?? "0";
}

export const ReferralApplied = z.looseObject({ referrer: z.string() });

export const ApiKey = z.object({ id: z.string(), name: z.string(), hint: z.string(), createdAt: z.string(), revokedAt: z.string().nullable() });
export type ApiKey = z.infer<typeof ApiKey>;
export const ApiKeyList = z.object({ data: z.array(ApiKey) });
export const ApiKeyCreated = ApiKey.extend({ key: z.string() });
export type ApiKeyCreated = z.infer<typeof ApiKeyCreated>;

export const UserCreated = z.object({ userId: z.string(), apiKey: z.string() });
export type UserCreated = z.infer<typeof UserCreated>;

export const NodeStatus = z.enum(["active", "starting", "cooldown", "offline"]).or(z.string());
export const NodeView = z.looseObject({
  nodeId: z.string(),
  status: NodeStatus,
  tier: z.string(),
  models: z.array(z.string()).default([]),
  publicUrl: z.string().default(""),
  latencyMs: z.number().nullable().default(null),
  successRate: z.number().nullable().default(null),
  inFlight: z.number().default(0),
  capacity: z.number().default(0),
  lastHeartbeatAt: z.union([z.string(), z.number()]).nullable().default(null),
});
export type NodeView = z.infer<typeof NodeView>;
export const NodeList = z.object({ data: z.array(NodeView) });

export const Registry = z.object({
  tiers: z.array(z.looseObject({ tier: z.string(), nodes: z.array(z.record(z.string(), z.unknown())).default([]) })),
});
export type Registry = z.infer<typeof Registry>;

export const EpochSummary = z.looseObject({
  epoch: z.string(),
  revenue: Amount.optional(),
  totalPoints: Amount.optional(),
  accounts: z.number().optional(),
  closedAt: z.string().optional(),
});
export type EpochSummary = z.infer<typeof EpochSummary>;
export const EpochList = z.object({ data: z.array(EpochSummary) });
export const EpochDetail = EpochSummary.extend({
  payouts: z.array(z.looseObject({ accountId: z.string(), points: Amount.optional(), payout: Amount.optional() })).default([]),
});
export type EpochDetail = z.infer<typeof EpochDetail>;

export const Reconcile = z.looseObject({
  ok: z.boolean(),
  checks: z.array(z.looseObject({ name: z.string(), ok: z.boolean(), violations: z.number().optional() })).default([]),
  network: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
});
export type Reconcile = z.infer<typeof Reconcile>;

export const Suspension = z.object({ accountId: z.string(), suspended: z.boolean(), suspendedAt: z.string().nullable() });
export type Suspension = z.infer<typeof Suspension>;
