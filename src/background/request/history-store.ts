/**
 * The request console's history (core/request/history.ts), sealed in the vault like the list prefs: one
 * record of kind `prefs`, id `request-history`, read and written in the catalog's queue (a re-key
 * re-seals it; a lock makes it unreadable until the next unlock). Changes run one at a time.
 * @module
 */
import { addToHistory, parseHistory, type HistoryEntry } from '../../core/request/history.ts';
import { sealRecord } from '../../core/vault/record.ts';
import { serialQueue } from '../serial.ts';
import * as vault from '../vault/service.ts';

export const HISTORY_ID = 'request-history';

const serial = serialQueue();

async function read(): Promise<HistoryEntry[]> {
  return parseHistory((await vault.readSealed(HISTORY_ID, 'prefs')).value);
}

/**
 * The history, newest first (a record that does not open costs only the history). After the additions
 * already made, waiting ones sealed first: `request.send` does not wait for its own (sealing up to 50
 * entries is not free).
 */
export function readHistory(): Promise<HistoryEntry[]> {
  void flush();
  return serial(read);
}

/**
 * How long an added entry waits before it is sealed: the entries that arrive meanwhile are sealed in the same
 * write, so a burst of requests re-seals the history once, and the sealing (which re-reads and re-encrypts the
 * whole list, up to 50 bodies of 64 KiB) runs after `request.send` answered, not in the way of the next one.
 * `request.history` and `request.clearHistory` do not wait for it (they flush first).
 */
export const HISTORY_FLUSH_MS = 100;

interface Pending {
  entry: HistoryEntry;
  guard: vault.LockGuard;
  resolve(): void;
  reject(e: unknown): void;
}
let pending: Pending[] = [];
let timer: ReturnType<typeof setTimeout> | undefined;

/** Seals the waiting entries (in one write, in the order they came) after what is already queued. */
function flush(): Promise<void> {
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  const batch = pending;
  pending = [];
  if (batch.length === 0) return Promise.resolve();
  const run = serial(async () => {
    // nothing is written for an entry whose lock guard fell (the vault was locked since its request)
    const live = batch.filter((p) => {
      try {
        p.guard.check();
        return true;
      } catch (e) {
        p.reject(e);
        return false;
      }
    });
    if (live.length === 0) return;
    const guard = live[live.length - 1]!.guard;
    let next = await read();
    for (const p of live) next = addToHistory(next, p.entry);
    await vault.writeSealed(async (u) => [await sealRecord(u.key, u.vaultId, 'prefs', HISTORY_ID, next)], guard);
    for (const p of live) p.resolve();
  });
  return run.catch((e) => {
    for (const p of batch) p.reject(e);
  });
}

/**
 * Adds `entry` first, sealed within {@link HISTORY_FLUSH_MS} together with the entries added meanwhile;
 * nothing is written once the lock `guard` was taken under happened. Resolves when the entry is sealed.
 */
export function appendHistory(entry: HistoryEntry, guard: vault.LockGuard): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    pending.push({ entry, guard, resolve, reject });
    timer ??= setTimeout(() => void flush(), HISTORY_FLUSH_MS);
  });
}

/** Empties the history; returns how many entries it held. */
export function clearHistory(): Promise<number> {
  void flush(); // what was sent before the clear is counted, then cleared
  return serial(async () => {
    const before = (await read()).length;
    await vault.writeSealed(async (u) => [await sealRecord(u.key, u.vaultId, 'prefs', HISTORY_ID, [])]);
    return before;
  });
}
