/**
 * Non-secret preferences: their type, defaults and validation (pure; stored by src/platform/settings.ts).
 * @module
 */
import { SigvaultError } from './errors.ts';
import { validateRegion } from './sts/partition.ts';

export interface Settings {
  /** Lock after this many minutes without a user action (1–1440). */
  autoLockMinutes: number;
  /** Lock when the operating system's session locks (`idle` API state `locked`). */
  lockOnOsLock: boolean;
  /**
   * Base URL replacing AWS's STS hosts for every region ('' = AWS's regional endpoints): a VPC endpoint,
   * LocalStack, or the test stand-in. `https:`, or `http:` for a loopback address only.
   */
  stsEndpoint: string;
  /** Base URL replacing AWS's sign-in (federation) host ('' = AWS's). Same rules. */
  signinEndpoint: string;
  /**
   * Session policy for console sessions of IAM users (GetFederationToken): a JSON policy document, or ''
   * for allow-all (AWS intersects it with the user's own policies, so allow-all grants no more than the
   * user has). At most 2048 characters, AWS's limit.
   */
  federationPolicy: string;
  /**
   * Region used when an identity has none: its STS endpoint and signing region, and the console's home
   * region. Applies to identities of the same partition; others keep their partition's default.
   */
  defaultRegion: string;
  /** Colour theme of the popup and options pages: follow the system, or force light or dark. */
  theme: Theme;
}

export type Theme = 'system' | 'light' | 'dark';
export const THEMES: readonly Theme[] = ['system', 'light', 'dark'];

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({ autoLockMinutes: 15, lockOnOsLock: true, stsEndpoint: '', signinEndpoint: '', federationPolicy: '', defaultRegion: 'us-east-1', theme: 'system' });

function validatePolicy(v: unknown): string {
  if (typeof v !== 'string') throw invalid('federationPolicy', 'federationPolicy must be a JSON policy document, or empty for allow-all');
  const text = v.trim();
  if (text === '') return '';
  if (text.length > 2048) throw invalid('federationPolicy', 'federationPolicy is longer than 2048 characters (AWS\'s limit)');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw invalid('federationPolicy', 'federationPolicy is not valid JSON');
  }
  const d = doc as { Version?: unknown; Statement?: unknown };
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || d.Statement === undefined) {
    throw invalid('federationPolicy', 'federationPolicy must be a policy document with a Statement');
  }
  return text;
}

const LOOPBACK_HOST = /^(127(?:\.\d{1,3}){3}|localhost|\[::1\])$/i;

/**
 * Checks an endpoint override and returns it without a trailing slash, plus whether it is loopback
 * (loopback needs no permission prompt; any other host is an optional host permission).
 * @example parseEndpoint('http://127.0.0.1:4566', 'stsEndpoint') // { url: 'http://127.0.0.1:4566', origin: 'http://127.0.0.1:4566', loopback: true }
 */
export function parseEndpoint(value: string, field: string): { url: string; origin: string; host: string; loopback: boolean } {
  const m = /^(https?):\/\/([^/?#@\s]+?)(:\d{1,5})?(\/[^?#\s]*)?$/i.exec(value.trim());
  if (!m) throw invalid(field, `${field} must be a URL like https://sts.example.com or http://127.0.0.1:4566`);
  const scheme = m[1]!.toLowerCase();
  const host = m[2]!.toLowerCase();
  if (!/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)$/.test(host)) throw invalid(field, `${field} has an invalid host`);
  const port = m[3] ?? '';
  if (port && Number(port.slice(1)) > 65535) throw invalid(field, `${field} has an invalid port`);
  const loopback = LOOPBACK_HOST.test(host);
  if (scheme === 'http' && !loopback) throw invalid(field, `${field} may use http: only for a loopback address (127.0.0.1, localhost, [::1]); use https:`);
  const path = (m[4] ?? '').replace(/\/+$/, '');
  const origin = `${scheme}://${host}${port}`;
  return { url: origin + path, origin, host, loopback };
}

function invalid(field: string, message: string): SigvaultError {
  return new SigvaultError('INVALID_INPUT', message, { field });
}

/**
 * Validates a partial update. Unknown keys and bad values are INVALID_INPUT naming the field.
 * @example validateSettingsPatch({ autoLockMinutes: 5 }) // → { autoLockMinutes: 5 }
 */
export function validateSettingsPatch(patch: unknown): Partial<Settings> {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw invalid('settings', 'settings must be an object');
  const out: Partial<Settings> = {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === 'autoLockMinutes') {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 1440) {
        throw invalid('autoLockMinutes', 'autoLockMinutes must be a whole number from 1 to 1440');
      }
      out.autoLockMinutes = v;
    } else if (k === 'stsEndpoint' || k === 'signinEndpoint') {
      if (typeof v !== 'string') throw invalid(k, `${k} must be a URL, or empty for AWS's own endpoints`);
      out[k] = v.trim() === '' ? '' : parseEndpoint(v, k).url;
    } else if (k === 'federationPolicy') {
      out.federationPolicy = validatePolicy(v);
    } else if (k === 'defaultRegion') {
      out.defaultRegion = validateRegion(typeof v === 'string' ? v.trim() : v, 'defaultRegion');
    } else if (k === 'theme') {
      if (!THEMES.includes(v as Theme)) throw invalid('theme', 'theme must be system, light or dark');
      out.theme = v as Theme;
    } else if (k === 'lockOnOsLock') {
      if (typeof v !== 'boolean') throw invalid('lockOnOsLock', 'lockOnOsLock must be true or false');
      out.lockOnOsLock = v;
    } else {
      throw invalid(k.slice(0, 40), `unknown setting "${k.slice(0, 40)}"`);
    }
  }
  return out;
}

/** Stored settings merged over the defaults; a damaged stored value falls back to its default. */
export function settingsFromStored(stored: unknown): Settings {
  const out: Settings = { ...DEFAULT_SETTINGS };
  if (typeof stored !== 'object' || stored === null) return out;
  for (const [k, v] of Object.entries(stored)) {
    try {
      Object.assign(out, validateSettingsPatch({ [k]: v }));
    } catch {
      /* keep the default for this key */
    }
  }
  return out;
}
