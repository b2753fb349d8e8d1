import { browser } from '../platform/browser.ts';

/** A string from public/_locales; the key must exist (a missing key renders visibly, not silently empty). */
export function t(key: string, ...subs: string[]): string {
  return browser.i18n.getMessage(key, subs) || `⟦${key}⟧`;
}
