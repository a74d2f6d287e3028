import { env } from "cloudflare:workers";
import { TIERS } from "@cxmpute/protocol";
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { TierRegistry } from "../../durable-objects/tier-registry";
import { call, expectOpenAIError, json, signupUser } from "../test-support";
import { startFakeNode, uniqueModel } from "../test-support/fake-nodes";
import { markStale, registryCallCount } from "./snapshot";

const chatBody = (model: string) => ({ model, messages: [{ role: "user", content: "route me" }] });

async function send(apiKey: string, model: string): Promise<number> {
  const res = await call("/v1/chat/completions", { body: chatBody(model), token: apiKey });
  await res.body?.cancel();
  return res.status;
}

describe("routing through the Worker", () => {
  it("once latencies are measured, the fast healthy node gets most requests", async () => {
    const model = uniqueModel();
    const fast = await startFakeNode({ models: [model] });
    const slow = await startFakeNode({ models: [model], latencyMs: 150 });
    const { apiKey } = await signupUser();
    // Warm-up: both unmeasured, so both get traffic and a latency sample.
    for (let i = 0; i < 8; i++) expect(await send(apiKey, model)).toBe(200);
    // The next request refreshes the snapshot, carrying the isolate's outcomes to the registry.
    markStale();
    const before = { fast: (await fast.stats()).served, slow: (await slow.stats()).served };
    const n = 40;
    for (let i = 0; i < n; i++) expect(await send(apiKey, model)).toBe(200);
    const fastShare = ((await fast.stats()).served - before.fast) / n;
    const slowShare = ((await slow.stats()).served - before.slow) / n;
    expect(fastShare + slowShare).toBe(1);
    // Weights ~13:1 (speed squared) and both draws by weight: ~99% expected. Two equal nodes split
    // ~75/25 (the heavier of two draws wins), so 90% separates "measured faster" from luck.
    expect(fastShare).toBeGreaterThan(0.9);
  });

  it("reads the registry once per refresh, not once per request", async () => {
    const model = uniqueModel();
    await startFakeNode({ models: [model] });
    const { apiKey } = await signupUser();
    expect(await send(apiKey, model)).toBe(200);
    const calls = registryCallCount();
    for (let i = 0; i < 30; i++) expect(await send(apiKey, model)).toBe(200);
    // 30 requests in well under a refresh period: at most one refresh (one call per tier shard).
    expect(registryCallCount() - calls).toBeLessThanOrEqual(TIERS.length);
    // The counter is the Worker's own (same isolate): a forced refresh is one call per shard.
    markStale();
    const atRefresh = registryCallCount();
    expect(await send(apiKey, model)).toBe(200);
    expect(registryCallCount() - atRefresh).toBe(TIERS.length);
  });

  it("a node whose heartbeats stop gets no request after its deadline, and a heartbeat readmits it", async () => {
    const model = uniqueModel();
    const node = await startFakeNode({ models: [model] });
    const { apiKey } = await signupUser();
    expect(await send(apiKey, model)).toBe(200);
    // Age its last heartbeat past two intervals in its tier shard (no sleeping).
    const shard = env.REGISTRY.get(env.REGISTRY.idFromName(node.tier));
    await runInDurableObject(shard, (_o: TierRegistry, state) => {
      state.storage.sql.exec("UPDATE nodes SET last_heartbeat_at = ? WHERE node_id = ?", Date.now() - 2 * Number(env.HEARTBEAT_INTERVAL_MS) - 1, node.nodeId);
    });
    markStale();
    const served = (await node.stats()).served;
    for (let i = 0; i < 5; i++) {
      const err = await expectOpenAIError(await call("/v1/chat/completions", { body: chatBody(model), token: apiKey }), 404);
      // An unknown (non-catalog) model with no live node is not found; /v1/models no longer lists it.
      expect(err.code).toBe("model_not_found");
    }
    expect((await node.stats()).served).toBe(served);
    const models = await json<{ data: { id: string }[] }>(await call("/v1/models", { token: apiKey }));
    expect(models.data.map((m) => m.id)).not.toContain(model);

    const hb = await call(`/api/providers/${node.providerId}/nodes/${node.nodeId}/heartbeat`, {
      body: { inFlight: 0, capacity: 8, load: 0, models: [model], health: "ok" },
      token: node.providerSecret,
    });
    expect(hb.status).toBe(200);
    markStale();
    expect(await send(apiKey, model)).toBe(200);
    expect((await node.stats()).served).toBe(served + 1);
  });
});
