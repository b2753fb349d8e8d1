/**
 * Waiting between retries and polls, for every protocol client of the core: the injected sleep, cut
 * short (rejecting) when the caller's signal aborts — the background aborts on lock.
 * @module
 */
import { SigvaultError } from '../errors.ts';

/** A setTimeout promise: the default `sleep` of the clients. */
export function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, ms);
  });
}

/**
 * Wait `ms` with `sleep`, rejecting at once when `signal` aborts: with its reason when that is a
 * SigvaultError (e.g. LOCKED), else NETWORK naming `what` ("STS", "Identity Center (OIDC)").
 */
export async function pause(sleep: (ms: number) => Promise<void>, ms: number, signal: AbortSignal | undefined, what: string): Promise<void> {
  if (!signal) return sleep(ms);
  const aborted = (): SigvaultError => (signal.reason instanceof SigvaultError ? signal.reason : new SigvaultError('NETWORK', `The request to ${what} was cancelled.`));
  if (signal.aborted) throw aborted();
  let onAbort = (): void => undefined;
  try {
    await Promise.race([
      sleep(ms),
      new Promise<never>((_, reject) => {
        onAbort = () => reject(aborted());
        signal.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
