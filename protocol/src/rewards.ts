import type { Service } from "./services.js";
import { minTier, type TierId } from "./tiers.js";

/**
 * Reward tables of the rewards system doc, as exact integers. Points are counted in nano-points
 * (1 point = 1_000_000_000 units) so every figure in the doc is a whole number of units and no
 * float ever touches a credit. Rounding rule: each credit is floored once, at its last step.
 */
export const UNITS_PER_POINT = 1_000_000_000n;

/** Base reward and per-token multiplier, in nano-points. Basic earns at Tide Pool rates. */
export const TIER_RATES: Record<TierId, { base: bigint; perToken: bigint }> = {
  basic: { base: 5_000_000n, perToken: 10_000n },
  "tide-pool": { base: 5_000_000n, perToken: 10_000n },
  "blue-surge": { base: 15_000_000n, perToken: 30_000n },
  "open-ocean": { base: 35_000_000n, perToken: 70_000n },
  "mariana-depth": { base: 75_000_000n, perToken: 150_000n },
};

/** Service multipliers in per-mille (chat 1.0, TTS 0.6, embeddings 0.3, scrape 0.2). */
export const SERVICE_PERMILLE: Record<Service, bigint> = { chat: 1000n, tts: 600n, embeddings: 300n, scrape: 200n };

/** Performance: +10% under 2 s, −10% over 10 s (percent). */
export const FAST_MS = 2000;
export const SLOW_MS = 10_000;
export function performancePercent(latencyMs: number): bigint {
  if (latencyMs < FAST_MS) return 110n;
  if (latencyMs > SLOW_MS) return 90n;
  return 100n;
}

/** Referral shares of the original earner's reward, per-mille, levels 1..3. */
export const REFERRAL_PERMILLE = {
  provider: [100n, 50n, 25n],
  user: [150n, 80n, 40n],
} as const;

/** Paid to the referrer once, when a code is applied. */
export const DIRECT_BONUS = { provider: 50n * UNITS_PER_POINT, user: 25n * UNITS_PER_POINT } as const;

/** User points per endpoint: base + per-token bonus, in nano-points. */
export const USER_POINTS: Record<Service, { base: bigint; perToken: bigint }> = {
  chat: { base: 1_000_000_000n, perToken: 1_000_000n },
  embeddings: { base: 500_000_000n, perToken: 500_000n },
  scrape: { base: 200_000_000n, perToken: 0n },
  tts: { base: 800_000_000n, perToken: 0n },
};

/** "2.5" → 2_500_000 (micro units), exact for up to six decimals. */
export function decimalToMicro(text: string): bigint {
  const m = /^(\d+)(?:\.(\d{1,6}))?$/.exec(text);
  if (!m) throw new Error(`not a decimal: ${text}`);
  return BigInt(m[1] ?? "0") * 1_000_000n + BigInt((m[2] ?? "").padEnd(6, "0") || "0");
}

export interface ComputeRewardInput {
  /** Serving node's hardware tier. */
  nodeTier: TierId;
  /** Catalog tier of the model (caps the reward tier); null for models not in the catalog. */
  modelTier: TierId | null;
  service: Service;
  /** Model complexity as a decimal string ("1.0" for unknown models). */
  complexity: string;
  tokens: number;
  latencyMs: number;
}

/** Tier whose rates pay: the node's, capped at the model's catalog tier. */
export function rewardTier(nodeTier: TierId, modelTier: TierId | null): TierId {
  return modelTier ? minTier(nodeTier, modelTier) : nodeTier;
}

/** Provider reward = (base × service × complexity + tokens × perToken × service) × performance. */
export function computeReward(i: ComputeRewardInput): bigint {
  const rates = TIER_RATES[rewardTier(i.nodeTier, i.modelTier)];
  const svc = SERVICE_PERMILLE[i.service];
  const cx = decimalToMicro(i.complexity);
  const tokens = BigInt(Math.max(0, Math.floor(i.tokens)));
  const numerator = (rates.base * svc * cx + tokens * rates.perToken * svc * 1_000_000n) * performancePercent(i.latencyMs);
  return numerator / (1000n * 1_000_000n * 100n);
}

export function userPoints(service: Service, tokens: number): bigint {
  const p = USER_POINTS[service];
  return p.base + BigInt(Math.max(0, Math.floor(tokens))) * p.perToken;
}

/** Level-n referral share (1..3) of an original amount. */
export function referralShare(kind: "provider" | "user", level: 1 | 2 | 3, amount: bigint): bigint {
  return (amount * (REFERRAL_PERMILLE[kind][level - 1] ?? 0n)) / 1000n;
}

/** 375000000n → "0.375000000"; exact, for APIs and screens. */
export function formatPoints(units: bigint): string {
  const neg = units < 0n;
  const abs = neg ? -units : units;
  const whole = abs / UNITS_PER_POINT;
  const frac = (abs % UNITS_PER_POINT).toString().padStart(9, "0");
  return `${neg ? "-" : ""}${whole}.${frac}`;
}
