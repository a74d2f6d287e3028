import { describe, expect, it } from "vitest";
import { call, json, signupProvider, signupUser } from "../test-support";
import { deliver, usageEvent } from "../test-support/rewards";

/**
 * The doc's per-request figures that the consumer test does not already cover, each credited
 * through the real consumer into D1 and read back from the stats API (not the formula alone).
 */

interface ProviderStats {
  totals: { compute: string; referral: string; directBonus: string; total: string };
  today: { compute: string };
  byTier: { tier: string; amount: string }[];
  byModel: { model: string; amount: string }[];
  history: { date: string; compute: string; referral: string }[];
}

const providerStats = async (p: { providerId: string; providerSecret: string }) =>
  json<ProviderStats>(await call(`/api/providers/${p.providerId}/referral-stats`, { token: p.providerSecret }));
const userStats = async (u: { userId: string; apiKey: string }) =>
  json<{ totals: { usage: string; total: string }; today: { usage: string } }>(await call(`/api/user/${u.userId}/referral-stats`, { token: u.apiKey }));

describe("seed vectors through the consumer", () => {
  it("Example 2: a 7B chat on Blue Surge, 1000 tokens = 0.045", async () => {
    const provider = await signupProvider();
    const user = await signupUser();
    await deliver([usageEvent({ userId: user.userId, providerId: provider.providerId, model: "mistral:7b", tier: "blue-surge", promptTokens: 100, completionTokens: 900 })]);
    const s = await providerStats(provider);
    expect(s.totals.compute).toBe("0.045000000");
    expect(s.today.compute).toBe("0.045000000");
    expect(s.history).toHaveLength(30);
    expect(s.history.at(-1)?.compute).toBe("0.045000000");
  });

  it("Example 3: embeddings (qwen3-embedding:8b, Open Ocean, complexity 1.5), 500 tokens = 0.02625; the user gets 0.75", async () => {
    const provider = await signupProvider();
    const user = await signupUser();
    await deliver([usageEvent({ userId: user.userId, providerId: provider.providerId, service: "embeddings", model: "qwen3-embedding:8b", tier: "open-ocean", promptTokens: 500, completionTokens: 0 })]);
    const s = await providerStats(provider);
    expect(s.totals.compute).toBe("0.026250000");
    expect(s.byTier).toEqual([{ tier: "open-ocean", amount: "0.026250000" }]);
    expect(s.byModel).toEqual([{ model: "qwen3-embedding:8b", amount: "0.026250000" }]);
    // 0.5 + 500 × 0.0005
    expect((await userStats(user)).totals.usage).toBe("0.750000000");
  });

  it("a Mariana Depth node serving a Tide Pool model earns Tide Pool rates", async () => {
    const provider = await signupProvider();
    const user = await signupUser();
    await deliver([usageEvent({ userId: user.userId, providerId: provider.providerId, model: "gemma:2b", tier: "mariana-depth", promptTokens: 500, completionTokens: 500 })]);
    // 0.005 × 1.0 × 0.3 + 1000 × 0.00001 × 1.0 = 0.0015 + 0.01
    expect((await providerStats(provider)).totals.compute).toBe("0.011500000");
  });

  it("user points per endpoint: chat 1000 tokens = 2, tts 0.8, scrape 0.2", async () => {
    const provider = await signupProvider();
    const user = await signupUser();
    await deliver([
      usageEvent({ userId: user.userId, providerId: provider.providerId, service: "chat", model: "llama3:8b", promptTokens: 1, completionTokens: 999 }),
      usageEvent({ userId: user.userId, providerId: provider.providerId, service: "tts", model: "espeak-ng", tier: "basic", promptTokens: 0, completionTokens: 0 }),
      usageEvent({ userId: user.userId, providerId: provider.providerId, service: "scrape", model: "scrape", tier: "basic", promptTokens: 0, completionTokens: 0 }),
    ]);
    expect((await userStats(user)).totals.usage).toBe("3.000000000");
    // Provider: chat 0.045 + tts 0.005 × 0.6 + scrape 0.005 × 0.2 (Basic earns Tide Pool rates)
    expect((await providerStats(provider)).totals.compute).toBe("0.049000000");
  });
});
