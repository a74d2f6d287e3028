const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Formats an exact decimal string ("165.625000000") for display without going through a float,
 * so large balances never show binary rounding drift. Rounds half up at `maxDecimals`, trims
 * trailing zeros down to `minDecimals`, and groups thousands with commas.
 */
export function formatDecimal(value: string, maxDecimals = 4, minDecimals = 2): string {
  const m = DECIMAL.exec(value.trim());
  if (!m) return value;
  const sign = m[1] ?? "";
  const int = m[2] ?? "0";
  const frac = m[3] ?? "";
  const digits = (frac + "0".repeat(maxDecimals + 1)).slice(0, maxDecimals + 1);
  let scaled = BigInt(int + digits.slice(0, maxDecimals));
  if (Number(digits.charAt(maxDecimals)) >= 5) scaled += 1n;
  const s = scaled.toString().padStart(maxDecimals + 1, "0");
  const intPart = s.slice(0, s.length - maxDecimals).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  let fracPart = s.slice(s.length - maxDecimals).replace(/0+$/, "");
  if (fracPart.length < minDecimals) fracPart = fracPart.padEnd(minDecimals, "0");
  const negative = sign === "-" && scaled !== 0n;
  return `${negative ? "-" : ""}${intPart}${fracPart ? `.${fracPart}` : ""}`;
}

/** Exact sum of decimal strings (30-day totals); the result keeps the longest fraction seen. */
export function sumDecimals(values: readonly string[]): string {
  let scale = 0;
  const parsed: { sign: string; int: string; frac: string }[] = [];
  for (const v of values) {
    const m = DECIMAL.exec(v.trim());
    if (!m) continue;
    const frac = m[3] ?? "";
    scale = Math.max(scale, frac.length);
    parsed.push({ sign: m[1] ?? "", int: m[2] ?? "0", frac });
  }
  let total = 0n;
  for (const p of parsed) {
    const n = BigInt(p.int + p.frac.padEnd(scale, "0"));
    total += p.sign === "-" ? -n : n;
  }
  const negative = total < 0n;
  const s = (negative ? -total : total).toString().padStart(scale + 1, "0");
  const body = scale === 0 ? s : `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`;
  return `${negative ? "-" : ""}${body}`;
}

/** Chart geometry only: pixels tolerate float rounding, displayed text never uses this. */
export function toChartNumber(value: string): number {
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
}
