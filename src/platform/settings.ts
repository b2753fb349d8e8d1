/**
 * The local settings (theme, default region) in `storage.local` (types and validation in
 * src/core/settings.ts). Never holds a secret, and nothing here can weaken locking or redirect
 * credentials: those settings are sealed in the vault (src/background/vault/settings.ts). Keys an older
 * version kept here (auto-lock, endpoints, session policy) are ignored and dropped on the next write:
 * a value planted in the profile never takes effect.
 * @module
 */
import { localSettingsFromStored, type LocalSettings } from '../core/settings.ts';
import { browser } from './browser.ts';

const KEY = 'settings';

/** Read once per worker life and kept: refreshed by our own writes, dropped when storage.local changes otherwise. */
let cached: Promise<LocalSettings> | undefined;
browser.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && KEY in changes) cached = undefined;
});

export async function readLocalSettings(): Promise<LocalSettings> {
  const p = (cached ??= browser.storage.local.get(KEY).then((got) => localSettingsFromStored(got[KEY])));
  p.catch(() => { if (cached === p) cached = undefined; });
  return { ...(await p) };
}

/** The raw stored object, for the one-time adoption of an older version's values (core/settings.ts `legacyVaultSettings`). */
export async function readLegacyLocalSettings(): Promise<unknown> {
  return (await browser.storage.local.get(KEY))[KEY];
}

export async function writeLocalSettings(patch: Partial<LocalSettings>): Promise<LocalSettings> {
  const next = { ...(await readLocalSettings()), ...patch };
  await browser.storage.local.set({ [KEY]: next });
  cached = Promise.resolve(next);
  return { ...next };
}
