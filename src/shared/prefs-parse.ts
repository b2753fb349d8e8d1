/**
 * The list prefs (list-order.ts `ListPrefs`) as the background reads them from a stored or restored record,
 * and the account alias rule. Background only: apart from list-order.ts to keep the popup's first paint small.
 * @module
 */
import type { ListPrefs } from './list-order.ts';
import { RECENT_KEPT } from './list-order.ts';

/** What an alias may not hold: the same set as a label (core/vault/identity.ts `UNSAFE_TEXT`). */
const UNSAFE_ALIAS = /[\p{Cc}\p{Cf}\p{Cs}]/u;

/**
 * An account alias as the user types it: 1–64 characters (trimmed), no control characters, no format
 * characters (bidi overrides such as U+202E, zero-width characters) and no unpaired surrogates — as for
 * labels. Applied on `account.setAlias` and to every alias read back from a stored or restored record.
 */
export function checkAlias(alias: string): string | undefined {
  const a = alias.trim();
  if (a.length === 0 || a.length > 64 || UNSAFE_ALIAS.test(a)) return undefined;
  return a;
}

/** An identity id (core/vault/format.ts `RECORD_ID_PATTERN`). */
const RECORD_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Reads prefs from an opened record, dropping whatever is malformed (never throws): ids that are not
 * record ids, aliases of anything but a 12-digit account, aliases {@link checkAlias} refuses. The record
 * may come from a restored backup, so nothing in it is trusted.
 */
export function parsePrefs(value: unknown): ListPrefs {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const ids = (x: unknown, max: number) => (Array.isArray(x) ? [...new Set(x.filter((i): i is string => typeof i === 'string' && RECORD_ID.test(i)))].slice(0, max) : []);
  const aliases: Record<string, string> = {};
  if (typeof v['aliases'] === 'object' && v['aliases'] !== null) {
    for (const [account, alias] of Object.entries(v['aliases'] as Record<string, unknown>)) {
      const ok = typeof alias === 'string' ? checkAlias(alias) : undefined;
      if (/^\d{12}$/.test(account) && ok) aliases[account] = ok;
    }
  }
  const prefs: ListPrefs = { favorites: ids(v['favorites'], 10_000), recent: ids(v['recent'], RECENT_KEPT), aliases };
  if (typeof v['aesrBases'] === 'object' && v['aesrBases'] !== null) {
    const bases = Object.create(null) as Record<string, string>;
    let n = 0;
    for (const [base, id] of Object.entries(v['aesrBases'] as Record<string, unknown>)) {
      // a base profile name: the rule of a label (as an alias); the id of an identity
      if (n >= MAX_AESR_BASES || checkAlias(base) !== base || typeof id !== 'string' || !RECORD_ID.test(id)) continue;
      bases[base] = id;
      n++;
    }
    if (n > 0) prefs.aesrBases = bases;
  }
  return prefs;
}

/** How many AESR base profiles the prefs remember. */
export const MAX_AESR_BASES = 500;
