import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { computeReward } from "@cxmpute/protocol";
import { signupProvider, signupUser } from "../test-support";
import { totalsOf, usageEvent } from "../test-support/rewards";
import { handleUsageBatch, MAX_TOKENS_PER_EVENT } from "./index";

/** Runs the consumer with a dead-letter queue that records what it is sent. */
async function run(bodies: unknown[]) {
  const parked: unknown[] = [];
  const dlq = { send: async (body: unknown) => void parked.push(body), sendBatch: async () => undefined } as unknown as Queue;
  const batch = createMessageBatch<unknown>("cxmpute-usage", bodies.map((body, i) => ({ id: `p-${i}`, timestamp: new Date(), attempts: 1, body })));
  const ctx = createExecutionContext();
  await handleUsageBatch(batch, { ...env, USAGE_DLQ: dlq });
  return { parked, outcome: await getQueueResult(batch, ctx) };
}

describe("poison usage events", () => {
  it("an implausible token count is parked, not allowed to fail its whole batch", async () => {
    const provider = await signupProvider();
    const user = await signupUser();
    const huge = usageEvent({ userId: user.userId, providerId: provider.providerId, model: "llama3:70b", tier: "mariana-depth", promptTokens: 0, completionTokens: 1e14 });
    // Such an amount does not even fit SQLite's 64-bit integers.
    expect(computeReward({ nodeTier: "mariana-depth", modelTier: "mariana-depth", service: "chat", complexity: "3.0", tokens: 1e14, latencyMs: 5000 })).toBeGreaterThan(2n ** 63n);
    const edge = usageEvent({ userId: user.userId, providerId: provider.providerId, promptTokens: MAX_TOKENS_PER_EVENT, completionTokens: 0 });
    const fine = usageEvent({ userId: user.userId, providerId: provider.providerId });
    const { parked, outcome } = await run([huge, edge, fine]);
    expect(outcome.explicitAcks.sort()).toEqual(["p-0", "p-1", "p-2"]);
    expect(outcome.retryMessages).toEqual([]);
    expect(parked).toEqual([{ reason: "implausible token count", body: huge }]);
    // edge: 0.015 + 10^7 × 0.00003 = 300.015; fine: 0.045
    expect(await totalsOf(provider.providerId)).toEqual({ compute: String(300_015_000_000 + 45_000_000) });
  });

  it("invalid and stale events are parked with a reason; a failing dead-letter send retries instead of losing them", async () => {
    const { parked, outcome } = await run([{ v: 2 }, usageEvent({ userId: "usr_x", providerId: "prov_x", at: Date.now() - 30 * 86400_000 })]);
    expect(outcome.explicitAcks.sort()).toEqual(["p-0", "p-1"]);
    expect(parked.map((p) => (p as { reason: string }).reason)).toEqual([expect.any(String), "too old"]);

    const broken = { send: async () => Promise.reject(new Error("queue down")) } as unknown as Queue;
    const batch = createMessageBatch<unknown>("cxmpute-usage", [{ id: "q-0", timestamp: new Date(), attempts: 1, body: "garbage" }]);
    const ctx = createExecutionContext();
    await handleUsageBatch(batch, { ...env, USAGE_DLQ: broken });
    const r = await getQueueResult(batch, ctx);
    expect(r.retryMessages.map((m) => m.msgId)).toEqual(["q-0"]);
    expect(r.explicitAcks).toEqual([]);
  });
});
