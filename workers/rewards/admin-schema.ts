import { z } from "@hono/zod-openapi";
import { Money, Points } from "./stats-schema";

export const EpochPayout = z.object({ accountId: z.string(), points: Points, payout: Money });

/** A closed epoch: written once, never updated. Payouts sum exactly to the revenue. */
export const EpochDetail = z
  .object({
    epoch: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    revenue: Money,
    totalPoints: Points,
    closedAt: z.string(),
    payouts: z.array(EpochPayout),
  })
  .openapi("Epoch");
export type EpochDetail = z.infer<typeof EpochDetail>;

export const EpochSummary = z
  .object({ epoch: z.string(), revenue: Money, totalPoints: Points, accounts: z.number().int(), closedAt: z.string() })
  .openapi("EpochSummary");
export type EpochSummary = z.infer<typeof EpochSummary>;

export const Reconciliation = z
  .object({
    ok: z.boolean(),
    checks: z.array(z.object({ name: z.string(), ok: z.boolean(), violations: z.number().int() })),
    network: z.object({ users: z.number().int(), providers: z.number().int(), requestsCredited: z.number().int(), pointsIssued: Points }),
  })
  .openapi("Reconciliation");
export type Reconciliation = z.infer<typeof Reconciliation>;
