/**
 * IAM Identity Center sources as the vault keeps them: one sealed record (`prefs` kind, id
 * `sso-sources`) listing each instance the user added — label, start URL, region — with its sign-in
 * (client registration and tokens, ./token.ts) and the last sync's counts. Pure: the background reads and
 * writes the record; pages get {@link toSourceView} (never a token or client secret).
 * @module
 */
import { SigvaultError } from '../errors.ts';
import { validateRegion } from '../sts/partition.ts';
import { validateLabel } from '../vault/identity.ts';
import { validateStartUrl } from './endpoints.ts';
import { parseSsoToken, type SsoToken } from './token.ts';

export interface SsoSource {
  id: string;
  label: string;
  /** Normalised (./endpoints.ts validateStartUrl). */
  startUrl: string;
  /** The Identity Center instance's region (OIDC and portal calls go there). */
  region: string;
  createdAt: number;
  /** Secrets: the client registration and tokens; absent until signed in. */
  token?: SsoToken;
  lastSync?: { at: number; accounts: number; roles: number };
}

/** Most sources one vault holds. */
export const MAX_SOURCES = 50;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

function invalid(field: string, message: string): SigvaultError {
  return new SigvaultError('INVALID_INPUT', message, { field });
}

/**
 * `sso.addSource` input.
 * @throws SigvaultError INVALID_INPUT naming the field
 */
export function validateNewSource(input: unknown): { label: string; startUrl: string; region: string } {
  if (typeof input !== 'object' || input === null) throw invalid('input', 'expected { label, startUrl, region }');
  const o = input as Record<string, unknown>;
  const label = validateLabel(o['label']);
  const startUrl = validateStartUrl(o['startUrl']);
  const region = validateRegion(typeof o['region'] === 'string' ? o['region'].trim() : o['region'], 'region');
  return { label, startUrl, region };
}

function count(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined;
}

/**
 * The sources in a stored record. Tolerant: a source that does not read is dropped (it can be added
 * again), a sign-in that does not read is dropped (the user signs in again), never an unchecked value.
 */
export function parseSsoSources(value: unknown): SsoSource[] {
  const list = typeof value === 'object' && value !== null ? (value as { sources?: unknown }).sources : undefined;
  if (!Array.isArray(list)) return [];
  const out: SsoSource[] = [];
  for (const raw of list.slice(0, MAX_SOURCES)) {
    if (typeof raw !== 'object' || raw === null) continue;
    const r = raw as Record<string, unknown>;
    let base: { label: string; startUrl: string; region: string };
    try {
      base = validateNewSource(r);
    } catch {
      continue;
    }
    if (typeof r['id'] !== 'string' || !ID.test(r['id']) || out.some((s) => s.id === r['id'])) continue;
    const source: SsoSource = { id: r['id'], ...base, createdAt: count(r['createdAt']) ?? 0 };
    if (r['token'] !== undefined) {
      try {
        source.token = parseSsoToken(r['token']);
      } catch {
        /* a damaged sign-in: sign in again */
      }
    }
    const ls = r['lastSync'] as Record<string, unknown> | undefined;
    if (typeof ls === 'object' && ls !== null) {
      const at = count(ls['at']);
      const accounts = count(ls['accounts']);
      const roles = count(ls['roles']);
      if (at !== undefined && accounts !== undefined && roles !== undefined) source.lastSync = { at, accounts, roles };
    }
    out.push(source);
  }
  return out;
}

/** The record's value. */
export function ssoSourcesRecord(sources: readonly SsoSource[]): { v: 1; sources: SsoSource[] } {
  return { v: 1, sources: sources.map((s) => ({ ...s })) };
}

/**
 * The sources a backup holds, as a restore brings them back: signed out (the sign-in is not restored: a
 * token from another time or browser is signed in again, not trusted), the rest as read by {@link parseSsoSources}.
 */
export function sourcesForRestore(value: unknown): SsoSource[] {
  return parseSsoSources(value).map(({ token: _token, ...rest }) => rest);
}

/**
 * `current` with the sources `restored` adds: those whose id is new (a source already here keeps its own
 * sign-in), up to {@link MAX_SOURCES}; `added` lists the ones that made it in.
 */
export function mergeRestoredSources(current: readonly SsoSource[], restored: readonly SsoSource[]): { merged: SsoSource[]; added: SsoSource[] } {
  const ids = new Set(current.map((s) => s.id));
  const merged = [...current, ...restored.filter((s) => !ids.has(s.id))].slice(0, MAX_SOURCES);
  return { merged, added: merged.slice(current.length) };
}

/** What a restore preview says about the sources it brings back. */
export function restoredSourcesNote(count: number): string | undefined {
  if (count === 0) return undefined;
  return `${count} IAM Identity Center ${count === 1 ? 'source is' : 'sources are'} restored signed out: sign in again to use ${count === 1 ? 'its' : 'their'} roles.`;
}

/** Whether the source can get an access token without a new sign-in. */
export function isSignedIn(source: SsoSource, now: number): boolean {
  const t = source.token;
  if (!t) return false;
  if (t.accessTokenExpiresAt > now) return true;
  return typeof t.refreshToken === 'string' && t.clientSecretExpiresAt > now;
}

export interface SsoSourceViewModel {
  id: string;
  label: string;
  startUrl: string;
  region: string;
  signedIn: boolean;
  tokenExpiresAt?: number;
  lastSync?: { at: number; accounts: number; roles: number };
  identities: number;
}

/** What pages see of a source: no token, no client secret. */
export function toSourceView(source: SsoSource, identities: number, now: number): SsoSourceViewModel {
  const view: SsoSourceViewModel = { id: source.id, label: source.label, startUrl: source.startUrl, region: source.region, signedIn: isSignedIn(source, now), identities };
  if (source.token) view.tokenExpiresAt = source.token.accessTokenExpiresAt;
  if (source.lastSync) view.lastSync = { ...source.lastSync };
  return view;
}
