import { EWMA_ALPHA } from "./health";

/** One request's result as the gateway saw it. */
export interface Outcome {
  nodeId: string;
  ok: boolean;
  latencyMs: number;
}

/**
 * Everything a registry needs from a run of outcomes for one node, in constant size, so a sync
 * costs one row update per node however many requests it carries. Applying it gives exactly what
 * applying the outcomes one by one would (see `applyOutcomes`).
 */
export interface NodeOutcomes {
  nodeId: string;
  successes: number;
  failures: number;
  /** Failures after the last success (all of them when there was none). */
  trailingFailures: number;
  /** Latency of the first success: seeds the average of a node never measured before. */
  firstLatencyMs: number;
  /** (1 − α)^successes: what is left of the previous average. */
  ewmaKeep: number;
  /** Σ α(1 − α)^(n−i)·latency_i: what the new samples contribute. */
  ewmaAdd: number;
}

export function emptyOutcomes(nodeId: string): NodeOutcomes {
  return { nodeId, successes: 0, failures: 0, trailingFailures: 0, firstLatencyMs: 0, ewmaKeep: 1, ewmaAdd: 0 };
}

export function addOutcome(acc: NodeOutcomes, ok: boolean, latencyMs: number): void {
  if (!ok) {
    acc.failures++;
    acc.trailingFailures++;
    return;
  }
  if (acc.successes === 0) acc.firstLatencyMs = latencyMs;
  acc.successes++;
  acc.trailingFailures = 0;
  acc.ewmaKeep *= 1 - EWMA_ALPHA;
  acc.ewmaAdd = acc.ewmaAdd * (1 - EWMA_ALPHA) + EWMA_ALPHA * latencyMs;
}

/** Run `a` followed by run `b`, as one run (a sync that failed, joined with what came after it). */
export function joinOutcomes(a: NodeOutcomes, b: NodeOutcomes): NodeOutcomes {
  return {
    nodeId: a.nodeId,
    successes: a.successes + b.successes,
    failures: a.failures + b.failures,
    trailingFailures: b.successes > 0 ? b.trailingFailures : a.trailingFailures + b.failures,
    firstLatencyMs: a.successes > 0 ? a.firstLatencyMs : b.firstLatencyMs,
    ewmaKeep: a.ewmaKeep * b.ewmaKeep,
    ewmaAdd: a.ewmaAdd * b.ewmaKeep + b.ewmaAdd,
  };
}

export function foldOutcomes(outcomes: readonly Outcome[]): NodeOutcomes[] {
  const byNode = new Map<string, NodeOutcomes>();
  for (const o of outcomes) {
    let acc = byNode.get(o.nodeId);
    if (!acc) byNode.set(o.nodeId, (acc = emptyOutcomes(o.nodeId)));
    addOutcome(acc, o.ok, o.latencyMs);
  }
  return [...byNode.values()];
}

export interface NodeHealth {
  ewmaLatencyMs: number;
  consecutiveFailures: number;
}

/**
 * The new average and failure streak of a node after a folded run. An average of 0 means "never
 * measured": the first sample then stands for the old average, as it would one by one.
 */
export function applyOutcomes(before: NodeHealth, o: NodeOutcomes): NodeHealth {
  if (o.successes === 0) return { ewmaLatencyMs: before.ewmaLatencyMs, consecutiveFailures: before.consecutiveFailures + o.failures };
  const base = before.ewmaLatencyMs === 0 ? o.firstLatencyMs : before.ewmaLatencyMs;
  return { ewmaLatencyMs: base * o.ewmaKeep + o.ewmaAdd, consecutiveFailures: o.trailingFailures };
}
