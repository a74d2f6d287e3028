/** Weight of the newest latency sample in the moving average. */
export const EWMA_ALPHA = 0.2;

/** Failures in a row before a node is benched. */
export const COOLDOWN_AFTER = 3;
const BASE_COOLDOWN_MS = 5_000;
const MAX_COOLDOWN_MS = 5 * 60_000;

/** Cooldown after `consecutive` failures: none below the threshold, then doubling up to a cap. */
export function cooldownMs(consecutive: number): number {
  if (consecutive < COOLDOWN_AFTER) return 0;
  return Math.min(MAX_COOLDOWN_MS, BASE_COOLDOWN_MS * 2 ** (consecutive - COOLDOWN_AFTER));
}
