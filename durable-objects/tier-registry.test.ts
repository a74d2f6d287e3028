import { describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import type { NodeAnnounce } from "@cxmpute/protocol";
import { foldOutcomes } from "../workers/routing/outcomes";
import type { TierRegistry } from "./tier-registry";

let n = 0;
const stubFor = () => env.REGISTRY.get(env.REGISTRY.idFromName(`test-shard-${++n}-${Math.random()}`));
const announce = (url: string): NodeAnnounce => ({
  publicUrl: url,
  hardware: { os: "linux", arch: "x64", cpuModel: "t", cpuCores: 4, ramGb: 16, diskFreeGb: 50, gpus: [], vramGb: 6 },
  tier: "blue-surge",
  services: ["chat"],
  models: ["llama3:8b"],
  capacity: 4,
  version: "t",
});
const hb = { inFlight: 1, capacity: 4, load: 0.25, models: ["llama3:8b"], health: "ok" as const };

async function ageHeartbeat(stub: DurableObjectStub<TierRegistry>, nodeId: string, agoMs: number): Promise<void> {
  await runInDurableObject(stub, (_obj: TierRegistry, state) => {
    state.storage.sql.exec("UPDATE nodes SET last_heartbeat_at = ? WHERE node_id = ?", Date.now() - agoMs, nodeId);
  });
}

describe("TierRegistry", () => {
  it("announce, heartbeat and deregister", async () => {
    const stub = stubFor();
    await stub.announce({ nodeId: "node_2_a", secret: "SUPERSECRETVALUE", providerId: "prov_a", tier: "blue-surge", announce: announce("http://127.0.0.1:1") });
    expect(await stub.heartbeat("prov_a", "node_2_a", hb)).toBe(true);
    expect(await stub.heartbeat("prov_other", "node_2_a", hb)).toBe(false);
    const [view] = await stub.listProviderNodes("prov_a");
    expect(view).toMatchObject({ nodeId: "node_2_a", status: "active", inFlight: 1, models: ["llama3:8b"] });
    expect(JSON.stringify(await stub.listAll())).not.toContain("SUPERSECRETVALUE");
    expect(await stub.deregister("prov_a", "node_2_a")).toBe(true);
    expect(await stub.sync([])).toEqual([]);
  });

  it("a node missing heartbeats is unroutable after two intervals and forgotten by the sweep", async () => {
    const stub = stubFor();
    await stub.announce({ nodeId: "node_2_b", secret: "s", providerId: "prov_b", tier: "blue-surge", announce: announce("http://127.0.0.1:2") });
    expect((await stub.sync([])).map((x) => x.nodeId)).toEqual(["node_2_b"]);
    const interval = Number(env.HEARTBEAT_INTERVAL_MS);
    const agedAt = Date.now();
    await ageHeartbeat(stub, "node_2_b", 2 * interval - 500);
    const [stillLive] = await stub.sync([]);
    // The deadline travels with the snapshot so the gateway drops the node on time between refreshes.
    expect(stillLive?.expiresAt).toBeGreaterThanOrEqual(agedAt + 500);
    expect(stillLive?.expiresAt).toBeLessThanOrEqual(Date.now() + 500);
    await ageHeartbeat(stub, "node_2_b", 2 * interval + 1);
    expect(await stub.sync([])).toHaveLength(0);
    expect((await stub.listProviderNodes("prov_b"))[0]?.status).toBe("offline");
    // A heartbeat brings it back; a long silence makes the alarm forget it entirely.
    expect(await stub.heartbeat("prov_b", "node_2_b", hb)).toBe(true);
    expect(await stub.sync([])).toHaveLength(1);
    await ageHeartbeat(stub, "node_2_b", 31 * interval);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await stub.listProviderNodes("prov_b")).toEqual([]);
    expect(await stub.heartbeat("prov_b", "node_2_b", hb)).toBe(false);
  });

  it("consecutive failures put a node in cooldown with backoff; success readmits it", async () => {
    const stub = stubFor();
    await stub.announce({ nodeId: "node_2_c", secret: "s", providerId: "prov_c", tier: "blue-surge", announce: announce("http://127.0.0.1:3") });
    const fail = { nodeId: "node_2_c", ok: false, latencyMs: 10 };
    let [snap] = await stub.sync(foldOutcomes([fail, fail]));
    expect(snap?.cooldownUntil).toBe(0);
    [snap] = await stub.sync(foldOutcomes([fail]));
    const first = (snap?.cooldownUntil ?? 0) - Date.now();
    expect(first).toBeGreaterThan(3000);
    [snap] = await stub.sync(foldOutcomes([fail]));
    const second = (snap?.cooldownUntil ?? 0) - Date.now();
    expect(second).toBeGreaterThan(first + 3000);
    expect((await stub.listProviderNodes("prov_c"))[0]?.status).toBe("cooldown");
    // Once the cooldown has passed, a success resets the streak and the node is routable again.
    await runInDurableObject(stub, (_o: TierRegistry, state) => {
      state.storage.sql.exec("UPDATE nodes SET cooldown_until = ? WHERE node_id = ?", Date.now() - 1, "node_2_c");
    });
    [snap] = await stub.sync(foldOutcomes([{ nodeId: "node_2_c", ok: true, latencyMs: 40 }]));
    await stub.heartbeat("prov_c", "node_2_c", hb);
    expect(snap?.cooldownUntil ?? 0).toBeLessThan(Date.now());
    expect((await stub.listProviderNodes("prov_c"))[0]).toMatchObject({ status: "active", consecutiveFailures: 0, latencyMs: 40 });
  });

  it("applies a sync carrying many outcomes of a node as one run, in order", async () => {
    const stub = stubFor();
    await stub.announce({ nodeId: "node_2_e", secret: "s", providerId: "prov_e", tier: "blue-surge", announce: announce("http://127.0.0.1:5") });
    const run = [100, 200, 300, 400].map((latencyMs) => ({ nodeId: "node_2_e", ok: true, latencyMs }));
    const fail = { nodeId: "node_2_e", ok: false, latencyMs: 9 };
    await stub.sync(foldOutcomes([...run, fail, fail]));
    await stub.heartbeat("prov_e", "node_2_e", hb);
    const [view] = await stub.listProviderNodes("prov_e");
    // 100 seeds the average, then 0.8·avg + 0.2·sample for 200, 300, 400.
    const ewma = [200, 300, 400].reduce((avg, x) => avg * 0.8 + x * 0.2, 100);
    expect(view).toMatchObject({ latencyMs: Math.round(ewma), consecutiveFailures: 2, status: "active" });
    await stub.sync(foldOutcomes([fail]));
    expect((await stub.listProviderNodes("prov_e"))[0]?.status).toBe("cooldown");
  });

  it("keeps its state across eviction (SQLite storage)", async () => {
    const stub = stubFor();
    await stub.announce({ nodeId: "node_2_d", secret: "s", providerId: "prov_d", tier: "blue-surge", announce: announce("http://127.0.0.1:4") });
    await stub.sync(foldOutcomes([{ nodeId: "node_2_d", ok: true, latencyMs: 120 }]));
    await evictDurableObject(stub);
    const [view] = await stub.listProviderNodes("prov_d");
    expect(view).toMatchObject({ nodeId: "node_2_d", latencyMs: 120 });
  });
});
