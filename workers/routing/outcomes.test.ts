import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EWMA_ALPHA } from "./health";
import { applyOutcomes, foldOutcomes, joinOutcomes, type NodeHealth, type Outcome } from "./outcomes";

/** The registry's rule, one outcome at a time: the reference the folded form must match. */
function oneByOne(before: NodeHealth, outcomes: Outcome[]): NodeHealth {
  let { ewmaLatencyMs, consecutiveFailures } = before;
  for (const o of outcomes) {
    if (o.ok) {
      ewmaLatencyMs = ewmaLatencyMs === 0 ? o.latencyMs : ewmaLatencyMs * (1 - EWMA_ALPHA) + o.latencyMs * EWMA_ALPHA;
      consecutiveFailures = 0;
    } else {
      consecutiveFailures++;
    }
  }
  return { ewmaLatencyMs, consecutiveFailures };
}

const outcome = fc.record({ nodeId: fc.constant("node_1_x"), ok: fc.boolean(), latencyMs: fc.integer({ min: 1, max: 60_000 }) });

describe("folded node outcomes", () => {
  it("give the same average and failure streak as applying each outcome in turn", () => {
    fc.assert(
      fc.property(
        fc.record({ ewmaLatencyMs: fc.oneof(fc.constant(0), fc.double({ min: 1, max: 60_000, noNaN: true })), consecutiveFailures: fc.nat(20) }),
        fc.array(outcome, { minLength: 1, maxLength: 400 }),
        (before, outcomes) => {
          const [folded] = foldOutcomes(outcomes);
          if (!folded) throw new Error("no fold");
          const got = applyOutcomes(before, folded);
          const want = oneByOne(before, outcomes);
          expect(got.consecutiveFailures).toBe(want.consecutiveFailures);
          expect(got.ewmaLatencyMs).toBeCloseTo(want.ewmaLatencyMs, 6);
          expect(folded.successes + folded.failures).toBe(outcomes.length);
        },
      ),
    );
  });

  it("two runs joined equal the fold of both in order", () => {
    fc.assert(
      fc.property(fc.array(outcome, { minLength: 1, maxLength: 100 }), fc.array(outcome, { minLength: 1, maxLength: 100 }), (xs, ys) => {
        const [a] = foldOutcomes(xs);
        const [b] = foldOutcomes(ys);
        const [both] = foldOutcomes([...xs, ...ys]);
        if (!a || !b || !both) throw new Error("no fold");
        const joined = joinOutcomes(a, b);
        expect({ ...joined, ewmaKeep: 0, ewmaAdd: 0 }).toEqual({ ...both, ewmaKeep: 0, ewmaAdd: 0 });
        expect(joined.ewmaKeep).toBeCloseTo(both.ewmaKeep, 9);
        expect(joined.ewmaAdd).toBeCloseTo(both.ewmaAdd, 6);
      }),
    );
  });

  it("keep one entry per node", () => {
    const folded = foldOutcomes([
      { nodeId: "a", ok: true, latencyMs: 10 },
      { nodeId: "b", ok: false, latencyMs: 5 },
      { nodeId: "a", ok: false, latencyMs: 7 },
    ]);
    expect(folded.map((f) => [f.nodeId, f.successes, f.failures, f.trailingFailures])).toEqual([
      ["a", 1, 1, 1],
      ["b", 0, 1, 1],
    ]);
  });
});
