/**
 * An independent, exact calculator of what the rewards system doc promises, written from the
 * seed's tables (not imported from the engine). Amounts are bigint nano-points; the design's
 * rounding rule is one floor per credit, referral shares taken from the floored original.
 */
const NANO = 1_000_000_000n;

/** "0.00015" → 150000n nano-points. */
export function nano(decimal: string): bigint {
  const m = /^(\d+)(?:\.(\d{1,9}))?$/.exec(decimal);
  if (!m) throw new Error(`bad decimal ${decimal}`);
  return BigInt(m[1] ?? "0") * NANO + BigInt((m[2] ?? "").padEnd(9, "0"));
}

/** "1.5" → 1500n (per-mille). */
const permille = (decimal: string): bigint => nano(decimal) / 1_000_000n;

export function formatNano(v: bigint): string {
  return `${v / NANO}.${(v % NANO).toString().padStart(9, "0")}`;
}

export type Tier = "basic" | "tide-pool" | "blue-surge" | "open-ocean" | "mariana-depth";
export type Service = "chat" | "embeddings" | "tts" | "scrape";

// Seed: "Tiered Compute Earnings" table. Basic earns at Tide Pool rates (design decision).
const TIER_TABLE: Record<Tier, { level: number; base: string; perToken: string }> = {
  basic: { level: 0, base: "0.005", perToken: "0.00001" },
  "tide-pool": { level: 1, base: "0.005", perToken: "0.00001" },
  "blue-surge": { level: 2, base: "0.015", perToken: "0.00003" },
  "open-ocean": { level: 3, base: "0.035", perToken: "0.00007" },
  "mariana-depth": { level: 4, base: "0.075", perToken: "0.00015" },
};
// Seed: "Service Multipliers".
const SERVICE_MULT: Record<Service, string> = { chat: "1.0", tts: "0.6", embeddings: "0.3", scrape: "0.2" };
// Seed: "User Points System" table.
const USER_TABLE: Record<Service, { base: string; perToken: string }> = {
  chat: { base: "1", perToken: "0.001" },
  embeddings: { base: "0.5", perToken: "0.0005" },
  scrape: { base: "0.2", perToken: "0" },
  tts: { base: "0.8", perToken: "0" },
};
// Seed: referral levels (provider 10/5/2.5 %, user 15/8/4 %) and direct bonuses.
const REFERRAL_PCT = { provider: ["10", "5", "2.5"], user: ["15", "8", "4"] } as const;
export const DIRECT_BONUS = { provider: nano("50"), user: nano("25") } as const;

/**
 * The models this suite serves, per the seed's complexity table and the design's catalog
 * decisions: Llama3-8B is Blue Surge 1.0×; the embedding model maps to Open Ocean 1.5× (the
 * seed's embeddings example); the TTS engine and the scraper are catalogued as Basic 1.0×.
 */
export const MODELS: Record<string, { tier: Tier; complexity: string }> = {
  "llama3:70b": { tier: "mariana-depth", complexity: "3.0" },
  "llama3:8b": { tier: "blue-surge", complexity: "1.0" },
  "qwen3-embedding:8b": { tier: "open-ocean", complexity: "1.5" },
  "espeak-ng": { tier: "basic", complexity: "1.0" },
  scrape: { tier: "basic", complexity: "1.0" },
};

/** Performance adjustment in percent: +10% under 2 s, −10% over 10 s. */
export type Perf = 110n | 100n | 90n;

export function computeReward(x: { nodeTier: Tier; model: string; service: Service; tokens: number; perf: Perf }): bigint {
  const cat = MODELS[x.model];
  const complexity = permille(cat?.complexity ?? "1.0");
  // The reward tier is the node's hardware tier capped at the model's catalog tier.
  const capped = cat && TIER_TABLE[cat.tier].level < TIER_TABLE[x.nodeTier].level ? cat.tier : x.nodeTier;
  const rates = TIER_TABLE[capped];
  const svc = permille(SERVICE_MULT[x.service]);
  // base × service × complexity + tokens × perToken × service, all in nano × 10^6, then × perf %.
  const numerator = (nano(rates.base) * svc * complexity + BigInt(x.tokens) * nano(rates.perToken) * svc * 1000n) * x.perf;
  return numerator / (1000n * 1000n * 100n);
}

export function userPoints(service: Service, tokens: number): bigint {
  const t = USER_TABLE[service];
  return nano(t.base) + BigInt(tokens) * nano(t.perToken);
}

/** Level-n share of the original earner's credit. */
export function referralShare(kind: "provider" | "user", level: 1 | 2 | 3, amount: bigint): bigint {
  const pct = REFERRAL_PCT[kind][level - 1] ?? "0";
  // permille("2.5") = 2500 = pct × 1000, so amount × pct / 100 = amount × permille / 100000.
  return (amount * permille(pct)) / 100_000n;
}

/** Edge token estimate the design fixes: ceil(chars / 4) per text, plus 4 per chat message. */
export const edgeTokens = (text: string): number => (text.length === 0 ? 0 : Math.ceil(text.length / 4));
export const edgeChatPrompt = (messages: { content: string }[]): number => messages.reduce((n, m) => n + 4 + edgeTokens(m.content), 0);

/** Billed tokens: min(provider's claim, edge count), totals compared. */
export function billedTokens(counted: number, claimed: number | null): number {
  return claimed === null ? counted : Math.min(counted, claimed);
}
