import { minTier, tierFromVram, TIERS, type NodeAnnounce, type TierId } from "@cxmpute/protocol";
import { randomBase62 } from "../lib/random";
import type { NodeView } from "./types";
import { markStale, tierOfNodeId } from "./snapshot";

const shard = (env: Env, tier: TierId) => env.REGISTRY.get(env.REGISTRY.idFromName(tier));

/** Declared hardware is self-reported: never grant more than the declared VRAM supports. */
export function grantedTier(a: NodeAnnounce): TierId {
  return minTier(a.tier, tierFromVram(a.hardware.vramGb));
}

export async function announceNode(env: Env, providerId: string, a: NodeAnnounce): Promise<{ nodeId: string; nodeSecret: string; tier: TierId }> {
  const tier = grantedTier(a);
  const level = TIERS.findIndex((t) => t.id === tier);
  // The shard is encoded in the id, so heartbeats find their object without a lookup.
  const nodeId = `node_${level}_${randomBase62(16)}`;
  const nodeSecret = randomBase62(48);
  await shard(env, tier).announce({ nodeId, secret: nodeSecret, providerId, tier, announce: a });
  markStale();
  return { nodeId, nodeSecret, tier };
}

export function shardOf(env: Env, nodeId: string) {
  const tier = tierOfNodeId(nodeId);
  return tier ? { tier, stub: shard(env, tier) } : null;
}

export async function providerNodes(env: Env, providerId: string): Promise<NodeView[]> {
  const lists = await Promise.all(TIERS.map((t) => shard(env, t.id).listProviderNodes(providerId)));
  return lists.flat();
}

export async function registryByTier(env: Env): Promise<{ tier: TierId; nodes: NodeView[]; syncCalls: number }[]> {
  const [lists, calls] = await Promise.all([
    Promise.all(TIERS.map((t) => shard(env, t.id).listAll())),
    Promise.all(TIERS.map((t) => shard(env, t.id).syncCount())),
  ]);
  return TIERS.map((t, i) => ({ tier: t.id, nodes: lists[i] ?? [], syncCalls: calls[i] ?? 0 }));
}

export function heartbeatIntervalMs(env: Env): number {
  const n = Number(env.HEARTBEAT_INTERVAL_MS);
  return Number.isFinite(n) && n > 0 ? n : 10_000;
}
