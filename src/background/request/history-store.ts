/**
 * The request console's history (core/request/history.ts), sealed in the vault like the list prefs: one
 * record of kind `prefs`, id `request-history`, read and written in the catalog's queue (a re-key
 * re-seals it; a lock makes it unreadable until the next unlock). Changes run one at a time.
 * @module
 */
import { addToHistory, parseHistory, type HistoryEntry } from '../../core/request/history.ts';
import { sealRecord } from '../../core/vault/record.ts';
import * as vault from '../vault/service.ts';

export const HISTORY_ID = 'request-history';

let queue: Promise<unknown> = Promise.resolve();

function serial<T>(fn: () => Promise<T>): Promise<T> {
  const run = queue.then(fn, fn);
  queue = run.catch(() => undefined);
  return run;
}

async function read(): Promise<HistoryEntry[]> {
  return parseHistory((await vault.readSealed(HISTORY_ID, 'prefs')).value);
}

/**
 * The history, newest first (a record that does not open costs only the history). After the additions
 * already queued: `request.send` does not wait for its own (sealing up to 50 entries is not free).
 */
export function readHistory(): Promise<HistoryEntry[]> {
  return serial(read);
}

/** Adds `entry` first; nothing is written once the lock `guard` was taken under happened. */
export function appendHistory(entry: HistoryEntry, guard: vault.LockGuard): Promise<void> {
  return serial(async () => {
    guard.check();
    const next = addToHistory(await read(), entry);
    await vault.writeSealed(async (u) => [await sealRecord(u.key, u.vaultId, 'prefs', HISTORY_ID, next)], guard);
  });
}

/** Empties the history; returns how many entries it held. */
export function clearHistory(): Promise<number> {
  return serial(async () => {
    const before = (await read()).length;
    await vault.writeSealed(async (u) => [await sealRecord(u.key, u.vaultId, 'prefs', HISTORY_ID, [])]);
    return before;
  });
}
