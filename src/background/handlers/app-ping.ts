import { browser, BROWSER } from '../../platform/browser.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import { workerStarted } from '../lifecycle.ts';

/** `app.ping` → `{ version, browser, workerStarts }`. */
export const appPing: Handler<'app.ping'> = async () => ({
  version: browser.runtime.getManifest().version,
  browser: BROWSER,
  workerStarts: await workerStarted,
});
