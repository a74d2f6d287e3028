import { describe, expect, it } from "vitest";
import { call, json } from "../test-support";
import { accountId, deliver, insertAccounts, usageEvent } from "../test-support/rewards";
import { env } from "cloudflare:workers";
import { generateCredential, hashCredential } from "../auth/credentials";

/**
 * The rewards doc's two network examples, reproduced through the real engine: accounts and
 * referral links in D1, usage events through the queue consumer, figures read from the stats API.
 * Each referred account's monthly earnings are produced by one request of the right size.
 */

async function tree(kind: "user" | "provider", widths: [number, number, number]) {
  const root = accountId(kind);
  const levels: string[][] = [[root]];
  const specs = [{ id: root, referrer: null as string | null }];
  for (const w of widths) {
    const next: string[] = [];
    for (const parent of levels[levels.length - 1] ?? []) {
      for (let i = 0; i < w; i++) {
        const id = accountId(kind);
        next.push(id);
        specs.push({ id, referrer: parent });
      }
    }
    levels.push(next);
  }
  await insertAccounts(kind, specs);
  return { root, levels };
}

describe("network examples of the rewards doc", () => {
  it("Example 1: active developer network = 165 points/month", async () => {
    const { root, levels } = await tree("user", [5, 3, 2]);
    const provider = accountId("provider");
    await insertAccounts("provider", [{ id: provider, referrer: null }]);
    // usage points of one chat = 1 + 0.001 × tokens: 100 points ⇐ 99,000 tokens, 50 ⇐ 49,000, 25 ⇐ 24,000.
    const tokensFor = [99_000, 49_000, 24_000];
    const events = levels.slice(1).flatMap((ids, lvl) => ids.map((userId) => usageEvent({ userId, providerId: provider, promptTokens: 0, completionTokens: tokensFor[lvl] ?? 0 })));
    expect(events).toHaveLength(5 + 15 + 30);
    await deliver(events);
    const key = generateCredential("apiKey");
    await env.DB.prepare(`INSERT INTO api_keys (id, user_id, name, key_hash, hint, created_at) VALUES (?1, ?2, 'k', ?3, 'h', 0)`).bind(`key_${root.slice(4)}`, root, await hashCredential(key)).run();
    const stats = await json<{ rewardsByLevel: Record<string, string>; totals: { referral: string }; network: Record<string, number> }>(await call(`/api/user/${root}/referral-stats`, { token: key }));
    expect(stats.network).toEqual({ level1: 5, level2: 15, level3: 30 });
    expect(stats.rewardsByLevel).toEqual({ level1: "75.000000000", level2: "60.000000000", level3: "30.000000000" });
    expect(stats.totals.referral).toBe("165.000000000");
  });

  it("Example 2: high-end provider network = 185.625/month", async () => {
    const { root, levels } = await tree("provider", [3, 2, 1]);
    const user = accountId("user");
    await insertAccounts("user", [{ id: user, referrer: null }]);
    // Mariana Depth, llama3:70b: 0.225 + tokens × 0.00015. A month of 1000 requests @0.375 = 375
    // ⇐ 2,498,500 tokens in one request; 500 @0.375 = 187.5 ⇐ 1,248,500; 300 @0.375 = 112.5 ⇐ 748,500.
    const tokensFor = [2_498_500, 1_248_500, 748_500];
    const events = levels.slice(1).flatMap((ids, lvl) =>
      ids.map((providerId) => usageEvent({ userId: user, providerId, model: "llama3:70b", tier: "mariana-depth", promptTokens: 0, completionTokens: tokensFor[lvl] ?? 0 })),
    );
    await deliver(events);
    const secret = generateCredential("providerSecret");
    await env.DB.prepare(`UPDATE providers SET secret_hash = ?1 WHERE id = ?2`).bind(await hashCredential(secret), root).run();
    const stats = await json<{ rewardsByLevel: Record<string, string>; totals: { referral: string }; network: Record<string, number> }>(
      await call(`/api/providers/${root}/referral-stats`, { token: secret }),
    );
    expect(stats.network).toEqual({ level1: 3, level2: 6, level3: 6 });
    expect(stats.rewardsByLevel).toEqual({ level1: "112.500000000", level2: "56.250000000", level3: "16.875000000" });
    expect(stats.totals.referral).toBe("185.625000000");
  });
});
