import { SigvaultError } from '../../core/errors.ts';
import type { SettingsView } from '../../core/settings.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import { readLocalSettings } from '../../platform/settings.ts';
import { readVaultSettingsView } from '../vault/settings.ts';

/** The local settings, and the vault's sealed ones while unlocked (`vault: null` when locked or absent). */
export async function settingsView(): Promise<SettingsView> {
  const [local, vault] = await Promise.all([readLocalSettings(), readVaultSettingsView().catch((e: unknown): SettingsView['vault'] => {
    if (e instanceof SigvaultError && (e.code === 'LOCKED' || e.code === 'NO_VAULT')) return null;
    throw e;
  })]);
  return { ...local, vault };
}

/**
 * `settings.get` → `{ defaultRegion, theme, vault: { autoLockMinutes, lockOnOsLock, federationPolicy, endpoints, damaged? } | null }`.
 * `damaged`: the sealed record does not open (forged or tampered); the defaults are in force until saved again.
 */
export const settingsGet: Handler<'settings.get'> = () => settingsView();
