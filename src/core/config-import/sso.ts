/**
 * IAM Identity Center profiles of `~/.aws/config`, read as botocore's SSOProvider reads them
 * (`_load_sso_config`, `_resolve_sso_session_reference`):
 * - the provider takes a profile with `sso_account_id` or `sso_role_name`;
 * - with `sso_session = NAME` the `[sso-session NAME]` section must exist, its settings are merged into the
 *   profile's, and a setting both have with different values is an error;
 * - `sso_start_url`, `sso_region`, `sso_account_id`, `sso_role_name` are then all required (the legacy form
 *   has the start URL and region in the profile itself).
 * A usable profile becomes an `sso` identity (label = profile name) of an Identity Center source (start URL +
 * region); values Sigvault cannot use (an account id that is not 12 digits, a start URL that is not Identity
 * Center's) become skips naming the line. Pure.
 * @module
 */
import { isSigvaultError } from '../errors.ts';
import { validateStartUrl } from '../sso/endpoints.ts';
import { validateRegion } from '../sts/partition.ts';
import { SSO_ROLE_NAME_PATTERN, validateLabel } from '../vault/identity.ts';
import type { ImportFile, ParsedProfile, ParsedSetting, SkippedProfile } from './profile-types.ts';

/** An `sso` identity to create; its source is named by start URL + region (see {@link ssoSourceKey}). */
export interface PlannedSso {
  kind: 'sso';
  label: string;
  /** Normalised (validateStartUrl). */
  startUrl: string;
  /** The Identity Center instance's region (`sso_region`). */
  ssoRegion: string;
  accountId: string;
  roleName: string;
  /** The profile's `region` (the identity's default region). */
  region?: string;
  /** Label for a new source: the `[sso-session NAME]`, else the start URL's host alias. */
  sourceLabel: string;
  line: number;
  file: ImportFile;
}

/** A source the import needs: one already in the vault (`existingId`) or one it creates. */
export interface PlannedSsoSource {
  label: string;
  startUrl: string;
  region: string;
  existingId?: string;
}

/** What the planner needs of the vault's sources. */
export interface ExistingSsoSource {
  id: string;
  label: string;
  startUrl: string;
  region: string;
}

/** Sources are the same when start URL and region are (as `sso.addSource` decides duplicates). */
export function ssoSourceKey(startUrl: string, region: string): string {
  return `${startUrl}\u0000${region}`;
}

const ACCOUNT_PATTERN = /^\d{12}$/;
const SSO_KEYS = ['sso_session', 'sso_start_url', 'sso_region', 'sso_account_id', 'sso_role_name'] as const;

/** The skip, or the planned identity, for a profile the SSO provider takes. `undefined`: not an SSO profile. */
export type SsoOutcome = { ok: true; identity: PlannedSso } | { ok: false; skip: SkippedProfile };

function value(s: ParsedSetting | undefined): string | undefined {
  if (!s) return undefined;
  const v = s.value.trim();
  return v === '' ? undefined : v;
}

/** The default label of a new source: the access portal's alias (`my-sso-portal` of `https://my-sso-portal.awsapps.com/start`). */
export function sourceLabelFor(startUrl: string): string {
  const host = /^https:\/\/([^/]+)/.exec(startUrl)?.[1] ?? startUrl;
  const alias = host.endsWith('.awsapps.com') ? host.slice(0, -'.awsapps.com'.length) : host;
  const dir = /\/directory\/([^/]+)$/.exec(startUrl)?.[1];
  const name = dir ?? alias;
  try {
    return validateLabel(name.slice(0, 64));
  } catch {
    return 'Identity Center';
  }
}

/**
 * Whether botocore's SSO provider takes this profile: it has `sso_account_id` or `sso_role_name`.
 */
export function isSsoProfile(p: ParsedProfile): boolean {
  return value(p.settings['sso_account_id']) !== undefined || value(p.settings['sso_role_name']) !== undefined;
}

/**
 * Read an SSO profile. Call only when {@link isSsoProfile}.
 * @param sessions - the file's `[sso-session NAME]` sections
 */
export function classifySso(p: ParsedProfile, label: string, sessions: Readonly<Record<string, ParsedProfile>>): SsoOutcome {
  const at = (k: string): ParsedSetting | undefined => (p.settings[k] && value(p.settings[k]) !== undefined ? p.settings[k] : undefined);
  const first = SSO_KEYS.map(at).filter((s): s is ParsedSetting => s !== undefined).sort((a, b) => a.line - b.line)[0];
  const skip = (reason: string, s?: ParsedSetting): SsoOutcome => ({
    ok: false,
    skip: { label, code: 'invalid', reason, line: s?.line ?? first?.line ?? p.line, file: s?.file ?? first?.file ?? p.file },
  });
  const merged = new Map<string, ParsedSetting>();
  for (const [k, s] of Object.entries(p.settings)) if (value(s) !== undefined) merged.set(k, s);
  const sessionSetting = at('sso_session');
  let sessionName: string | undefined;
  if (sessionSetting) {
    sessionName = value(sessionSetting) as string;
    const session = Object.hasOwn(sessions, sessionName) ? sessions[sessionName] : undefined;
    if (!session) return skip(`sso_session: the [sso-session ${sessionName}] section does not exist (the AWS CLI refuses this profile)`, sessionSetting);
    for (const [k, s] of Object.entries(session.settings)) {
      const v = value(s);
      if (v === undefined) continue;
      const mine = merged.get(k);
      if (mine && value(mine) !== v) {
        return skip(`${k} is '${value(mine)}' in the profile but '${v}' in [sso-session ${sessionName}] (line ${s.line}); the AWS CLI refuses a profile whose values disagree with its sso-session`, mine);
      }
      if (!mine) merged.set(k, s);
    }
  }
  const missing = ['sso_start_url', 'sso_region', 'sso_account_id', 'sso_role_name'].filter((k) => !merged.has(k));
  if (missing.length > 0) return skip(`IAM Identity Center profile without ${missing.join(', ')} (the AWS CLI needs all of sso_start_url, sso_region, sso_account_id and sso_role_name${sessionName ? `, from the profile or [sso-session ${sessionName}]` : ''})`);
  const get = (k: string) => merged.get(k) as ParsedSetting;
  let startUrl: string;
  try {
    startUrl = validateStartUrl(value(get('sso_start_url')), 'sso_start_url');
  } catch (e) {
    return skip(isSigvaultError(e) ? e.message : 'sso_start_url is not an IAM Identity Center start URL', get('sso_start_url'));
  }
  let ssoRegion: string;
  try {
    ssoRegion = validateRegion(value(get('sso_region')), 'sso_region');
  } catch (e) {
    return skip(isSigvaultError(e) ? e.message : 'sso_region is not a region', get('sso_region'));
  }
  const accountId = value(get('sso_account_id')) as string;
  if (!ACCOUNT_PATTERN.test(accountId)) return skip(`sso_account_id must be a 12-digit AWS account id (got '${accountId.slice(0, 40)}')`, get('sso_account_id'));
  const roleName = value(get('sso_role_name')) as string;
  if (!SSO_ROLE_NAME_PATTERN.test(roleName)) return skip('sso_role_name must be 1-64 characters of letters, digits and +=,.@-_', get('sso_role_name'));
  const identity: PlannedSso = {
    kind: 'sso',
    label,
    startUrl,
    ssoRegion,
    accountId,
    roleName,
    sourceLabel: sessionName !== undefined ? safeLabel(sessionName, startUrl) : sourceLabelFor(startUrl),
    line: p.line,
    file: p.file,
  };
  const region = at('region');
  if (region) {
    try {
      identity.region = validateRegion(value(region), 'region');
    } catch (e) {
      return skip(isSigvaultError(e) ? e.message : 'region is not a region', region);
    }
  }
  return { ok: true, identity };
}

function safeLabel(name: string, startUrl: string): string {
  try {
    return validateLabel(name);
  } catch {
    return sourceLabelFor(startUrl);
  }
}

/**
 * The sources the planned identities need, one per start URL + region (the first profile's label), each
 * matched with the vault's source of the same start URL and region when there is one.
 */
export function plannedSources(identities: readonly PlannedSso[], existing: readonly ExistingSsoSource[]): PlannedSsoSource[] {
  const out = new Map<string, PlannedSsoSource>();
  for (const i of identities) {
    const key = ssoSourceKey(i.startUrl, i.ssoRegion);
    if (out.has(key)) continue;
    const have = existing.find((s) => ssoSourceKey(s.startUrl, s.region) === key);
    out.set(key, have ? { label: have.label, startUrl: have.startUrl, region: have.region, existingId: have.id } : { label: i.sourceLabel, startUrl: i.startUrl, region: i.ssoRegion });
  }
  return [...out.values()];
}
