/**
 * Non-secret preferences in `storage.local` (type, defaults and validation in src/core/settings.ts).
 * Never holds a secret.
 * @module
 */
import { settingsFromStored, type Settings } from '../core/settings.ts';
import { browser } from './browser.ts';

const KEY = 'settings';

/**
 * Read once per worker life and kept (every request checks the auto-lock timeout): refreshed by our own
 * writes, and dropped when storage.local changes otherwise.
 */
let cached: Promise<Settings> | undefined;
browser.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && KEY in changes) cached = undefined;
});

export async function readSettings(): Promise<Settings> {
  const p = (cached ??= browser.storage.local.get(KEY).then((got) => settingsFromStored(got[KEY])));
  p.catch(() => { if (cached === p) cached = undefined; });
  return { ...(await p) };
}

export async function writeSettings(patch: Partial<Settings>): Promise<Settings> {
  const next = { ...(await readSettings()), ...patch };
  await browser.storage.local.set({ [KEY]: next });
  cached = Promise.resolve(next);
  return { ...next };
}
