/**
 * The only import of webextension-polyfill in the code base (the polyfill is frozen upstream; Chrome 148+
 * and Firefox expose a promise-based `browser` natively, so this file is where it will be dropped).
 * @module
 */
import browser from 'webextension-polyfill';
import type { BrowserName } from '../shared/protocol.ts';

declare const __SIGVAULT_TARGET__: BrowserName;

export type { Runtime, Tabs, Storage, Alarms, Idle } from 'webextension-polyfill';
export { browser };

/** The browser this build targets (set at build time by vite.config.ts). */
export const BROWSER: BrowserName = __SIGVAULT_TARGET__;
