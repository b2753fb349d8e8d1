/**
 * The popup's view snapshot: the first rows of the identity list exactly as `identity.list { display: true,
 * limit: FIRST_ROWS }` answers them, kept by the background in `storage.session` while the vault is unlocked.
 * A popup opened while the service worker is stopped paints them at once instead of waiting for the worker
 * to start, re-import the key and reopen the catalog; the worker's own answer replaces them moments later.
 *
 * No secret: the view models are what the popup is sent anyway. Memory only (storage.session), removed by
 * every lock together with the key (platform/session.ts `clearSession`).
 * @module
 */
import type { ResponseOf } from './protocol.ts';

/**
 * Rows asked for first when the popup opens (and kept in the snapshot): enough to fill it. The rest follows
 * in a second request, so the first paint does not wait for thousands of view models to cross the channel.
 */
export const FIRST_ROWS = 40;

export interface ViewSnapshot {
  v: 1;
  /** The answer of `identity.list { display: true, limit: FIRST_ROWS }` when it was written. */
  list: ResponseOf<'identity.list'>;
  /** The auto-lock timeout in force, so a page can tell a snapshot the idle deadline has passed (ms). */
  autoLockMinutes: number;
  writtenAt: number;
}

/**
 * The snapshot a page may paint, or `undefined`: malformed, or past the idle deadline (the worker locks the
 * vault as soon as it wakes; a page must not show a list that is about to lock). `lastActivity` is the
 * last user action the background recorded (storage.session), as the auto-lock itself reads it.
 */
export function usableSnapshot(raw: unknown, lastActivity: unknown, now: number): ViewSnapshot | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const s = raw as Partial<ViewSnapshot>;
  const list = s.list as Partial<ResponseOf<'identity.list'>> | undefined;
  if (s.v !== 1 || typeof s.autoLockMinutes !== 'number' || !(s.autoLockMinutes > 0) || typeof s.writtenAt !== 'number') return undefined;
  if (!list || !Array.isArray(list.identities) || typeof list.total !== 'number' || !Array.isArray(list.corrupt)
    || typeof list.prefs !== 'object' || list.prefs === null || !Array.isArray(list.overrides)) return undefined;
  if (typeof lastActivity !== 'number' || now >= lastActivity + s.autoLockMinutes * 60_000) return undefined;
  return s as ViewSnapshot;
}
