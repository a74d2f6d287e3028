import { catalogModel, normalizeTag, tierLevel, type Service } from "@cxmpute/protocol";
import type { RoutableNode } from "./types";

/**
 * Pure routing choice, free of Workers APIs so benchmarks can drive it under Node.
 * weight = tier priority × speed × reliability × free capacity; power of two choices over it
 * (both choices drawn by weight, the heavier wins).
 */

export interface Candidate {
  node: RoutableNode;
  /** In-flight requests this isolate has sent the node and not yet finished. */
  localInFlight: number;
  /** Isolate-local cooldown (set the moment a failure is seen, before the registry hears of it). */
  localCooldownUntil: number;
}

export function isEligible(node: RoutableNode, service: Service, model: string | null): boolean {
  if (!node.services.includes(service)) return false;
  if (model === null) return true;
  const tag = normalizeTag(model);
  if (!node.models.some((m) => normalizeTag(m) === tag)) return false;
  const entry = catalogModel(tag);
  return !entry || tierLevel(node.tier) >= tierLevel(entry.tier);
}

export function freeCapacity(c: Candidate): number {
  const used = Math.max(c.node.inFlight, c.localInFlight);
  return Math.max(0, c.node.capacity - used) / c.node.capacity;
}

export function weight(c: Candidate): number {
  const tier = 1 + 0.25 * tierLevel(c.node.tier);
  // Unmeasured nodes are assumed fast (optimism), so a new node gets tried and measured.
  const latency = c.node.ewmaLatencyMs > 0 ? c.node.ewmaLatencyMs : 100;
  // Squared: a node twice as slow gets a quarter of the weight, which keeps the tail short
  // (bench/routing-quality.mjs: p99 0.64x → 0.40x of uniform); slow nodes still take overflow.
  const speed = (1000 / (latency + 50)) ** 2;
  const reliability = c.node.successRate ** 2;
  return tier * speed * reliability * freeCapacity(c);
}

export type PickResult = { kind: "picked"; candidate: Candidate } | { kind: "none-eligible" } | { kind: "all-busy" } | { kind: "all-cooling" };

/** `rand` in [0,1); injectable for deterministic tests and simulations. */
export function pick(candidates: Candidate[], now: number, rand: () => number = Math.random): PickResult {
  // A node past its heartbeat deadline gets nothing, even from a snapshot fetched before it expired.
  const live = candidates.filter((c) => c.node.expiresAt > now);
  if (live.length === 0) return { kind: "none-eligible" };
  const warm = live.filter((c) => c.node.cooldownUntil <= now && c.localCooldownUntil <= now);
  if (warm.length === 0) return { kind: "all-cooling" };
  const open = warm.filter((c) => freeCapacity(c) > 0);
  if (open.length === 0) return { kind: "all-busy" };
  if (open.length === 1) return { kind: "picked", candidate: open[0] as Candidate };
  // Two draws by weight, the heavier wins: best nodes first, and free capacity in the weight
  // spreads load to the next best as they fill.
  const weights = open.map(weight);
  const a = sample(open, weights, rand);
  const b = sample(open, weights, rand);
  return { kind: "picked", candidate: weight(a) >= weight(b) ? a : b };
}

function sample(items: Candidate[], weights: number[], rand: () => number): Candidate {
  const total = weights.reduce((s, w) => s + w, 0);
  let r = rand() * total;
  for (let i = 0; i < items.length; i++) {
    r -= weights[i] ?? 0;
    if (r < 0) return items[i] as Candidate;
  }
  return items[items.length - 1] as Candidate;
}
