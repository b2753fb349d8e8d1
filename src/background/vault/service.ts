/**
 * The vault as the background sees it: unlocked state, lock, the identity cache. Handlers call these;
 * nothing here talks to pages directly except the lock/unlock events.
 *
 * Where things live:
 * - IndexedDB: the plaintext header and sealed records (platform/vault-store.ts), the failure counter.
 * - storage.session: the raw data key while unlocked, and the last user action (platform/session.ts).
 * - Module memory: the imported CryptoKey and the opened identities; lost when the worker stops and
 *   rebuilt from storage.session on the next request.
 * @module
 */
import { fromBase64, toBase64, wipe } from '../../core/bytes.ts';
import { importDataKey } from '../../core/crypto/aead.ts';
import { calibrateKdf, type KdfParams } from '../../core/crypto/kdf.ts';
import { SigvaultError } from '../../core/errors.ts';
import { clearSigningKeyCache } from '../../core/sigv4/signing-key.ts';
import { createVault, unlockHeader } from '../../core/vault/header.ts';
import { identityRecordValue, parseStoredIdentity, toView, type IdentityView, type StoredIdentity } from '../../core/vault/identity.ts';
import type { SealedRecord } from '../../core/vault/format.ts';
import { sealImport, type ImportPlan } from '../../core/vault/import-plan.ts';
import { openRecord, sealRecord } from '../../core/vault/record.ts';
import { rekeyHeader, resealRecords } from '../../core/vault/rekey.ts';
import { deleteMeta, getMeta, setMeta } from '../../platform/db.ts';
import { broadcast } from '../../platform/background-messaging.ts';
import { clearSession, readLastActivity, readUnlocked, replaceUnlocked, writeLastActivity, writeUnlocked, type LockPolicy } from '../../platform/session.ts';
import { vaultSettingsInForce } from '../../core/settings.ts';
import { readLegacyLocalSettings } from '../../platform/settings.ts';
import { createHeader, readHeader, readRecord, readRecordIds, readRecords, writeRecords } from '../../platform/vault-store.ts';
import type { CorruptRecordView, KdfSummary, VaultStatus } from '../../shared/protocol.ts';
import { retryAt } from './backoff.ts';
import { cancelAutoLock, scheduleAutoLock } from './autolock-alarm.ts';
import { serialQueue } from '../serial.ts';

interface Unlocked {
  vaultId: string;
  key: CryptoKey;
}

let mem: Unlocked | undefined;

/**
 * The last user action as this worker last read or wrote it in storage.session, valid while the lock
 * epoch is unchanged: lets a request check the idle deadline without reading storage again.
 */
let seen: { epoch: number; lastActivity: number; minutes: number } | undefined;

/**
 * Bumped by every lock. Work that started before a lock (an unlock deriving its key, a request
 * re-importing the key after a worker restart) checks it before publishing a key, so a lock that lands
 * in the middle always wins.
 */
let lockEpoch = 0;
/** True while this worker runs a re-key: storage.session then holds the pending key (`next`) on purpose. */
let rekeying = false;
const LOCKED = () => new SigvaultError('LOCKED', 'The vault is locked. Unlock it first.');

/**
 * Aborted by the next lock: work that must not outlive the unlocked state (a console sign-in, an STS
 * exchange, a credential cache write) holds a {@link LockGuard}.
 */
let lockController = new AbortController();

/** Taken when a request starts: its signal aborts (with LOCKED) on the next lock; `check()` throws LOCKED once one happened. */
export interface LockGuard {
  readonly signal: AbortSignal;
  check(): void;
}

export function lockGuard(): LockGuard {
  const epoch = lockEpoch;
  const signal = lockController.signal;
  return {
    signal,
    check() {
      if (epoch !== lockEpoch || signal.aborted) throw LOCKED();
    },
  };
}

/** One unlock/change/create at a time: parallel guesses would otherwise race the failure counter. */
const serialized = serialQueue(); // keeps no result (an opened backup) alive

const now = () => Date.now();

export function kdfSummary(kdf: KdfParams): KdfSummary {
  return kdf.name === 'argon2id'
    ? { name: 'argon2id', memoryKiB: kdf.memoryKiB, iterations: kdf.iterations, parallelism: kdf.parallelism }
    : { name: 'scrypt', logN: kdf.logN, r: kdf.r, p: kdf.p };
}

async function autoLockDeadline(): Promise<number | undefined> {
  const [last, unlocked] = await Promise.all([readLastActivity(), readUnlocked()]);
  if (last === undefined || !unlocked) return undefined;
  return last + unlocked.lock.autoLockMinutes * 60_000;
}

/**
 * Locks if the idle deadline has passed. Alarms are coarse and can fire late (or not at all while the
 * machine sleeps), so this runs on every wake and every request, comparing timestamps.
 */
export async function enforceAutoLock(opts: { rearm?: boolean } = {}): Promise<void> {
  const epoch = lockEpoch;
  // Fast path: this worker holds the key and knows the last action (it wrote it); no storage read.
  if (!opts.rearm && mem && seen?.epoch === lockEpoch && now() < seen.lastActivity + seen.minutes * 60_000) return;
  const unlocked = await readUnlocked();
  if (!unlocked) return;
  const minutes = unlocked.lock.autoLockMinutes;
  const last = await readLastActivity();
  if (last === undefined || now() >= last + minutes * 60_000) {
    await lock('idle');
    return;
  }
  if (epoch !== lockEpoch) return;
  seen = { epoch, lastActivity: last, minutes };
  // An alarm that fired before the deadline (the timeout was raised since) must not leave none behind.
  if (opts.rearm) await scheduleAutoLock(last + minutes * 60_000);
}

/**
 * A user action pushes the idle deadline forward. At most one write per {@link TOUCH_EVERY_MS}: a popup
 * opening sends a handful of requests at once, and the deadline moving by a few seconds less is harmless.
 */
const TOUCH_EVERY_MS = 5_000;
export async function touch(): Promise<void> {
  const epoch = lockEpoch;
  const at = now();
  if (mem && seen?.epoch === epoch && at >= seen.lastActivity && at - seen.lastActivity < TOUCH_EVERY_MS) return;
  const unlocked = await readUnlocked();
  if (!unlocked) return;
  const minutes = unlocked.lock.autoLockMinutes;
  await writeLastActivity(at);
  await scheduleAutoLock(at + minutes * 60_000);
  if (epoch !== lockEpoch) {
    // a lock ran meanwhile: undo what this wrote
    await clearSession();
    await cancelAutoLock();
    return;
  }
  seen = { epoch, lastActivity: at, minutes };
}

export async function status(): Promise<VaultStatus> {
  const header = await readHeader();
  if (!header) return { state: 'absent' };
  const kdf = kdfSummary(header.kdf);
  const unlocked = await readUnlocked();
  if (unlocked && unlocked.vaultId === header.vaultId) {
    const lockAt = await autoLockDeadline();
    return { state: 'unlocked', kdf, ...(lockAt !== undefined ? { lockAt } : {}) };
  }
  const failures = await getMeta('unlockFailures');
  const at = retryAt(failures, now());
  return {
    state: 'locked', kdf,
    ...(failures ? { failedAttempts: failures.count } : {}),
    ...(at !== undefined ? { retryAt: at } : {}),
  };
}

/**
 * The unlocked key, from memory or (after a worker restart) from storage.session. storage.session is
 * the source of truth: when it is empty the memory copy is dropped too.
 */
export async function requireUnlocked(): Promise<Unlocked> {
  const epoch = lockEpoch;
  await enforceAutoLock();
  // the key is in memory and the deadline was just checked against what this worker knows
  if (mem && seen?.epoch === epoch && epoch === lockEpoch) return mem;
  const s = await readUnlocked();
  if (!s || epoch !== lockEpoch) {
    mem = undefined;
    throw LOCKED();
  }
  if (mem && mem.vaultId === s.vaultId) return mem;
  const header = await readHeader();
  if (!header || header.vaultId !== s.vaultId) {
    await lock('destroyed');
    throw LOCKED();
  }
  let dataKey = s.dataKey;
  if (s.next) {
    // A re-key was under way when the worker stopped: keep the key that the header on disk wraps (the
    // re-key's transaction committed, or it did not), and forget the other.
    dataKey = header.wrappedKey.ct === s.next.wrapCt ? s.next.dataKey : s.dataKey;
    if (!rekeying) {
      await replaceUnlocked({ vaultId: s.vaultId, dataKey, unlockedAt: s.unlockedAt, lock: s.lock });
      if (epoch !== lockEpoch) {
        await clearSession();
        throw LOCKED();
      }
    }
  }
  const raw = fromBase64(dataKey);
  let key: CryptoKey;
  try {
    key = await importDataKey(raw);
  } finally {
    wipe(raw);
  }
  if (epoch !== lockEpoch) throw LOCKED(); // locked while importing: do not bring the key back
  if (!mem || mem.vaultId !== s.vaultId) mem = { vaultId: s.vaultId, key };
  return mem;
}

/** Publishes an unlock, unless a lock happened since `epoch` (then nothing stays behind). */
async function enterUnlocked(vaultId: string, dataKey: Uint8Array, epoch: number): Promise<void> {
  try {
    if (epoch !== lockEpoch) throw LOCKED();
    const key = await importDataKey(dataKey);
    const policy = await readLockPolicy(key, vaultId);
    const at = now();
    await writeUnlocked({ vaultId, dataKey: toBase64(dataKey), unlockedAt: at, lock: policy });
    if (epoch !== lockEpoch) {
      await clearSession();
      throw LOCKED();
    }
    mem = { vaultId, key };
    const minutes = policy.autoLockMinutes;
    seen = { epoch, lastActivity: at, minutes };
    await scheduleAutoLock(at + minutes * 60_000);
    broadcast('vault.unlocked', {});
  } finally {
    wipe(dataKey);
  }
}

/**
 * The sealed settings record (kind `settings-secret`, id `settings`; read and written by
 * ./settings.ts). Its lock part is copied into storage.session at unlock, next to the key.
 */
export const SETTINGS_ID = 'settings';

/**
 * The lock settings sealed in the vault (core/settings.ts `vaultSettingsInForce`: without a record, an
 * older version's shorter auto-lock tightens the defaults; a record that does not open means the
 * defaults, and ./settings.ts reports it as damaged).
 */
async function readLockPolicy(key: CryptoKey, vaultId: string): Promise<LockPolicy> {
  const rec = await readRecord(SETTINGS_ID);
  const value = rec?.kind === 'settings-secret' ? await openRecord(key, vaultId, rec, { id: SETTINGS_ID, kind: 'settings-secret' }).catch(() => undefined) : undefined;
  const { settings } = vaultSettingsInForce(rec !== undefined, value, rec ? undefined : await readLegacyLocalSettings());
  return { autoLockMinutes: settings.autoLockMinutes, lockOnOsLock: settings.lockOnOsLock };
}

/** The lock settings in force, or undefined when locked. */
export async function lockPolicy(): Promise<LockPolicy | undefined> {
  return (await readUnlocked())?.lock;
}

/**
 * Puts new lock settings in force (after ./settings.ts sealed them): storage.session's copy, the idle
 * deadline and its alarm. Serialized with re-key, which rewrites the same storage.session entry.
 */
export function applyLockPolicy(policy: LockPolicy, guard: LockGuard): Promise<void> {
  return serialized(async () => {
    guard.check();
    const s = await readUnlocked();
    if (!s) throw LOCKED();
    await replaceUnlocked({ ...s, lock: { ...policy } });
    if (guard.signal.aborted) {
      await clearSession();
      throw LOCKED();
    }
    const last = (await readLastActivity()) ?? now();
    await scheduleAutoLock(last + policy.autoLockMinutes * 60_000);
    seen = { epoch: lockEpoch, lastActivity: last, minutes: policy.autoLockMinutes };
  });
}

export function create(passphrase: string): Promise<VaultStatus> {
  const epoch = lockEpoch;
  return serialized(async () => {
    if (await readHeader()) throw new SigvaultError('VAULT_EXISTS', 'A vault already exists. Unlock it, or destroy it first.');
    // Calibrate toward ~0.5 s on this machine, never below the OWASP floor.
    const kdf = await calibrateKdf({ now: () => performance.now(), targetMs: 500 });
    const { header, dataKey } = await createVault(passphrase, kdf);
    await createHeader(header);
    await enterUnlocked(header.vaultId, dataKey, epoch);
    return status();
  });
}

export function unlock(passphrase: string): Promise<VaultStatus> {
  const epoch = lockEpoch;
  return serialized(async () => {
    const header = await readHeader();
    if (!header) throw new SigvaultError('NO_VAULT', 'There is no vault yet. Create one first.');
    await checkBackoff();
    let dataKey: Uint8Array;
    try {
      dataKey = await unlockHeader(header, passphrase);
    } catch (e) {
      if (e instanceof SigvaultError && e.code === 'WRONG_PASSPHRASE') await recordFailure();
      throw e;
    }
    await deleteMeta('unlockFailures');
    await enterUnlocked(header.vaultId, dataKey, epoch);
    return status();
  });
}

/**
 * Runs another passphrase check (change passphrase, open a backup) under the same backoff as unlock.
 * `resetOnSuccess`: a correct *vault* passphrase clears the failure count; a backup's does not.
 */
export function withPassphraseCheck<T>(fn: () => Promise<T>, opts: { resetOnSuccess: boolean }): Promise<T> {
  return serialized(async () => {
    await checkBackoff();
    try {
      const out = await fn();
      if (opts.resetOnSuccess) await deleteMeta('unlockFailures');
      return out;
    } catch (e) {
      if (e instanceof SigvaultError && e.code === 'WRONG_PASSPHRASE') await recordFailure();
      throw e;
    }
  });
}

/**
 * Asks for the vault passphrase again before something leaves the vault that a page must not get just
 * because the vault is unlocked (an IAM user's long-term keys): the vault must be unlocked and
 * `passphrase` must open its header. Under the unlock backoff: a wrong passphrase counts as a failed
 * unlock (WRONG_PASSPHRASE, then BACKOFF), a right one clears the count.
 */
export function verifyPassphrase(passphrase: string): Promise<void> {
  return withPassphraseCheck(async () => {
    const u = await requireUnlocked();
    const header = await readHeader();
    if (!header || header.vaultId !== u.vaultId) throw new SigvaultError('NO_VAULT', 'There is no vault.');
    wipe(await unlockHeader(header, passphrase));
  }, { resetOnSuccess: true });
}

async function checkBackoff(): Promise<void> {
  const at = retryAt(await getMeta('unlockFailures'), now());
  if (at !== undefined) {
    const retryAfter = at - now();
    throw new SigvaultError('BACKOFF', `Too many wrong passphrases. Try again in ${Math.ceil(retryAfter / 1000)} s.`, { retryAfter });
  }
}

async function recordFailure(): Promise<void> {
  const prev = await getMeta('unlockFailures');
  await setMeta('unlockFailures', { count: (prev?.count ?? 0) + 1, lastAt: now() });
}

const lockHooks: Array<() => void> = [];
/** Registers what else a lock must forget (cached temporary credentials, pending MFA prompts). */
export function onLock(fn: () => void): void {
  lockHooks.push(fn);
}

/**
 * Drops the key from memory and storage.session, forgets opened identities, cached temporary
 * credentials and signing keys, cancels the auto-lock alarm and tells open pages.
 */
export async function lock(reason: 'manual' | 'idle' | 'os' | 'destroyed'): Promise<void> {
  lockEpoch++;
  const aborted = lockController;
  lockController = new AbortController();
  aborted.abort(LOCKED());
  mem = undefined;
  seen = undefined;
  clearSigningKeyCache();
  for (const fn of lockHooks) fn();
  await clearSession();
  await cancelAutoLock();
  broadcast('vault.locked', { reason });
}

/**
 * The catalog: one sealed record (kind `catalog`) holding the view model of every identity, written in
 * the same transaction as any identity change. Listing 5,000 identities after an unlock or a worker
 * restart is then one decrypt instead of 5,000; an identity's own record (with its secret) is opened
 * only when it is used. A missing, corrupt or stale catalog (ids differ from the identity records) is
 * rebuilt by opening every identity record once. After each load, every record is also opened in the
 * background, so a tampered record is reported (`corrupt`) without making the list wait.
 */
export const CATALOG_ID = 'catalog';

interface CatalogState {
  views: Map<string, IdentityView>;
  corrupt: Map<string, CorruptRecordView>;
  opened: Map<string, StoredIdentity>;
  verified?: Promise<void>;
  /** Changes run one at a time, each computing the next catalog from the one before. */
  queue: Promise<unknown>;
}
/** One load per unlocked key: concurrent first requests share it. */
const catalogs = new WeakMap<Unlocked, Promise<CatalogState>>();

function stateFor(u: Unlocked): Promise<CatalogState> {
  let p = catalogs.get(u);
  if (!p) {
    p = loadCatalog(u);
    catalogs.set(u, p);
    p.catch(() => catalogs.delete(u));
  }
  return p;
}

function mutate<T>(state: CatalogState, fn: () => Promise<T>): Promise<T> {
  const run = state.queue.then(fn, fn);
  state.queue = run.then(() => undefined, () => undefined);
  return run;
}

function corruptView(id: string, e: unknown): CorruptRecordView {
  return { recordId: id, message: e instanceof SigvaultError ? e.message : `record ${id} could not be opened` };
}

async function openIdentity(u: Unlocked, rec: SealedRecord): Promise<StoredIdentity> {
  return parseStoredIdentity(await openRecord(u.key, u.vaultId, rec, { id: rec.id, kind: 'identity' }), rec.id);
}

function parseCatalog(value: unknown): Map<string, IdentityView> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const views = (value as { views?: unknown }).views;
  if (!Array.isArray(views)) return undefined;
  const map = new Map<string, IdentityView>();
  for (const v of views) {
    if (typeof v !== 'object' || v === null || typeof (v as IdentityView).id !== 'string') return undefined;
    map.set((v as IdentityView).id, v as IdentityView);
  }
  return map;
}

function sealCatalog(u: Unlocked, views: Map<string, IdentityView>): Promise<SealedRecord> {
  return sealRecord(u.key, u.vaultId, 'catalog', CATALOG_ID, { views: [...views.values()] });
}

async function loadCatalog(u: Unlocked): Promise<CatalogState> {
  const [rec, ids] = await Promise.all([readRecord(CATALOG_ID), readRecordIds('identity')]);
  let views: Map<string, IdentityView> | undefined;
  if (rec) views = parseCatalog(await openRecord(u.key, u.vaultId, rec, { id: CATALOG_ID, kind: 'catalog' }).catch(() => undefined));
  const state: CatalogState = { views: new Map(), corrupt: new Map(), opened: new Map(), queue: Promise.resolve() };
  if (views && views.size === ids.length && ids.every((id) => views.has(id))) {
    state.views = views;
    return state;
  }
  // Rebuild from the records themselves (first use, an older backup, or a damaged catalog).
  const records = await readRecords('identity');
  const results = await Promise.allSettled(records.map((r) => openIdentity(u, r)));
  results.forEach((res, i) => {
    const id = records[i]!.id;
    if (res.status === 'fulfilled') {
      state.views.set(id, toView(res.value));
      state.opened.set(id, res.value);
    } else state.corrupt.set(id, corruptView(id, res.reason));
  });
  state.verified = Promise.resolve(); // every record was just opened
  await writeRecords({ put: [await sealCatalog(u, state.views)], expectedVaultId: u.vaultId }).catch(() => undefined);
  return state;
}

/** Delay before the background check starts, so it does not compete with the request that loaded the catalog. */
const VERIFY_DELAY_MS = 1500;

/** Opens every identity record not opened yet; records the ones that fail. Idempotent. */
async function openAll(u: Unlocked, state: CatalogState): Promise<boolean> {
  const records = await readRecords('identity');
  let found = false;
  await Promise.all(records.map(async (r) => {
    if (state.opened.has(r.id) || state.corrupt.has(r.id)) return;
    try {
      state.opened.set(r.id, await openIdentity(u, r));
    } catch (e) {
      state.corrupt.set(r.id, corruptView(r.id, e));
      found = true;
    }
  }));
  return found;
}

/** Once per load, shortly after: open every record off the list's critical path and report bad ones. */
function verifyInBackground(u: Unlocked, state: CatalogState): void {
  state.verified ??= (async () => {
    await new Promise((r) => setTimeout(r, VERIFY_DELAY_MS));
    if (mem !== u) return; // locked meanwhile
    if (await openAll(u, state)) broadcast('vault.changed', {});
  })().catch(() => undefined);
}

/** The identity views (from the catalog) and the records known to be corrupt. */
const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
const sortedCache = new WeakMap<Map<string, IdentityView>, IdentityView[]>();

/** The views sorted by label (then id), cached per catalog version: sorting 5,000 labels is not free. */
export function sortedViews(views: Map<string, IdentityView>): IdentityView[] {
  let sorted = sortedCache.get(views);
  if (!sorted) {
    sorted = [...views.values()].sort((a, b) => collator.compare(a.label, b.label) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    sortedCache.set(views, sorted);
  }
  return sorted;
}

export async function catalog(opts: { verified?: boolean } = {}): Promise<{ views: Map<string, IdentityView>; corrupt: CorruptRecordView[]; u: Unlocked }> {
  const u = await requireUnlocked();
  const state = await stateFor(u);
  if (opts.verified) await openAll(u, state);
  else verifyInBackground(u, state);
  return { views: state.views, corrupt: [...state.corrupt.values()], u };
}

/** One identity with its secrets, decrypted on use. */
export async function identity(id: string): Promise<StoredIdentity> {
  const { u } = await catalog();
  const state = await stateFor(u);
  const cached = state.opened.get(id);
  if (cached) return cached;
  const known = state.corrupt.get(id);
  if (known) throw new SigvaultError('CORRUPT_RECORD', known.message, { recordId: id });
  const rec = await readRecord(id);
  if (!rec || rec.kind !== 'identity') throw new SigvaultError('NOT_FOUND', `No identity with id ${id}.`, { recordId: id });
  try {
    const opened = await openIdentity(u, rec);
    state.opened.set(id, opened);
    return opened;
  } catch (e) {
    state.corrupt.set(id, corruptView(id, e));
    throw e;
  }
}

/** Every identity with secrets (import planning): opens what is not open yet. */
export async function allIdentities(): Promise<{ identities: StoredIdentity[]; corrupt: CorruptRecordView[]; u: Unlocked }> {
  const { u } = await catalog({ verified: true });
  const state = await stateFor(u);
  return { identities: [...state.opened.values()], corrupt: [...state.corrupt.values()], u };
}

/**
 * Seals identities (and removes others) together with the updated catalog: one transaction, so the
 * catalog and the records never disagree, even if the worker dies mid-write.
 */
export async function saveIdentities(put: StoredIdentity[], remove: string[] = []): Promise<void> {
  await withCurrentKey(() => saveIdentitiesOnce(put, remove));
  broadcast('vault.changed', {});
}

async function saveIdentitiesOnce(put: StoredIdentity[], remove: string[]): Promise<void> {
  const { u } = await catalog();
  const state = await stateFor(u);
  const sealed = await Promise.all(put.map((i) => sealRecord(u.key, u.vaultId, 'identity', i.id, identityRecordValue(i))));
  await mutate(state, async () => {
    if (mem !== u) throw new KeyChanged();
    const nextViews = new Map(state.views);
    for (const id of remove) nextViews.delete(id);
    for (const i of put) nextViews.set(i.id, toView(i));
    await writeRecords({ put: [...sealed, await sealCatalog(u, nextViews)], remove, expectedVaultId: u.vaultId });
    state.views = nextViews;
    for (const i of put) { state.opened.set(i.id, i); state.corrupt.delete(i.id); }
    for (const id of remove) { state.opened.delete(id); state.corrupt.delete(id); }
  });
}

/** Writes an import plan (re-sealed under this vault) and the updated catalog in one transaction. */
export async function applyImportPlan(plan: ImportPlan): Promise<void> {
  await withCurrentKey(() => applyImportPlanOnce(plan));
  broadcast('vault.changed', {});
}

async function applyImportPlanOnce(plan: ImportPlan): Promise<void> {
  const { u } = await allIdentities();
  const state = await stateFor(u);
  const change = await sealImport(u.key, u.vaultId, plan);
  await mutate(state, async () => {
    if (mem !== u) throw new KeyChanged();
    // `replace` also drops current records that no longer open (the plan only knows opened identities).
    if (plan.mode === 'replace') change.remove.push(...state.corrupt.keys());
    const nextViews = new Map(state.views);
    for (const id of change.remove) nextViews.delete(id);
    const written = [...plan.add, ...plan.update.map((x) => x.after)];
    for (const i of written) nextViews.set(i.id, toView(i));
    await writeRecords({ put: [...change.put, await sealCatalog(u, nextViews)], remove: change.remove, expectedVaultId: u.vaultId });
    state.views = nextViews;
    for (const id of change.remove) { state.opened.delete(id); state.corrupt.delete(id); }
    for (const i of written) { state.opened.set(i.id, i); state.corrupt.delete(i.id); }
  });
}

/**
 * Writes records other than identities (the list prefs, the sealed settings, cached credentials) in the
 * catalog's queue, so a write cannot land between a re-key's read and its rewrite: `seal` runs under the
 * key current when the write runs, and again under the new key if a re-key replaced it. With a `guard`,
 * nothing is written once a lock happened after the guard was taken (even if the vault was unlocked
 * again since). Returns the key used.
 */
export async function writeSealed(seal: (u: Unlocked) => Promise<SealedRecord[]>, guard?: LockGuard): Promise<Unlocked> {
  return withCurrentKey(async () => {
    guard?.check();
    const { u } = await catalog();
    const state = await stateFor(u);
    return mutate(state, async () => {
      guard?.check(); // a write that belongs to an unlocked period that ended is dropped
      if (mem !== u) throw new KeyChanged();
      await writeRecords({ put: await seal(u), expectedVaultId: u.vaultId });
      return u;
    });
  });
}

/**
 * Reads and opens one sealed record in the catalog's queue, under the key current when it runs: a read
 * cannot land in the middle of a re-key (which rewrites every record under a new key) and open a record
 * with the key it replaced. `damaged`: the record exists but does not open (tampered, forged).
 */
export async function readSealed(id: string, kind: SealedRecord['kind']): Promise<{ u: Unlocked; value: unknown; damaged: boolean }> {
  return withCurrentKey(async () => {
    const { u } = await catalog();
    const state = await stateFor(u);
    return mutate(state, async () => {
      if (mem !== u) throw new KeyChanged();
      const rec = await readRecord(id);
      if (!rec) return { u, value: undefined, damaged: false };
      if (rec.kind !== kind) return { u, value: undefined, damaged: true };
      try {
        return { u, value: await openRecord(u.key, u.vaultId, rec, { id, kind }), damaged: false };
      } catch {
        return { u, value: undefined, damaged: true };
      }
    });
  });
}

/**
 * Thrown inside a catalog change whose records were sealed under a key that was replaced meanwhile (a
 * re-key, or a lock): the change is sealed again under the current key, or fails with LOCKED.
 */
class KeyChanged extends Error {}

async function withCurrentKey<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof KeyChanged)) throw e;
      if (attempt >= 3) throw new SigvaultError('NO_VAULT', 'The vault changed while this request ran; nothing was written.');
    }
  }
}

/**
 * Re-key: verify the passphrase, make a NEW data key wrapped under it with `kdf` (default: calibrated
 * on this device like a new vault), re-seal every record under it (cached temporary credentials are
 * dropped) and write the header and all records in ONE transaction. Serialized with the other passphrase
 * checks (a wrong passphrase counts toward the backoff) and with identity changes (the catalog queue),
 * so no change sealed under the old key can land after it.
 *
 * A worker killed at any point leaves the old vault or the new one: storage.session holds the new key as
 * `next` (with the wrap it belongs to) before the transaction, and requireUnlocked keeps whichever key the
 * header on disk wraps. A lock that lands first wins: before the transaction nothing is written; after
 * it the vault stays locked and the next unlock opens the re-keyed vault.
 */
export function rekey(passphrase: string, kdf?: KdfParams): Promise<VaultStatus> {
  const epoch = lockEpoch;
  return withPassphraseCheck(async () => {
    const u = await requireUnlocked();
    if (epoch !== lockEpoch) throw LOCKED();
    const header = await readHeader();
    if (!header || header.vaultId !== u.vaultId) throw new SigvaultError('NO_VAULT', 'There is no vault.');
    const params = kdf ?? (await calibrateKdf({ now: () => performance.now(), targetMs: 500 }));
    const { header: next, oldDataKey, newDataKey } = await rekeyHeader(header, passphrase, params);
    rekeying = true;
    try {
      const [oldKey, newKey] = await Promise.all([importDataKey(oldDataKey), importDataKey(newDataKey)]);
      const state = await stateFor(u);
      await mutate(state, async () => {
        const { put } = await resealRecords(oldKey, newKey, u.vaultId, await readRecords());
        const s = await readUnlocked();
        if (!s || epoch !== lockEpoch) throw LOCKED();
        const nextKey = toBase64(newDataKey);
        await replaceUnlocked({ ...s, next: { dataKey: nextKey, wrapCt: next.wrappedKey.ct } });
        if (epoch !== lockEpoch) {
          await clearSession();
          throw LOCKED();
        }
        try {
          await writeRecords({ put, clearFirst: true, header: next, expectedVaultId: u.vaultId });
        } catch (e) {
          if (epoch === lockEpoch) await replaceUnlocked({ vaultId: s.vaultId, dataKey: s.dataKey, unlockedAt: s.unlockedAt, lock: s.lock });
          throw e;
        }
        if (epoch !== lockEpoch) return; // locked meanwhile: the re-keyed vault is on disk, locked
        const nu: Unlocked = { vaultId: u.vaultId, key: newKey };
        // The identities are the same: the new key's catalog starts from what is open already.
        catalogs.set(nu, Promise.resolve({ views: state.views, corrupt: new Map(), opened: state.opened, verified: Promise.resolve(), queue: Promise.resolve() }));
        mem = nu;
        await replaceUnlocked({ vaultId: s.vaultId, dataKey: nextKey, unlockedAt: s.unlockedAt, lock: s.lock });
        if (epoch !== lockEpoch) {
          mem = undefined;
          await clearSession();
        }
      });
    } finally {
      rekeying = false;
      wipe(oldDataKey, newDataKey);
    }
    return status();
  }, { resetOnSuccess: true });
}
