/**
 * The settings sealed in the vault (auto-lock, OS-lock trigger, endpoint overrides, the console session
 * policy; types in src/core/settings.ts): one record of kind `settings-secret`, id `settings`. Read and
 * changed only while unlocked, both in the catalog's queue (a re-key re-seals the record like any other,
 * and a read never lands in the middle of it); cached per unlocked key; changes run one at a time.
 *
 * Why sealed: whoever can change them can send live credentials to a server of theirs (an endpoint) or
 * keep the vault open longer (auto-lock). A locked browser, or anything that can write the profile, must
 * not be able to plant them. (It can still roll the record back to an earlier sealed state of the same
 * data key, or delete it: see docs/threat-model.md.)
 * @module
 */
import { SigvaultError } from '../../core/errors.ts';
import { applyVaultPatch, newUnconfirmedEndpoints, vaultSettingsInForce, type VaultSettings, type VaultSettingsPatch } from '../../core/settings.ts';
import { sealRecord } from '../../core/vault/record.ts';
import { readLegacyLocalSettings } from '../../platform/settings.ts';
import { applyLockPolicy, lockGuard, readSealed, requireUnlocked, SETTINGS_ID, writeSealed } from './service.ts';

type Unlocked = Awaited<ReturnType<typeof requireUnlocked>>;

interface Loaded {
  settings: VaultSettings;
  /** The record exists but does not open: the defaults are in force and pages say so. */
  damaged: boolean;
  /** No record yet, but an older version's storage.local held values worth adopting (written on first change or load). */
  adopt?: VaultSettingsPatch;
}

const cache = new WeakMap<Unlocked, Promise<Loaded>>();
let queue: Promise<unknown> = Promise.resolve();

async function load(): Promise<{ u: Unlocked; loaded: Loaded }> {
  const { u, value, damaged } = await readSealed(SETTINGS_ID, 'settings-secret');
  const hasRecord = damaged || value !== undefined;
  // First unlock since this build (no record): what cannot weaken anything is adopted from an older version's settings.
  const { settings, adopt } = vaultSettingsInForce(hasRecord, value, hasRecord ? undefined : await readLegacyLocalSettings());
  return { u, loaded: { settings, damaged, ...(adopt ? { adopt } : {}) } };
}

async function current(): Promise<{ u: Unlocked; loaded: Loaded }> {
  const u = await requireUnlocked();
  const hit = cache.get(u);
  if (hit) return { u, loaded: await hit };
  const p = load();
  const mine = p.then((r) => r.loaded);
  cache.set(u, mine);
  try {
    const r = await p;
    if (r.u !== u) {
      // a re-key replaced the key meanwhile: the answer belongs to the new one
      cache.delete(u);
      cache.set(r.u, Promise.resolve(r.loaded));
    }
    return r;
  } catch (e) {
    cache.delete(u);
    throw e;
  }
}

const ENDPOINT_KIND_NAMES = { sts: 'STS', signin: 'sign-in', oidc: 'IAM Identity Center OIDC', portal: 'IAM Identity Center portal' } as const;

/** The sealed settings (needs the vault unlocked: LOCKED otherwise), and whether their record was damaged. */
export async function readVaultSettingsView(): Promise<VaultSettings & { damaged?: true }> {
  const { loaded } = await current();
  return { ...structuredClone(loaded.settings), ...(loaded.damaged ? { damaged: true as const } : {}) };
}

/** The sealed settings in force (needs the vault unlocked: LOCKED otherwise). */
export async function readVaultSettings(): Promise<VaultSettings> {
  return structuredClone((await current()).loaded.settings);
}

/**
 * Applies a validated patch: LOCKED when locked; CONFIRM_ENDPOINT (with the URL) when it sets an endpoint
 * that is not AWS's own and the user has not confirmed it (`confirmed`). Returns the new settings.
 */
export function updateVaultSettings(patch: VaultSettingsPatch, confirmed: boolean): Promise<VaultSettings> {
  const guard = lockGuard();
  const run = queue.then(async () => {
    const { settings: before } = (await current()).loaded;
    const next = applyVaultPatch(before, patch);
    const unconfirmed = newUnconfirmedEndpoints(before, next);
    if (unconfirmed.length > 0 && !confirmed) {
      const first = unconfirmed[0]!;
      throw new SigvaultError(
        'CONFIRM_ENDPOINT',
        first.kind === 'saml'
          ? `Sigvault would read the SAML sign-ins the browser posts to ${first.url}, which is not AWS's own SAML endpoint: confirm this URL first.`
          : `Sigvault would send live AWS credentials or sign-in tokens to ${first.url}, which is not AWS's own ${ENDPOINT_KIND_NAMES[first.kind]} host: confirm this URL first.`,
        { field: first.field, url: first.url, urls: unconfirmed.map((x) => x.url) },
      );
    }
    // While the record is written, the stricter of the old and new lock settings is in force: a worker
    // stopped in between never leaves a weaker lock than the one the user had or asked for.
    const stricter = { autoLockMinutes: Math.min(before.autoLockMinutes, next.autoLockMinutes), lockOnOsLock: before.lockOnOsLock || next.lockOnOsLock };
    const lockChanged = before.autoLockMinutes !== next.autoLockMinutes || before.lockOnOsLock !== next.lockOnOsLock;
    if (lockChanged) await applyLockPolicy(stricter, guard);
    const u = await writeSealed(async (key) => [await sealRecord(key.key, key.vaultId, 'settings-secret', SETTINGS_ID, next)], guard);
    cache.set(u, Promise.resolve({ settings: next, damaged: false }));
    if (lockChanged) await applyLockPolicy({ autoLockMinutes: next.autoLockMinutes, lockOnOsLock: next.lockOnOsLock }, guard);
    return structuredClone(next);
  });
  queue = run.catch(() => undefined);
  return run;
}

/**
 * After an unlock: seals what an older version's storage.local held that is worth keeping (see
 * `legacyVaultSettings`), once, so it no longer depends on storage.local. Best effort.
 */
export async function adoptLegacySettings(): Promise<void> {
  const { loaded } = await current();
  if (loaded.adopt) await updateVaultSettings(loaded.adopt, false);
}
