import { browser } from '../platform/browser.ts';
import { pluralKey } from './plural.ts';

/**
 * Messages already looked up: the list renders the same few strings on every keystroke (kind names,
 * "active", account labels), and each lookup is a call into the extension API. Bounded, since
 * substitutions (labels, accounts) vary.
 */
const memo = new Map<string, string>();
const MEMO_MAX = 2000;

/** A string from public/_locales; the key must exist (a missing key renders visibly, not silently empty). */
export function t(key: string, ...subs: string[]): string {
  const id = subs.length ? `${key}\u0000${subs.join('\u0000')}` : key;
  let text = memo.get(id);
  if (text === undefined) {
    text = browser.i18n.getMessage(key, subs) || `⟦${key}⟧`;
    if (memo.size >= MEMO_MAX) memo.clear();
    memo.set(id, text);
  }
  return text;
}

/** A message about `count` things: `<key>One` when it is 1 (see ./plural.ts); `subs` as for {@link t}. */
export function tn(key: string, count: number, ...subs: string[]): string {
  return t(pluralKey(key, count), ...subs);
}
