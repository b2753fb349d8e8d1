/**
 * Non-secret preferences in `storage.local` (type, defaults and validation in src/core/settings.ts).
 * Never holds a secret.
 * @module
 */
import { settingsFromStored, type Settings } from '../core/settings.ts';
import { browser } from './browser.ts';

const KEY = 'settings';

export async function readSettings(): Promise<Settings> {
  const got = await browser.storage.local.get(KEY);
  return settingsFromStored(got[KEY]);
}

export async function writeSettings(patch: Partial<Settings>): Promise<Settings> {
  const next = { ...(await readSettings()), ...patch };
  await browser.storage.local.set({ [KEY]: next });
  return next;
}
