/**
 * The order of the popup's identity list, shared by the background (which sorts, and can send the first
 * rows alone so the popup paints before the whole list has crossed) and the popup (which puts a heading
 * over each section). Pure: no browser API, unit-tested in Node.
 *
 * With an empty search the list is: favorites (by label), then up to {@link RECENT_SHOWN} recently used
 * identities (most recent first), then every other identity grouped by account — accounts by alias (or id),
 * accounts not known yet last — and by label within an account.
 * @module
 */
import type { IdentityView } from '../core/vault/identity.ts';

/** The user's own arrangement of the list: kept sealed in the vault (`prefs` record). */
export interface ListPrefs {
  /** Identity ids pinned on top. */
  favorites: string[];
  /** Identity ids, most recently used first (console opened, made active, credentials copied). */
  recent: string[];
  /** Account id → alias (the name the user knows the account by). */
  aliases: Record<string, string>;
}

export const EMPTY_PREFS: Readonly<ListPrefs> = Object.freeze({ favorites: [], recent: [], aliases: {} });

/** How many recently used identities get their own section. */
export const RECENT_SHOWN = 5;
/** How many ids `recent` keeps. */
export const RECENT_KEPT = 20;

const ARN = /^arn:[\w-]+:(?:iam|sts)::(\d{12}):(.*)$/;
const accounts = new WeakMap<IdentityView, string | undefined>();

/**
 * The 12-digit account of an identity, when known (users: from GetCallerIdentity; roles: from the ARN).
 * Remembered per view object: grouping runs on every keystroke over thousands of views.
 */
export function accountOf(view: IdentityView): string | undefined {
  if (accounts.has(view)) return accounts.get(view);
  let account: string | undefined;
  if (view.kind === 'user') account = view.account ?? (view.arn ? ARN.exec(view.arn)?.[1] : undefined);
  else if (view.kind === 'role' || view.kind === 'saml' || view.kind === 'web-identity') account = ARN.exec(view.roleArn)?.[1];
  else if (view.kind === 'sso') account = view.accountId;
  // a console role names its account by id or by alias: only an id groups it (aliases are the user's names for ids)
  else if (view.kind === 'console-role') account = /^\d{12}$/.test(view.account) ? view.account : undefined;
  accounts.set(view, account);
  return account;
}

/** `arn:aws:iam::1:role/path/Admin` → `Admin`; a console role's `path/Admin` → `Admin`. */
export function roleNameOf(view: IdentityView): string | undefined {
  if (view.kind === 'console-role') return view.roleName.split('/').pop();
  if (view.kind === 'sso') return view.roleName;
  if (view.kind !== 'role' && view.kind !== 'saml' && view.kind !== 'web-identity') return undefined;
  const rest = ARN.exec(view.roleArn)?.[2];
  return rest?.split('/').pop();
}

/** A section of the list: `fav`, `recent`, or `acct:<account id>` (`acct:` when the account is unknown). */
export type SectionKey = 'fav' | 'recent' | `acct:${string}`;

/** Which section each identity falls in, given the prefs and the ids that exist. */
export interface Sections {
  of(view: IdentityView): SectionKey;
  /** Rank inside the recent section (0 = most recent), for those in it. */
  recentRank(id: string): number | undefined;
}

export function sections(prefs: ListPrefs, exists: (id: string) => boolean): Sections {
  const fav = new Set(prefs.favorites.filter(exists));
  const recent = new Map<string, number>();
  for (const id of prefs.recent) {
    if (recent.size >= RECENT_SHOWN) break;
    if (!fav.has(id) && exists(id) && !recent.has(id)) recent.set(id, recent.size);
  }
  return {
    of: (view) => (fav.has(view.id) ? 'fav' : recent.has(view.id) ? 'recent' : `acct:${accountOf(view) ?? ''}`),
    recentRank: (id) => recent.get(id),
  };
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/**
 * Sorts views into the list's order (see the module comment). The order is a total order, so the first
 * N views of the result are exactly the first N rows the popup shows. Views sorted by label already
 * (the background keeps them so) are ordered with integer keys only: a stable sort keeps their label order
 * inside each section, and the ~hundreds of account names are compared once, not per pair of identities.
 * @example listOrder(views, { favorites: [b.id], recent: [], aliases: {} })[0] === b
 */
export function listOrder(views: readonly IdentityView[], prefs: ListPrefs, opts: { sortedByLabel?: boolean } = {}): IdentityView[] {
  const input = opts.sortedByLabel ? views : [...views].sort((a, b) => collator.compare(a.label, b.label) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ids = new Set(input.map((v) => v.id));
  const s = sections(prefs, (id) => ids.has(id));
  const keys = input.map((view) => s.of(view));
  // accounts in order of their names (alias, else id); the unknown account ('acct:') last
  const accounts = [...new Set(keys.filter((k) => k.startsWith('acct:') && k !== 'acct:'))];
  const name = (k: string) => prefs.aliases[k.slice(5)] ?? k.slice(5);
  accounts.sort((a, b) => collator.compare(name(a), name(b)) || (a < b ? -1 : a > b ? 1 : 0));
  const accountRank = new Map(accounts.map((k, i) => [k, i]));
  const unknown = accounts.length;
  const rank = (k: SectionKey, id: string): number =>
    k === 'fav' ? -RECENT_SHOWN - 1 : k === 'recent' ? -RECENT_SHOWN + s.recentRank(id)! : k === 'acct:' ? unknown : accountRank.get(k)!;
  const order = input.map((view, i) => ({ view, r: rank(keys[i]!, view.id) }));
  order.sort((a, b) => a.r - b.r); // stable: label order within a section
  return order.map((o) => o.view);
}

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
  return { favorites: ids(v['favorites'], 10_000), recent: ids(v['recent'], RECENT_KEPT), aliases };
}
