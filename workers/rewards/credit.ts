import { catalogModel, computeReward, modelComplexity, referralShare, userPoints } from "@cxmpute/protocol";
import type { UsageEvent } from "../usage/usage-event";
import type { Chains } from "./chains";
import type { LedgerRow } from "./ledger";

const LEVEL_KINDS = ["referral_l1", "referral_l2", "referral_l3"] as const;

/**
 * Every credit one usage event earns: the provider's compute reward, the user's usage points,
 * and up to three referral shares on each side. Shares are of the original amount; the earner
 * keeps 100%. Deterministic in the event alone, so a redelivery produces identical rows.
 */
export function eventCredits(e: UsageEvent, providerChains: Chains, userChains: Chains): LedgerRow[] {
  const tokens = e.promptTokens + e.completionTokens;
  const entry = catalogModel(e.model);
  const compute = computeReward({
    nodeTier: e.tier,
    modelTier: entry?.tier ?? null,
    service: e.service,
    complexity: modelComplexity(e.model),
    tokens,
    latencyMs: e.latencyMs,
  });
  const usage = userPoints(e.service, tokens);
  const common = { requestId: e.requestId, service: e.service, model: e.model, tier: e.tier, tokens, createdAt: e.at };
  const rows: LedgerRow[] = [
    { ...common, accountId: e.providerId, kind: "compute", amount: compute, sourceAccount: e.providerId },
    { ...common, accountId: e.userId, kind: "usage", amount: usage, sourceAccount: e.userId },
  ];
  (providerChains.get(e.providerId) ?? []).forEach((referrer, i) => {
    rows.push({ ...common, accountId: referrer, kind: LEVEL_KINDS[i] ?? "referral_l3", amount: referralShare("provider", (i + 1) as 1 | 2 | 3, compute), sourceAccount: e.providerId });
  });
  (userChains.get(e.userId) ?? []).forEach((referrer, i) => {
    rows.push({ ...common, accountId: referrer, kind: LEVEL_KINDS[i] ?? "referral_l3", amount: referralShare("user", (i + 1) as 1 | 2 | 3, usage), sourceAccount: e.userId });
  });
  return rows;
}
