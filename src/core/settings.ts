/**
 * Preferences: their types, defaults and validation (pure). Two groups, stored in two places:
 *
 * - {@link LocalSettings} (theme, default region): harmless if someone changes them, needed before the
 *   vault is unlocked (the popup paints in the theme at once). Plain JSON in `storage.local`
 *   (src/platform/settings.ts); may be changed while locked.
 * - {@link VaultSettings} (auto-lock, OS-lock trigger, STS and sign-in endpoint overrides, the console
 *   session policy): whoever changes these can weaken locking or send live credentials to a server of
 *   theirs. They live in ONE sealed record of the vault (kind `settings-secret`, id `settings`), so they can
 *   be read and changed only while unlocked, and a profile edit cannot plant them
 *   (src/background/vault/settings.ts).
 *
 * An endpoint override other than the partition's own STS or sign-in host is taken only after the user
 * confirmed that exact URL ({@link newUnconfirmedEndpoints}).
 * @module
 */
import { SigvaultError } from './errors.ts';
import { isAwsOwnEndpoint } from './sts/endpoints.ts';
import { validateSamlEndpoint } from './saml/endpoints.ts';
import { partitionOfRegion, PARTITIONS, validateRegion, type Partition } from './sts/partition.ts';

export type Theme = 'system' | 'light' | 'dark';
export const THEMES: readonly Theme[] = ['system', 'light', 'dark'];

/** Settings anyone at the browser may change (they cannot leak or weaken anything). */
export interface LocalSettings {
  /**
   * Region used when an identity has none: its STS endpoint and signing region, and the console's home
   * region. Applies to identities of the same partition; others keep their partition's default.
   */
  defaultRegion: string;
  /** Colour theme of the popup and options pages: follow the system, or force light or dark. */
  theme: Theme;
}

/** One partition's overrides; '' everywhere = AWS's own hosts. */
export interface EndpointOverride {
  /**
   * Base URL replacing AWS's regional STS hosts of this partition: a VPC endpoint, LocalStack, the test
   * stand-in. `https:`, or `http:` for a loopback address only.
   */
  sts: string;
  /**
   * Region requests to `sts` are signed for; '' = derived from the URL when it is an AWS STS host (the
   * global `sts.amazonaws.com` accepts only us-east-1), else the identity's region.
   */
  stsSigningRegion: string;
  /** Base URL replacing the partition's AWS Sign-In (federation) host. Same rules as `sts`. */
  signin: string;
  /**
   * Base URL replacing IAM Identity Center's OIDC host `https://oidc.<region>.<dnsSuffix>` (sign-in,
   * tokens). Same rules as `sts`.
   */
  oidc: string;
  /** Base URL replacing the access portal's host `https://portal.sso.<region>.<dnsSuffix>`. Same rules. */
  portal: string;
}

/** The endpoint fields of one partition that take a URL (each needs confirmation when not AWS's). */
export const ENDPOINT_URL_KINDS = ['sts', 'signin', 'oidc', 'portal'] as const;
export type EndpointUrlKind = (typeof ENDPOINT_URL_KINDS)[number];

export type Endpoints = Record<Partition, EndpointOverride>;

/** Settings sealed in the vault: only an unlocked vault reads or changes them. */
export interface VaultSettings {
  /** Lock after this many minutes without a user action (1–1440). */
  autoLockMinutes: number;
  /** Lock when the operating system's session locks (`idle` API state `locked`). */
  lockOnOsLock: boolean;
  /**
   * Session policy for console sessions of IAM users (GetFederationToken): a JSON policy document, or ''
   * for allow-all (AWS intersects it with the user's own policies, so allow-all grants no more than the
   * user has). At most 2048 characters, AWS's limit.
   */
  federationPolicy: string;
  endpoints: Endpoints;
  /**
   * Firefox: open each identity's console in a container of its own unless the identity says otherwise
   * (its `container` field). Default on; ignored where the browser has no containers (Chromium, or
   * Firefox with containers turned off).
   */
  consoleContainers: boolean;
  /**
   * Read the SAML response the browser posts to AWS's SAML sign-in endpoint (and `samlEndpoints`) and offer
   * its roles as identities. Off unless the user turns it on.
   */
  samlCapture: boolean;
  /** Extra SAML endpoint URLs the capture listens on (a test IdP's target, a proxy), each confirmed. */
  samlEndpoints: string[];
}

/** What `settings.get` answers: the local settings, and the vault's while it is unlocked (`null` when locked). */
export interface SettingsView extends LocalSettings {
  vault: (VaultSettings & { damaged?: true }) | null;
}

export const DEFAULT_LOCAL_SETTINGS: Readonly<LocalSettings> = Object.freeze({ defaultRegion: 'us-east-1', theme: 'system' });

const NO_OVERRIDE: Readonly<EndpointOverride> = Object.freeze({ sts: '', stsSigningRegion: '', signin: '', oidc: '', portal: '' });

export function defaultEndpoints(): Endpoints {
  return Object.fromEntries(PARTITIONS.map((p) => [p, { ...NO_OVERRIDE }])) as Endpoints;
}

export function defaultVaultSettings(): VaultSettings {
  return { autoLockMinutes: 15, lockOnOsLock: true, federationPolicy: '', endpoints: defaultEndpoints(), consoleContainers: true, samlCapture: false, samlEndpoints: [] };
}

function invalid(field: string, message: string): SigvaultError {
  return new SigvaultError('INVALID_INPUT', message, { field });
}

/*
 * The messages below are shown to people as they are (the options page puts them under the field named
 * by `details.field`): the field's name as the page labels it, and its unit — never the property name.
 */

const PARTITION_NAMES: Readonly<Record<Partition, string>> = { aws: 'AWS', 'aws-cn': 'AWS China', 'aws-us-gov': 'AWS GovCloud (US)' };
const ENDPOINT_NAMES: Readonly<Record<string, string>> = {
  sts: 'STS endpoint', stsSigningRegion: 'STS signing region', signin: 'console sign-in endpoint',
  oidc: 'IAM Identity Center OIDC endpoint', portal: 'IAM Identity Center access portal endpoint',
};

/**
 * How a settings field is named to people: `endpoints.aws-us-gov.signin` → "The console sign-in endpoint
 * for AWS GovCloud (US)"; a field it does not know is named as given.
 */
export function settingsFieldName(field: string): string {
  const m = /^endpoints\.([a-z-]+)\.([A-Za-z]+)$/.exec(field);
  const partition = m && (PARTITIONS as readonly string[]).includes(m[1]!) ? (m[1] as Partition) : undefined;
  if (partition && ENDPOINT_NAMES[m![2]!]) return `The ${ENDPOINT_NAMES[m![2]!]} for ${PARTITION_NAMES[partition]}`;
  const names: Record<string, string> = {
    autoLockMinutes: 'Auto-lock', lockOnOsLock: 'Lock when the computer locks', federationPolicy: 'The session policy',
    consoleContainers: 'Console containers', samlCapture: 'SAML capture', defaultRegion: 'The default region', theme: 'The theme',
  };
  return names[field] ?? field;
}

/** A region setting, with validateRegion's rule said with the field's name instead of its property. */
function regionSetting(value: unknown, field: string): string {
  try {
    return validateRegion(value, field);
  } catch (e) {
    if (e instanceof SigvaultError && e.code === 'INVALID_INPUT') throw invalid(field, e.message.split(field).join(settingsFieldName(field)));
    throw e;
  }
}

function onOff(field: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw invalid(field, `${settingsFieldName(field)} must be on or off (true or false).`);
  return v;
}

function validatePolicy(v: unknown): string {
  if (typeof v !== 'string') throw invalid('federationPolicy', 'The session policy must be a JSON policy document, or empty to allow what the user\'s own policies allow.');
  const text = v.trim();
  if (text === '') return '';
  if (text.length > 2048) throw invalid('federationPolicy', `The session policy is ${text.length} characters long; AWS accepts at most 2048.`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw invalid('federationPolicy', 'The session policy is not valid JSON: check its quotes, commas and brackets.');
  }
  const d = doc as { Version?: unknown; Statement?: unknown };
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || d.Statement === undefined) {
    throw invalid('federationPolicy', 'The session policy must be a policy document with a Statement, like {"Version":"2012-10-17","Statement":[…]}.');
  }
  return text;
}

/**
 * Loopback hosts an `http:` override may use: exactly those the manifest's host permissions and the
 * extension's CSP (`connect-src http://127.0.0.1:* http://localhost:*`) let the background reach.
 */
const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost)$/i;

/**
 * Checks an endpoint override and returns it without a trailing slash, plus whether it is loopback
 * (loopback needs no permission prompt; any other host is an optional host permission).
 * @example parseEndpoint('http://127.0.0.1:4566', 'sts') // { url: 'http://127.0.0.1:4566', origin: 'http://127.0.0.1:4566', loopback: true }
 */
export function parseEndpoint(value: string, field: string): { url: string; origin: string; host: string; loopback: boolean } {
  const name = settingsFieldName(field);
  const m = /^(https?):\/\/([^/?#@\s]+?)(:\d{1,5})?(\/[^?#\s]*)?$/i.exec(value.trim());
  if (!m) throw invalid(field, `${name} must be a URL like https://sts.example.com, or http://127.0.0.1:4566 for a local emulator.`);
  const scheme = m[1]!.toLowerCase();
  const host = m[2]!.toLowerCase();
  if (!/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)$/.test(host)) throw invalid(field, `${name} has a host name that is not valid (${host.slice(0, 60)}).`);
  const port = m[3] ?? '';
  if (port && Number(port.slice(1)) > 65535) throw invalid(field, `${name} has a port above 65535.`);
  const loopback = LOOPBACK_HOST.test(host);
  if (scheme === 'http' && !loopback) throw invalid(field, `${name} may use http: only on 127.0.0.1 or localhost; use https://${host}${port} instead.`);
  const path = (m[4] ?? '').replace(/\/+$/, '');
  const origin = `${scheme}://${host}${port}`;
  return { url: origin + path, origin, host, loopback };
}

/** A change to the sealed settings: any subset of fields, endpoints per partition and per field. */
export interface VaultSettingsPatch {
  autoLockMinutes?: number;
  lockOnOsLock?: boolean;
  federationPolicy?: string;
  endpoints?: Partial<Record<Partition, Partial<EndpointOverride>>>;
  consoleContainers?: boolean;
  samlCapture?: boolean;
  samlEndpoints?: string[];
}

/** A validated `settings.set` payload, split by where each part is stored. */
export interface SettingsPatch {
  local: Partial<LocalSettings>;
  vault: VaultSettingsPatch;
  /** The user confirmed every endpoint in this request that is not one of AWS's own hosts. */
  confirmEndpoint: boolean;
}

function validateOverridePatch(partition: Partition, v: unknown): Partial<EndpointOverride> {
  const base = `endpoints.${partition}`;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalid(base, `${base} must be an object with sts, stsSigningRegion, signin, oidc and portal`);
  const out: Partial<EndpointOverride> = {};
  for (const [k, value] of Object.entries(v)) {
    const field = `${base}.${k.slice(0, 40)}`;
    if (k === 'sts' || k === 'signin' || k === 'oidc' || k === 'portal') {
      if (typeof value !== 'string') throw invalid(field, `${settingsFieldName(field)} must be a URL, or empty for AWS's own endpoint.`);
      out[k] = value.trim() === '' ? '' : parseEndpoint(value, field).url;
    } else if (k === 'stsSigningRegion') {
      if (typeof value !== 'string') throw invalid(field, `${settingsFieldName(field)} must be a region such as us-east-1, or empty.`);
      const region = value.trim();
      if (region !== '') {
        regionSetting(region, field);
        if (partitionOfRegion(region) !== partition) throw invalid(field, `${settingsFieldName(field)} must be one of its regions; ${region} is not.`);
      }
      out.stsSigningRegion = region;
    } else {
      throw invalid(field, `unknown endpoint setting "${k.slice(0, 40)}"`);
    }
  }
  return out;
}

/**
 * Validates a `settings.set` payload. Unknown keys and bad values are INVALID_INPUT naming the field.
 * @example validateSettingsPatch({ autoLockMinutes: 5, theme: 'dark' }) // → { local: { theme: 'dark' }, vault: { autoLockMinutes: 5 }, confirmEndpoint: false }
 */
export function validateSettingsPatch(patch: unknown): SettingsPatch {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw invalid('settings', 'settings must be an object');
  const out: SettingsPatch = { local: {}, vault: {}, confirmEndpoint: false };
  for (const [k, v] of Object.entries(patch)) {
    if (k === 'autoLockMinutes') {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 1440) {
        throw invalid('autoLockMinutes', 'Auto-lock takes a whole number of minutes, from 1 to 1440 (24 hours).');
      }
      out.vault.autoLockMinutes = v;
    } else if (k === 'lockOnOsLock') {
      out.vault.lockOnOsLock = onOff(k, v);
    } else if (k === 'federationPolicy') {
      out.vault.federationPolicy = validatePolicy(v);
    } else if (k === 'consoleContainers') {
      out.vault.consoleContainers = onOff(k, v);
    } else if (k === 'samlCapture') {
      out.vault.samlCapture = onOff(k, v);
    } else if (k === 'samlEndpoints') {
      if (!Array.isArray(v) || v.length > MAX_SAML_ENDPOINTS) throw invalid('samlEndpoints', `At most ${MAX_SAML_ENDPOINTS} extra SAML endpoints can be listed.`);
      const urls = v.map((u, i) => {
        if (typeof u !== 'string' || u.trim() === '') throw invalid(`samlEndpoints.${i}`, 'A SAML endpoint must be a URL such as https://sso.example.com/saml.');
        return validateSamlEndpoint(u, `samlEndpoints.${i}`);
      });
      out.vault.samlEndpoints = [...new Set(urls)];
    } else if (k === 'endpoints') {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalid('endpoints', 'endpoints must be an object keyed by partition (aws, aws-cn, aws-us-gov)');
      const endpoints: Partial<Record<Partition, Partial<EndpointOverride>>> = {};
      for (const [p, o] of Object.entries(v)) {
        if (!(PARTITIONS as readonly string[]).includes(p)) throw invalid(`endpoints.${p.slice(0, 40)}`, `endpoints: unknown partition "${p.slice(0, 40)}" (one of ${PARTITIONS.join(', ')})`);
        endpoints[p as Partition] = validateOverridePatch(p as Partition, o);
      }
      out.vault.endpoints = endpoints;
    } else if (k === 'confirmEndpoint') {
      if (typeof v !== 'boolean') throw invalid('confirmEndpoint', 'confirmEndpoint must be true or false');
      out.confirmEndpoint = v;
    } else if (k === 'defaultRegion') {
      out.local.defaultRegion = regionSetting(typeof v === 'string' ? v.trim() : v, 'defaultRegion');
    } else if (k === 'theme') {
      if (!THEMES.includes(v as Theme)) throw invalid('theme', 'The theme must be system, light or dark.');
      out.local.theme = v as Theme;
    } else {
      throw invalid(k.slice(0, 40), `unknown setting "${k.slice(0, 40)}"`);
    }
  }
  return out;
}

/** Most extra SAML endpoints the capture listens on. */
export const MAX_SAML_ENDPOINTS = 10;

/** The sealed settings after a patch (the patch is already validated). */
export function applyVaultPatch(current: VaultSettings, patch: VaultSettingsPatch): VaultSettings {
  const endpoints = structuredCloneEndpoints(current.endpoints);
  for (const [p, o] of Object.entries(patch.endpoints ?? {}) as [Partition, Partial<EndpointOverride>][]) {
    endpoints[p] = { ...endpoints[p], ...o };
  }
  return {
    autoLockMinutes: patch.autoLockMinutes ?? current.autoLockMinutes,
    lockOnOsLock: patch.lockOnOsLock ?? current.lockOnOsLock,
    federationPolicy: patch.federationPolicy ?? current.federationPolicy,
    endpoints,
    consoleContainers: patch.consoleContainers ?? current.consoleContainers,
    samlCapture: patch.samlCapture ?? current.samlCapture,
    samlEndpoints: [...(patch.samlEndpoints ?? current.samlEndpoints)],
  };
}

function structuredCloneEndpoints(e: Endpoints): Endpoints {
  return Object.fromEntries(PARTITIONS.map((p) => [p, { ...(e[p] ?? NO_OVERRIDE) }])) as Endpoints;
}

/** An endpoint the user must confirm before Sigvault sends credentials to it. */
export interface UnconfirmedEndpoint {
  /** Absent for a SAML endpoint (`samlEndpoints`: no partition). */
  partition?: Partition;
  kind: EndpointUrlKind | 'saml';
  url: string;
  /** The settings field, e.g. `endpoints.aws.signin`. */
  field: string;
}

/**
 * The endpoints `next` sets that `current` did not have and that are not the partition's own STS or
 * sign-in hosts: each needs the user's confirmation of its full URL. Holding a host permission (every
 * `*.amazonaws.com` host, loopback) is not consent: an API Gateway or S3 host under amazonaws.com can
 * belong to anyone.
 */
export function newUnconfirmedEndpoints(current: VaultSettings, next: VaultSettings): UnconfirmedEndpoint[] {
  const out: UnconfirmedEndpoint[] = [];
  for (const partition of PARTITIONS) {
    for (const kind of ENDPOINT_URL_KINDS) {
      const url = next.endpoints[partition][kind];
      if (url === '' || url === current.endpoints[partition][kind]) continue;
      if (isAwsOwnEndpoint(kind, url, partition)) continue;
      out.push({ partition, kind, url, field: `endpoints.${partition}.${kind}` });
    }
  }
  next.samlEndpoints.forEach((url, i) => {
    if (!current.samlEndpoints.includes(url)) out.push({ kind: 'saml', url, field: `samlEndpoints.${i}` });
  });
  return out;
}

/** Local settings as stored, over the defaults; a damaged or unknown stored value is ignored. */
export function localSettingsFromStored(stored: unknown): LocalSettings {
  const out: LocalSettings = { ...DEFAULT_LOCAL_SETTINGS };
  if (typeof stored !== 'object' || stored === null) return out;
  const s = stored as Record<string, unknown>;
  for (const k of ['defaultRegion', 'theme'] as const) {
    if (s[k] === undefined) continue;
    try {
      Object.assign(out, validateSettingsPatch({ [k]: s[k] }).local);
    } catch {
      /* keep the default for this key */
    }
  }
  return out;
}

/**
 * What an older version kept in `storage.local` and may be adopted into the sealed settings once (the
 * first unlock without a sealed record): only what cannot weaken anything — an auto-lock shorter than the
 * default, and a console session policy (AWS intersects it with the user's own policies, so any policy
 * grants no more than the default allow-all). The OS-lock trigger stays on and endpoints are never carried
 * over (they need the user's confirmation). A value planted there can only make Sigvault stricter.
 */
export function legacyVaultSettings(stored: unknown): Pick<VaultSettingsPatch, 'autoLockMinutes' | 'federationPolicy'> {
  const out: Pick<VaultSettingsPatch, 'autoLockMinutes' | 'federationPolicy'> = {};
  if (typeof stored !== 'object' || stored === null) return out;
  const s = stored as Record<string, unknown>;
  const def = defaultVaultSettings();
  try {
    const m = validateSettingsPatch({ autoLockMinutes: s['autoLockMinutes'] }).vault.autoLockMinutes;
    if (m !== undefined && m < def.autoLockMinutes) out.autoLockMinutes = m;
  } catch {
    /* not a valid duration: ignored */
  }
  try {
    const p = validateSettingsPatch({ federationPolicy: s['federationPolicy'] }).vault.federationPolicy;
    if (p) out.federationPolicy = p;
  } catch {
    /* not a valid policy: ignored */
  }
  return out;
}

/**
 * The sealed settings in force, from what the vault holds. With a record: its value (a field that does
 * not validate, or a record that does not open — `value` undefined — means the default). Without one:
 * the defaults tightened by an older version's plain settings (`legacyStored`, see
 * {@link legacyVaultSettings}), and `adopt`, the part worth sealing.
 */
export function vaultSettingsInForce(hasRecord: boolean, value: unknown, legacyStored: unknown): { settings: VaultSettings; adopt?: VaultSettingsPatch } {
  if (hasRecord) return { settings: vaultSettingsFromStored(value) };
  const adopt = legacyVaultSettings(legacyStored);
  if (Object.keys(adopt).length === 0) return { settings: defaultVaultSettings() };
  return { settings: applyVaultPatch(defaultVaultSettings(), adopt), adopt };
}

/**
 * The sealed settings record's value, over the defaults: a field that does not validate (an older or
 * damaged record) keeps its default — never a value that was not checked.
 */
export function vaultSettingsFromStored(stored: unknown): VaultSettings {
  let out = defaultVaultSettings();
  if (typeof stored !== 'object' || stored === null) return out;
  const s = stored as Record<string, unknown>;
  for (const k of ['autoLockMinutes', 'lockOnOsLock', 'federationPolicy', 'consoleContainers', 'samlCapture', 'samlEndpoints'] as const) {
    if (s[k] === undefined) continue;
    try {
      out = applyVaultPatch(out, validateSettingsPatch({ [k]: s[k] }).vault);
    } catch {
      /* default */
    }
  }
  const e = s['endpoints'];
  if (typeof e === 'object' && e !== null) {
    for (const p of PARTITIONS) {
      const o = (e as Record<string, unknown>)[p];
      if (typeof o !== 'object' || o === null) continue;
      for (const f of ['sts', 'stsSigningRegion', 'signin', 'oidc', 'portal'] as const) {
        const value = (o as Record<string, unknown>)[f];
        if (value === undefined) continue;
        try {
          out = applyVaultPatch(out, validateSettingsPatch({ endpoints: { [p]: { [f]: value } } }).vault);
        } catch {
          /* default */
        }
      }
    }
  }
  return out;
}
