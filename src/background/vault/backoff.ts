/**
 * Failed-unlock backoff: the first 5 failures are free, then each attempt must wait
 * 2^(failures-4) seconds after the last failure (2 s, 4 s, 8 s, …), capped at 15 minutes.
 * Pure, so it is unit-tested; the counter itself lives in IndexedDB and survives restarts.
 * @module
 */
export const FREE_ATTEMPTS = 5;
export const MAX_DELAY_MS = 15 * 60_000;

export interface Failures {
  count: number;
  lastAt: number;
}

export function delayAfter(count: number): number {
  if (count < FREE_ATTEMPTS) return 0;
  return Math.min(1000 * 2 ** (count - FREE_ATTEMPTS + 1), MAX_DELAY_MS);
}

/** Earliest time of the next allowed attempt, or undefined when one is allowed now. */
export function retryAt(f: Failures | undefined, now: number): number | undefined {
  if (!f) return undefined;
  const at = f.lastAt + delayAfter(f.count);
  return at > now ? at : undefined;
}
