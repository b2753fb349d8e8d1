/**
 * The order of the popup's identity list, shared by the background (which sorts, and can send the first
 * rows alone so the popup paints before the whole list has crossed) and the popup (which puts a heading
 * over each section). Pure: no browser API, unit-tested in Node.
 *
 * With an empty search the list is: favorites (by label), then up to {@link RECENT_SHOWN} recently used
 * identities (most recent first), then every other identity grouped by account — accounts by alias (or id),
 * then the federated identities grouped by the source they sign in through (Identity Center sources, then
 * SAML providers, then web identity issuers, each by name) and by account within it, then accounts not
 * known yet — and by label within a section.
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
  /**
   * AWS Extend Switch Roles base profile name → the id of the identity its targets are assumed from, as chosen
   * in the last AESR import's preview (offered again by the next one). Absent when there is none.
   */
  aesrBases?: Record<string, string>;
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

const roleNames = new WeakMap<IdentityView, string | undefined>();

/** `arn:aws:iam::1:role/path/Admin` → `Admin`; a console role's `path/Admin` → `Admin`. Remembered per view object. */
export function roleNameOf(view: IdentityView): string | undefined {
  if (roleNames.has(view)) return roleNames.get(view);
  let name: string | undefined;
  if (view.kind === 'console-role') name = view.roleName.split('/').pop();
  else if (view.kind === 'sso') name = view.roleName;
  else if (view.kind === 'role' || view.kind === 'saml' || view.kind === 'web-identity') name = ARN.exec(view.roleArn)?.[2]?.split('/').pop();
  roleNames.set(view, name);
  return name;
}

/**
 * The federated source an identity signs in through, or `undefined` (IAM users, roles, console roles):
 * `sso:<source id>` (an Identity Center source), `saml:<provider ARN>`, `web:<token issuer>` (`web:` when the
 * token names none).
 */
export function sourceOf(view: IdentityView): string | undefined {
  if (view.kind === 'sso') return `sso:${view.sourceId}`;
  if (view.kind === 'saml') return `saml:${view.principalArn}`;
  if (view.kind === 'web-identity') return `web:${view.tokenIssuer ?? ''}`;
  return undefined;
}

/** `arn:aws:iam::1:saml-provider/Okta` → `Okta`: the SAML provider as people name it. */
export function samlProviderName(principalArn: string): string {
  return principalArn.replace(/^.*saml-provider\//, '');
}

/** A SAML provider's name ({@link samlProviderName}); an issuer URL → its host. The name a source key shows when no other is known. */
export function sourceFallbackName(key: string): string {
  const rest = key.slice(key.indexOf(':') + 1);
  if (key.startsWith('saml:')) return samlProviderName(rest);
  if (key.startsWith('web:')) return rest.replace(/^https:\/\//, '').replace(/\/$/, '');
  return rest;
}

/**
 * A section of the list: `fav`, `recent`, `acct:<account id>` (`acct:` when the account is unknown), or
 * `src:<source>|<account id>` for a federated identity (source as {@link sourceOf} names it).
 */
export type SectionKey = 'fav' | 'recent' | `acct:${string}` | `src:${string}`;

const homes = new WeakMap<IdentityView, SectionKey>();

/**
 * The section an identity belongs to apart from favorites and recent: its account's, or its source's and
 * account's. Remembered per view object (a search groups every match by it on each keystroke).
 */
export function homeSection(view: IdentityView): SectionKey {
  let key = homes.get(view);
  if (key === undefined) {
    const source = sourceOf(view);
    key = source === undefined ? `acct:${accountOf(view) ?? ''}` : `src:${source}|${accountOf(view) ?? ''}`;
    homes.set(view, key);
  }
  return key;
}

/** `src:sso:abc|123456789012` → `{ source: 'sso:abc', account: '123456789012' }`. */
export function splitSourceSection(key: `src:${string}`): { source: string; account: string } {
  const bar = key.lastIndexOf('|');
  return { source: key.slice(4, bar), account: key.slice(bar + 1) };
}

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
    of: (view) => (fav.has(view.id) ? 'fav' : recent.has(view.id) ? 'recent' : homeSection(view)),
    recentRank: (id) => recent.get(id),
  };
}
