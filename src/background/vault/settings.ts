/**
 * The settings sealed in the vault (auto-lock, OS-lock trigger, endpoint overrides, the console session
 * policy; types in src/core/settings.ts): one record of kind `settings-secret`, id `settings`. Read and
 * changed only while unlocked; cached per unlocked key; changes run one at a time, in the catalog's queue
 * (so a re-key re-seals them like any record).
 *
 * Why sealed: whoever can change them can send live credentials to a server of theirs (an endpoint) or
 * keep the vault open longer (auto-lock). A locked browser, or anything that can write the profile, must
 * not be able to plant them.
 * @module
 */
import { SigvaultError } from '../../core/errors.ts';
import {
  applyVaultPatch, newUnconfirmedEndpoints, vaultSettingsFromStored,
  type VaultSettings, type VaultSettingsPatch,
} from '../../core/settings.ts';
import { openRecord, sealRecord } from '../../core/vault/record.ts';
import { readRecord } from '../../platform/vault-store.ts';
import { applyLockPolicy, lockGuard, requireUnlocked, SETTINGS_ID, writeSealed } from './service.ts';

type Unlocked = Awaited<ReturnType<typeof requireUnlocked>>;
const cache = new WeakMap<Unlocked, Promise<VaultSettings>>();
let queue: Promise<unknown> = Promise.resolve();

async function load(u: Unlocked): Promise<VaultSettings> {
  const rec = await readRecord(SETTINGS_ID);
  if (!rec || rec.kind !== 'settings-secret') return vaultSettingsFromStored(undefined);
  // A record that does not open (tampered) falls back to the defaults: no override, 15-minute lock.
  return vaultSettingsFromStored(await openRecord(u.key, u.vaultId, rec, { id: SETTINGS_ID, kind: 'settings-secret' }).catch(() => undefined));
}

/** The sealed settings (needs the vault unlocked: LOCKED otherwise). */
export async function readVaultSettings(): Promise<VaultSettings> {
  const u = await requireUnlocked();
  let p = cache.get(u);
  if (!p) {
    p = load(u);
    cache.set(u, p);
    p.catch(() => cache.delete(u));
  }
  return structuredClone(await p);
}

/**
 * Applies a validated patch: LOCKED when locked; CONFIRM_ENDPOINT (with the URL) when it sets an endpoint
 * that is not AWS's own and the user has not confirmed it (`confirmed`). Returns the new settings.
 */
export function updateVaultSettings(patch: VaultSettingsPatch, confirmed: boolean): Promise<VaultSettings> {
  const guard = lockGuard();
  const run = queue.then(async () => {
    const current = await readVaultSettings();
    const next = applyVaultPatch(current, patch);
    const unconfirmed = newUnconfirmedEndpoints(current, next);
    if (unconfirmed.length > 0 && !confirmed) {
      const first = unconfirmed[0]!;
      throw new SigvaultError(
        'CONFIRM_ENDPOINT',
        `Sigvault would send live AWS credentials to ${first.url}, which is not AWS's own ${first.kind === 'sts' ? 'STS' : 'sign-in'} host: confirm this URL first.`,
        { field: first.field, url: first.url, urls: unconfirmed.map((x) => x.url) },
      );
    }
    // While the record is written, the stricter of the old and new lock settings is in force: a worker
    // stopped in between never leaves a weaker lock than the one the user had or asked for.
    const stricter = { autoLockMinutes: Math.min(current.autoLockMinutes, next.autoLockMinutes), lockOnOsLock: current.lockOnOsLock || next.lockOnOsLock };
    const lockChanged = current.autoLockMinutes !== next.autoLockMinutes || current.lockOnOsLock !== next.lockOnOsLock;
    if (lockChanged) await applyLockPolicy(stricter, guard);
    const u = await writeSealed(async (key) => [await sealRecord(key.key, key.vaultId, 'settings-secret', SETTINGS_ID, next)], guard);
    cache.set(u, Promise.resolve(next));
    if (lockChanged) await applyLockPolicy({ autoLockMinutes: next.autoLockMinutes, lockOnOsLock: next.lockOnOsLock }, guard);
    return structuredClone(next);
  });
  queue = run.catch(() => undefined);
  return run;
}
