/** Thrown from a probe to stop polling at once (the awaited thing can no longer happen). */
export class PollAbort extends Error {}

/** Polls `probe` until it returns a value (not undefined), bounded by `timeoutMs`; never sleeps blindly. */
export async function pollUntil<T>(probe: () => Promise<T | undefined>, opts: { timeoutMs: number; intervalMs?: number; what: string }): Promise<T> {
  const end = Date.now() + opts.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      if (err instanceof PollAbort) throw err;
      lastError = err;
    }
    if (Date.now() > end) throw new Error(`timed out after ${opts.timeoutMs} ms waiting for ${opts.what}${lastError ? `: ${String(lastError)}` : ""}`);
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 200));
  }
}
