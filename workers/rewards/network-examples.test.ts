import { describe, expect, it } from "vitest";
import { call, json } from "../test-support";
import { accountId, deliver, insertAccounts, totalsOf, usageEvent } from "../test-support/rewards";
import { env } from "cloudflare:workers";
import { generateCredential, hashCredential } from "../auth/credentials";

/**
 * The rewards doc's two network examples, reproduced through the real engine: accounts and
 * referral links in D1, usage events through the queue consumer, figures read from the stats API.
 * Every referred account makes its month literally: the doc's request counts, one event each.
 */

async function deliverAll(events: unknown[]): Promise<void> {
  for (let i = 0; i < events.length; i += 100) {
    const r = await deliver(events.slice(i, i + 100));
    expect(r.retryMessages).toHaveLength(0);
  }
}

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
    // A month of 100 points = 50 chats of 1000 tokens (2 points each); 50 = 25 chats; 25 = 12 chats + one 0-token chat (1 point).
    const month = (userId: string, points: number) => [
      ...Array.from({ length: Math.floor(points / 2) }, () => usageEvent({ userId, providerId: provider, promptTokens: 250, completionTokens: 750 })),
      ...(points % 2 ? [usageEvent({ userId, providerId: provider, promptTokens: 0, completionTokens: 0 })] : []),
    ];
    const perLevel = [100, 50, 25];
    const events = levels.slice(1).flatMap((ids, lvl) => ids.flatMap((userId) => month(userId, perLevel[lvl] ?? 0)));
    expect(events).toHaveLength(5 * 50 + 15 * 25 + 30 * 13);
    await deliverAll(events);
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
    // llama3:70b on Mariana Depth, 1000 tokens, 5 s: 0.375 per request. Requests per month by level: 1000, 500, 300.
    const perLevel = [1000, 500, 300];
    const events = levels.slice(1).flatMap((ids, lvl) =>
      ids.flatMap((providerId) =>
        Array.from({ length: perLevel[lvl] ?? 0 }, () => usageEvent({ userId: user, providerId, model: "llama3:70b", tier: "mariana-depth", promptTokens: 400, completionTokens: 600 })),
      ),
    );
    expect(events).toHaveLength(3 * 1000 + 6 * 500 + 6 * 300);
    await deliverAll(events);
    const secret = generateCredential("providerSecret");
    await env.DB.prepare(`UPDATE providers SET secret_hash = ?1 WHERE id = ?2`).bind(await hashCredential(secret), root).run();
    const stats = await json<{ rewardsByLevel: Record<string, string>; totals: { referral: string }; network: Record<string, number> }>(
      await call(`/api/providers/${root}/referral-stats`, { token: secret }),
    );
    expect(stats.network).toEqual({ level1: 3, level2: 6, level3: 6 });
    // "Referred provider: 1000 requests/month × 0.375 = 375 total earnings", and they keep all of it.
    expect((await totalsOf(levels[1]?.[0] ?? "")).compute).toBe("375000000000");
    expect(stats.rewardsByLevel).toEqual({ level1: "112.500000000", level2: "56.250000000", level3: "16.875000000" });
    expect(stats.totals.referral).toBe("185.625000000");
  });
});
