/** Exponential backoff with jitter: attempt 0 → 0.5–1 × base, doubling up to `max`. */
export function backoffMs(attempt: number, baseMs = 1000, maxMs = 60_000, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling * (0.5 + random() / 2));
}
