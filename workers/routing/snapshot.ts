import { TIERS, type TierId } from "@cxmpute/protocol";
import { cooldownMs } from "./health";
import type { Outcome, RoutableNode } from "./types";

/**
 * In-isolate routing view. Requests read it; it refreshes from every tier shard at most once per
 * REFRESH_MS (one RPC per shard, shared by all concurrent requests), carrying the outcomes the
 * isolate observed since the last refresh. That keeps Durable Object calls far below one per request.
 */
const REFRESH_MS = 1500;

interface LocalState {
  inFlight: number;
  consecutiveFailures: number;
  cooldownUntil: number;
}

let nodes: RoutableNode[] = [];
let fetchedAt = 0;
let refreshing: Promise<void> | null = null;
let outcomes: Outcome[] = [];
const local = new Map<string, LocalState>();
let registryCalls = 0;

export function tierOfNodeId(nodeId: string): TierId | null {
  const m = /^node_(\d)_/.exec(nodeId);
  const tier = m ? TIERS[Number(m[1])] : undefined;
  return tier ? tier.id : null;
}

export function localState(nodeId: string): LocalState {
  let s = local.get(nodeId);
  if (!s) {
    s = { inFlight: 0, consecutiveFailures: 0, cooldownUntil: 0 };
    local.set(nodeId, s);
  }
  return s;
}

async function refresh(env: Env): Promise<void> {
  const pending = outcomes;
  outcomes = [];
  const byTier = new Map<string, Outcome[]>();
  for (const o of pending) {
    const tier = tierOfNodeId(o.nodeId);
    if (tier) byTier.set(tier, [...(byTier.get(tier) ?? []), o]);
  }
  try {
    const results = await Promise.all(
      TIERS.map((t) => {
        registryCalls++;
        return env.REGISTRY.get(env.REGISTRY.idFromName(t.id)).sync(byTier.get(t.id) ?? []);
      }),
    );
    nodes = results.flat();
    fetchedAt = Date.now();
  } catch (err) {
    // Keep serving from the last view; the outcomes go out with the next attempt.
    outcomes = pending.concat(outcomes);
    if (nodes.length === 0) throw err;
  }
}

/** `maxAgeMs` lets a caller that found nothing eligible ask for a fresher view (a node may have just joined). */
export async function routableNodes(env: Env, opts: { maxAgeMs?: number } = {}): Promise<RoutableNode[]> {
  if (Date.now() - fetchedAt > (opts.maxAgeMs ?? REFRESH_MS)) {
    refreshing ??= refresh(env).finally(() => {
      refreshing = null;
    });
    await refreshing;
  }
  return nodes;
}

export function recordStart(nodeId: string): void {
  localState(nodeId).inFlight++;
}

export function recordEnd(nodeId: string, ok: boolean, latencyMs: number): void {
  const s = localState(nodeId);
  s.inFlight = Math.max(0, s.inFlight - 1);
  if (ok) {
    s.consecutiveFailures = 0;
    s.cooldownUntil = 0;
  } else {
    s.consecutiveFailures++;
    const ms = cooldownMs(s.consecutiveFailures);
    if (ms > 0) s.cooldownUntil = Date.now() + ms;
  }
  outcomes.push({ nodeId, ok, latencyMs });
  // Bound memory if no refresh happens for a while (idle isolate with one burst).
  if (outcomes.length > 5000) outcomes.splice(0, outcomes.length - 5000);
}

/** Durable Object calls made by this isolate for routing, for the benchmark's calls-per-request figure. */
export function registryCallCount(): number {
  return registryCalls;
}

/** A node announced through this isolate is routable at once, not after the next refresh. */
export function markStale(): void {
  fetchedAt = 0;
}
