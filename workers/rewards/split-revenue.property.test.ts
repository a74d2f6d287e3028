import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitRevenue } from "./epochs";

/** Largest-remainder payouts: exact sum, each within one cent of its exact share, more points never less pay. */
describe("splitRevenue properties", () => {
  it("sums exactly to the revenue and stays within a cent of the proportional share", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 14n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 15n }), { minLength: 1, maxLength: 60 }),
        (revenue, pts) => {
          const input = pts.map((points, i) => ({ accountId: `a${String(i).padStart(3, "0")}`, points }));
          const total = pts.reduce((s, x) => s + x, 0n);
          const out = splitRevenue(revenue, input);
          if (total === 0n) return expect(out).toEqual([]);
          expect(out.reduce((s, x) => s + x.cents, 0n)).toBe(revenue);
          for (const x of out) {
            // floor(exact) <= cents <= floor(exact) + 1
            const floor = (revenue * x.points) / total;
            expect(x.cents >= floor && x.cents <= floor + 1n).toBe(true);
          }
          const sorted = [...out].sort((a, b) => (a.points < b.points ? -1 : a.points > b.points ? 1 : 0));
          for (let i = 1; i < sorted.length; i++) {
            const [a, b] = [sorted[i - 1], sorted[i]];
            if (a && b && a.points < b.points) expect(a.cents <= b.cents).toBe(true);
          }
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });
});
