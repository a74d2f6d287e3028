import { NODE_PATHS, TIERS, type Service, type TierId } from "@cxmpute/protocol";
import { cooldownMs } from "./health";
import { addOutcome, emptyOutcomes, joinOutcomes, type NodeOutcomes } from "./outcomes";
import { isEligible } from "./picker";
import type { RoutableNode } from "./types";

/**
 * In-isolate routing view. Requests read it; it refreshes from every tier shard at most once per
 * REFRESH_MS (one RPC per shard, shared by all concurrent requests), carrying the outcomes the
 * isolate observed since the last refresh, folded per node. That keeps Durable Object calls far
 * below one per request, and a sync costs the registry one row update per node, not per request.
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
let outcomes = new Map<string, NodeOutcomes>();
const local = new Map<string, LocalState>();
let registryCalls = 0;
/** Per-snapshot memo of the eligible nodes of each (service, model): routing a request is a lookup. */
let eligibleMemo = new Map<string, RoutableNode[]>();
/** Per-snapshot memo of each node's endpoint for a service. */
let targetMemo = new Map<string, { url: string; path: string }>();

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

function install(next: RoutableNode[]): void {
  nodes = next;
  eligibleMemo = new Map();
  targetMemo = new Map();
  fetchedAt = Date.now();
}

async function refresh(env: Env): Promise<void> {
  const pending = outcomes;
  outcomes = new Map();
  const byTier = new Map<string, NodeOutcomes[]>();
  for (const o of pending.values()) {
    const tier = tierOfNodeId(o.nodeId);
    if (!tier) continue;
    const list = byTier.get(tier);
    if (list) list.push(o);
    else byTier.set(tier, [o]);
  }
  try {
    const results = await Promise.all(
      TIERS.map((t) => {
        registryCalls++;
        return env.REGISTRY.get(env.REGISTRY.idFromName(t.id)).sync(byTier.get(t.id) ?? []);
      }),
    );
    install(results.flat());
  } catch (err) {
    // Keep serving from the last view; the outcomes go out with the next attempt.
    for (const [id, o] of pending) {
      const newer = outcomes.get(id);
      outcomes.set(id, newer ? joinOutcomes(o, newer) : o);
    }
    if (nodes.length === 0) throw err;
  }
}

export interface ViewOptions {
  /** A caller that found nothing eligible may ask for a fresher view (a node may have just joined). */
  maxAgeMs?: number;
  /**
   * Keeps a refresh alive past the request that started it (ctx.waitUntil): the runtime cancels a
   * finished or abandoned request's I/O, and every request sharing the refresh would wait forever.
   */
  keepAlive?: (p: Promise<unknown>) => void;
}

export async function routableNodes(env: Env, opts: ViewOptions = {}): Promise<RoutableNode[]> {
  if (Date.now() - fetchedAt > (opts.maxAgeMs ?? REFRESH_MS)) {
    if (!refreshing) {
      refreshing = refresh(env).finally(() => {
        refreshing = null;
      });
      opts.keepAlive?.(refreshing.catch(() => undefined));
    }
    await refreshing;
  }
  return nodes;
}

/** Nodes of the current view that serve `service` (and `model`, when given) at a tier the model allows. */
export async function eligibleNodes(env: Env, service: Service, model: string | null, opts: ViewOptions = {}): Promise<RoutableNode[]> {
  const all = await routableNodes(env, opts);
  const key = `${service}\u0000${model ?? ""}`;
  let list = eligibleMemo.get(key);
  if (!list) {
    list = all.filter((n) => isEligible(n, service, model));
    // Bounded: a client cycling through made-up model names must not grow the memo forever.
    if (eligibleMemo.size > 512) eligibleMemo.clear();
    eligibleMemo.set(key, list);
  }
  return list;
}

/** The node's URL for a service, keeping any path prefix of its public URL (a reverse-proxy mount): the node signs what it sees. */
export function nodeTarget(node: RoutableNode, service: Service): { url: string; path: string } {
  const key = `${node.nodeId}\u0000${service}`;
  let t = targetMemo.get(key);
  if (!t) {
    const url = new URL(node.publicUrl);
    url.pathname = url.pathname.replace(/\/$/, "") + NODE_PATHS[service];
    url.search = "";
    url.hash = "";
    t = { url: url.toString(), path: url.pathname };
    targetMemo.set(key, t);
  }
  return t;
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
  let acc = outcomes.get(nodeId);
  if (!acc) outcomes.set(nodeId, (acc = emptyOutcomes(nodeId)));
  addOutcome(acc, ok, latencyMs);
}

/** Durable Object calls made by this isolate for routing, for the benchmark's calls-per-request figure. */
export function registryCallCount(): number {
  return registryCalls;
}

/** A node announced through this isolate is routable at once, not after the next refresh. */
export function markStale(): void {
  fetchedAt = 0;
}
