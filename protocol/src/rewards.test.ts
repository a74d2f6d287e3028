import { describe, expect, it } from "vitest";
import { computeReward, decimalToMicro, formatPoints, referralShare, userPoints } from "./rewards";

describe("reward tables (the seed's worked examples are exact)", () => {
  it("Example 1: 70B on Mariana Depth, 1000 tokens = 0.375", () => {
    const r = computeReward({ nodeTier: "mariana-depth", modelTier: "mariana-depth", service: "chat", complexity: "3.0", tokens: 1000, latencyMs: 5000 });
    expect(formatPoints(r)).toBe("0.375000000");
  });
  it("Example 2: 7B on Blue Surge, 1000 tokens = 0.045", () => {
    expect(formatPoints(computeReward({ nodeTier: "blue-surge", modelTier: "blue-surge", service: "chat", complexity: "1.0", tokens: 1000, latencyMs: 5000 }))).toBe("0.045000000");
  });
  it("Example 3: embeddings at Open Ocean rates, complexity 1.5, 500 tokens = 0.02625", () => {
    expect(formatPoints(computeReward({ nodeTier: "open-ocean", modelTier: "open-ocean", service: "embeddings", complexity: "1.5", tokens: 500, latencyMs: 5000 }))).toBe("0.026250000");
  });
  it("performance bonus and penalty, tier cap, Basic at Tide Pool rates", () => {
    const base = { nodeTier: "blue-surge" as const, modelTier: "blue-surge" as const, service: "chat" as const, complexity: "1.0", tokens: 1000 };
    expect(formatPoints(computeReward({ ...base, latencyMs: 1999 }))).toBe("0.049500000");
    expect(formatPoints(computeReward({ ...base, latencyMs: 10_001 }))).toBe("0.040500000");
    expect(formatPoints(computeReward({ ...base, latencyMs: 2000 }))).toBe("0.045000000");
    // A Mariana Depth node serving a Tide Pool model earns Tide Pool rates.
    expect(computeReward({ ...base, nodeTier: "mariana-depth", modelTier: "tide-pool", complexity: "0.3", latencyMs: 5000 })).toBe(
      computeReward({ ...base, nodeTier: "tide-pool", modelTier: "tide-pool", complexity: "0.3", latencyMs: 5000 }),
    );
    expect(computeReward({ ...base, nodeTier: "basic", modelTier: null, latencyMs: 5000 })).toBe(computeReward({ ...base, nodeTier: "tide-pool", modelTier: null, latencyMs: 5000 }));
  });
  it("user points: a 1000-token chat = 2; embeddings, scrape, tts per the table", () => {
    expect(formatPoints(userPoints("chat", 1000))).toBe("2.000000000");
    expect(formatPoints(userPoints("embeddings", 1000))).toBe("1.000000000");
    expect(formatPoints(userPoints("scrape", 50))).toBe("0.200000000");
    expect(formatPoints(userPoints("tts", 0))).toBe("0.800000000");
  });
  it("referral chain of a 0.375 reward: 0.0375 / 0.01875 / 0.009375", () => {
    const r = 375_000_000n;
    expect([1, 2, 3].map((l) => formatPoints(referralShare("provider", l as 1 | 2 | 3, r)))).toEqual(["0.037500000", "0.018750000", "0.009375000"]);
    expect([1, 2, 3].map((l) => formatPoints(referralShare("user", l as 1 | 2 | 3, 2_000_000_000n)))).toEqual(["0.300000000", "0.160000000", "0.080000000"]);
  });
  it("decimals parse exactly", () => {
    expect(decimalToMicro("2.5")).toBe(2_500_000n);
    expect(decimalToMicro("0.3")).toBe(300_000n);
    expect(() => decimalToMicro("1e3")).toThrow();
  });
});
