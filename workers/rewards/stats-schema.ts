import { z } from "@hono/zod-openapi";

/** Points as an exact fixed decimal (9 places = nano-points); never a float. */
export const Points = z.string().regex(/^-?\d+\.\d{9}$/).openapi({ example: "0.375000000" });
/** Money (epoch payouts) in cents as a 2-place decimal. */
export const Money = z.string().regex(/^\d+\.\d{2}$/).openapi({ example: "978.00" });

const referralParts = { referral: Points, directBonus: Points, total: Points };
const UsageTotals = z.object({ usage: Points, ...referralParts });
const ComputeTotals = z.object({ compute: Points, ...referralParts });
const Levels = <T extends z.ZodType>(t: T) => z.object({ level1: t, level2: t, level3: t });
const Payout = z.object({ epoch: z.string(), points: Points, payout: Money });

/** Fields both kinds share. The provider CLI reads `totals`, `today` and `network`: keep those names. */
const common = {
  accountId: z.string(),
  /** An account's referral code is its own id. */
  referralCode: z.string(),
  referrer: z.string().nullable(),
  network: Levels(z.number().int().nonnegative()),
  rewardsByLevel: Levels(Points),
  payouts: z.array(Payout),
};

export const UserStats = z
  .object({
    ...common,
    totals: UsageTotals,
    today: UsageTotals,
    history: z.array(z.object({ date: z.string(), usage: Points, referral: Points })).length(30),
  })
  .openapi("UserReferralStats");
export type UserStats = z.infer<typeof UserStats>;

export const ProviderStats = z
  .object({
    ...common,
    totals: ComputeTotals,
    today: ComputeTotals,
    history: z.array(z.object({ date: z.string(), compute: Points, referral: Points })).length(30),
    byTier: z.array(z.object({ tier: z.string(), amount: Points })),
    byModel: z.array(z.object({ model: z.string(), amount: Points })),
  })
  .openapi("ProviderReferralStats");
export type ProviderStats = z.infer<typeof ProviderStats>;
