/**
 * Unlocked state in `storage.session`: memory only, cleared when the browser quits and when the extension
 * is reloaded or updated, so a worker restart stays unlocked and a browser restart is locked.
 * Access is restricted to trusted extension contexts (Chrome's default, set explicitly; Firefox never
 * exposes storage.session to content scripts).
 *
 * Holds the raw data key (base64; storage.session stores JSON only) and non-secret lock bookkeeping.
 * @module
 */
import { browser } from './browser.ts';
import { usableSnapshot, type ViewSnapshot } from '../shared/view-snapshot.ts';

export interface UnlockedState {
  vaultId: string;
  /** base64 of the 32-byte data key */
  dataKey: string;
  unlockedAt: number;
  /**
   * During a re-key: the new data key and the `wrappedKey.ct` of the header it belongs to, written before
   * the re-key's transaction. A worker that dies around the commit leaves both; the next start keeps the
   * one that matches the header on disk (see background/vault/service.ts).
   */
  next?: { dataKey: string; wrapCt: string };
  /**
   * The lock settings in force, copied from the vault's sealed settings at unlock (and on every change),
   * so the idle check needs no decryption. Memory only, like the key: a profile edit cannot plant them.
   */
  lock: LockPolicy;
}

export interface LockPolicy {
  autoLockMinutes: number;
  lockOnOsLock: boolean;
}

/** The defaults, also used for a state written without a policy. */
export const DEFAULT_LOCK_POLICY: Readonly<LockPolicy> = Object.freeze({ autoLockMinutes: 15, lockOnOsLock: true });

function parseLock(v: unknown): LockPolicy {
  const l = v as Partial<LockPolicy> | undefined;
  const minutes = l?.autoLockMinutes;
  return {
    autoLockMinutes: typeof minutes === 'number' && Number.isInteger(minutes) && minutes >= 1 && minutes <= 1440 ? minutes : DEFAULT_LOCK_POLICY.autoLockMinutes,
    lockOnOsLock: typeof l?.lockOnOsLock === 'boolean' ? l.lockOnOsLock : DEFAULT_LOCK_POLICY.lockOnOsLock,
  };
}

const KEY = 'unlocked';
const ACTIVITY = 'lastActivity';
/** The popup's first rows (shared/view-snapshot.ts): view models only, never the key. */
const VIEW = 'viewSnapshot';

type SessionArea = typeof browser.storage.session & {
  setAccessLevel?: (o: { accessLevel: 'TRUSTED_CONTEXTS' | 'TRUSTED_AND_UNTRUSTED_CONTEXTS' }) => Promise<void>;
};

export async function restrictSessionAccess(): Promise<void> {
  const area = browser.storage.session as SessionArea;
  await area.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }).catch(() => undefined);
}

export async function readUnlocked(): Promise<UnlockedState | undefined> {
  const got = await browser.storage.session.get(KEY);
  const v = got[KEY] as Partial<UnlockedState> | undefined;
  if (!v || typeof v.vaultId !== 'string' || typeof v.dataKey !== 'string' || typeof v.unlockedAt !== 'number') return undefined;
  const out: UnlockedState = { vaultId: v.vaultId, dataKey: v.dataKey, unlockedAt: v.unlockedAt, lock: parseLock(v.lock) };
  const next = v.next;
  if (typeof next === 'object' && next !== null && typeof next.dataKey === 'string' && typeof next.wrapCt === 'string') out.next = { dataKey: next.dataKey, wrapCt: next.wrapCt };
  return out;
}

export async function writeUnlocked(state: UnlockedState): Promise<void> {
  await browser.storage.session.set({ [KEY]: state, [ACTIVITY]: state.unlockedAt });
}

/** Replaces the key state only (re-key), leaving the last user action as it is. */
export async function replaceUnlocked(state: UnlockedState): Promise<void> {
  await browser.storage.session.set({ [KEY]: state });
}

/**
 * Lock: forget everything this module stored (the key, the lock bookkeeping). Other features' memory-only
 * records stay: the console sessions Sigvault opened outlive a lock in the browser, so their record does
 * too (background/console/sessions.ts; it holds no secret).
 */
export async function clearSession(): Promise<void> {
  await browser.storage.session.remove([KEY, ACTIVITY, VIEW]);
}

/** Background: keeps the popup's first rows (while unlocked; a lock removes them in {@link clearSession}). */
export async function writeViewSnapshot(snapshot: ViewSnapshot): Promise<void> {
  await browser.storage.session.set({ [VIEW]: snapshot });
}

export async function removeViewSnapshot(): Promise<void> {
  await browser.storage.session.remove(VIEW);
}

/**
 * Page side: the snapshot to paint before the background answers, if there is one it may show. Reads the
 * snapshot and the last activity only (two named keys): never the key next to them.
 */
export async function readViewSnapshot(now?: number): Promise<ViewSnapshot | undefined> {
  // the popup's HTML starts this read before its modules load (public/popup/early-view.js): taken once
  const g = globalThis as { __sigvaultEarlyView?: Promise<Record<string, unknown>> };
  const early = g.__sigvaultEarlyView;
  delete g.__sigvaultEarlyView;
  const got = (await early?.catch(() => undefined)) ?? await browser.storage.session.get([VIEW, ACTIVITY]);
  return usableSnapshot(got[VIEW], got[ACTIVITY], now ?? Date.now());
}

/** The keys {@link readViewSnapshot} reads (public/popup/early-view.js reads the same; a test compares them). */
export const VIEW_SNAPSHOT_KEYS: readonly string[] = [VIEW, ACTIVITY];

export async function readLastActivity(): Promise<number | undefined> {
  const got = await browser.storage.session.get(ACTIVITY);
  const v = got[ACTIVITY];
  return typeof v === 'number' ? v : undefined;
}

export async function writeLastActivity(at: number): Promise<void> {
  await browser.storage.session.set({ [ACTIVITY]: at });
}
