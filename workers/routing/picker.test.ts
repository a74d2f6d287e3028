import { describe, expect, it } from "vitest";
import { isEligible, pick, type Candidate } from "./picker";
import type { RoutableNode } from "./types";

function node(id: string, over: Partial<RoutableNode> = {}): RoutableNode {
  return {
    nodeId: id, providerId: "prov", publicUrl: "http://127.0.0.1:1", secret: "s", tier: "blue-surge",
    services: ["chat"], models: ["m"], capacity: 8, inFlight: 0, ewmaLatencyMs: 100, successRate: 0.99, cooldownUntil: 0, expiresAt: 1e15, ...over,
  };
}
const cand = (n: RoutableNode, localInFlight = 0, localCooldownUntil = 0): Candidate => ({ node: n, localInFlight, localCooldownUntil });

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a * 1664525 + 1013904223) >>> 0;
    return a / 4294967296;
  };
}

function shares(cands: Candidate[], n = 4000): Record<string, number> {
  const rand = seeded(7);
  const out: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const r = pick(cands, 1000, rand);
    if (r.kind === "picked") out[r.candidate.node.nodeId] = (out[r.candidate.node.nodeId] ?? 0) + 1;
  }
  return out;
}

describe("picker", () => {
  it("favours fast healthy nodes, and spills to slower ones as the fast fill up", () => {
    const idle = shares([cand(node("fast", { ewmaLatencyMs: 50 })), cand(node("slow", { ewmaLatencyMs: 2000 })), cand(node("mid", { ewmaLatencyMs: 400 }))]);
    expect(idle.fast ?? 0).toBeGreaterThan(10 * (idle.mid ?? 0));
    expect(idle.mid ?? 0).toBeGreaterThanOrEqual(idle.slow ?? 0);
    const busy = shares([cand(node("fast", { ewmaLatencyMs: 50 }), 7), cand(node("mid", { ewmaLatencyMs: 400 }))]);
    expect(busy.mid ?? 0).toBeGreaterThan(0);
    expect(busy.fast ?? 0).toBeGreaterThan(busy.mid ?? 0);
  });

  it("tries unmeasured nodes so they get a measurement", () => {
    const s = shares([cand(node("known", { ewmaLatencyMs: 300 })), cand(node("new", { ewmaLatencyMs: 0 }))]);
    expect(s.new ?? 0).toBeGreaterThan(s.known ?? 0);
  });

  it("favours reliable nodes and higher tiers at equal speed", () => {
    const rel = shares([cand(node("good", { successRate: 0.99 })), cand(node("flaky", { successRate: 0.5 }))]);
    expect(rel.good ?? 0).toBeGreaterThan(3 * (rel.flaky ?? 0));
    const tier = shares([cand(node("big", { tier: "mariana-depth" })), cand(node("small", { tier: "tide-pool" }))]);
    expect(tier.big ?? 0).toBeGreaterThan(tier.small ?? 0);
  });

  it("prefers free capacity and skips full nodes", () => {
    const s = shares([cand(node("idle")), cand(node("busy"), 6)]);
    expect(s.idle ?? 0).toBeGreaterThan(2 * (s.busy ?? 0));
    expect(pick([cand(node("full", { inFlight: 8 }))], 1000).kind).toBe("all-busy");
  });

  it("benches nodes in cooldown (registry or local) and readmits them after", () => {
    const cooling = [cand(node("a", { cooldownUntil: 2000 })), cand(node("b"), 0, 2000)];
    expect(pick(cooling, 1000).kind).toBe("all-cooling");
    expect(pick(cooling, 2001).kind).toBe("picked");
    const r = pick([cand(node("a", { cooldownUntil: 2000 })), cand(node("c"))], 1000);
    expect(r.kind === "picked" && r.candidate.node.nodeId).toBe("c");
  });

  it("never picks a node past its heartbeat deadline, even from an older snapshot", () => {
    const expired = cand(node("gone", { expiresAt: 1000, ewmaLatencyMs: 1 }));
    const slow = cand(node("slow", { ewmaLatencyMs: 900 }));
    expect(pick([expired], 999).kind).toBe("picked");
    expect(pick([expired], 1000).kind).toBe("none-eligible");
    for (let i = 0; i < 200; i++) {
      const r = pick([expired, slow], 1000 + i);
      expect(r.kind === "picked" && r.candidate.node.nodeId).toBe("slow");
    }
  });

  it("eligibility follows services, models and the catalog tier", () => {
    expect(isEligible(node("n", { models: ["llama3:8b"] }), "chat", "llama3:8b")).toBe(true);
    expect(isEligible(node("n", { models: ["mistral"] }), "chat", "mistral:latest")).toBe(true);
    expect(isEligible(node("n", { models: ["llama3:70b"], tier: "open-ocean" }), "chat", "llama3:70b")).toBe(false);
    expect(isEligible(node("n", { models: ["llama3:70b"], tier: "mariana-depth" }), "chat", "llama3:70b")).toBe(true);
    expect(isEligible(node("n", { services: ["chat"] }), "tts", null)).toBe(false);
    expect(pick([], 0).kind).toBe("none-eligible");
  });
});
