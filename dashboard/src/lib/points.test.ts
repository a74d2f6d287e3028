import { describe, expect, it } from "vitest";
import { formatDecimal, sumDecimals } from "./points";

describe("formatDecimal", () => {
  it("keeps exact digits, rounds half up and groups thousands", () => {
    expect(formatDecimal("2.000000000")).toBe("2.00");
    expect(formatDecimal("165.625000000")).toBe("165.625");
    expect(formatDecimal("0.026250000")).toBe("0.0263");
    expect(formatDecimal("1234567.999950000")).toBe("1,234,568.00");
    expect(formatDecimal("9007199254740993.100000000")).toBe("9,007,199,254,740,993.10");
    expect(formatDecimal("-0.00001")).toBe("0.00");
    expect(formatDecimal("12.5", 2, 2)).toBe("12.50");
  });
  it("passes unparseable text through untouched", () => {
    expect(formatDecimal("n/a")).toBe("n/a");
  });
});

describe("sumDecimals", () => {
  it("adds without float drift", () => {
    expect(sumDecimals(["0.1", "0.2"])).toBe("0.3");
    expect(sumDecimals(["2.000000000", "0.375000000", "0.045"])).toBe("2.420000000");
    expect(sumDecimals([])).toBe("0");
    expect(sumDecimals(["1.5", "-2"])).toBe("-0.5");
  });
});
