/**
 * Import of `~/.aws/config` and `~/.aws/credentials` text: parse into profiles (as the AWS CLI reads
 * them), then plan which Sigvault identities to create, update or skip (with a reason and a line number).
 *
 * Nothing here writes anything: the background applies a plan (see docs/config-import.md). Plans hold the
 * secret access keys of users to create, so a plan stays in the background; pages get {@link toPlanView}.
 * No warning or reason ever contains a secret (they quote profile names and non-secret settings only).
 * @module
 */

import { isSigvaultError } from '../errors.ts';
import { LABEL_MAX_LENGTH, validateLabel, validateNewConsoleRole, validateNewRole, validateNewUser } from '../vault/identity.ts';
import { displayKey, parseIni, shellSplit, type IniEntry, type IniSection } from './ini.ts';
import { classifySso, isSsoProfile, plannedSources, ssoSourceKey, type ExistingSsoSource, type PlannedSso, type PlannedSsoSource } from './sso.ts';
import { partitionOfArn, partitionOfRegion, type Partition } from '../sts/partition.ts';
import { profileNameFor } from './export.ts';

export type { PlannedSso, PlannedSsoSource, ExistingSsoSource } from './sso.ts';
export type { ImportFile, ParsedProfile, ParsedSetting, SkipCode, SkippedProfile } from './profile-types.ts';
import type { ImportFile, ParsedProfile, ParsedSetting, SkipCode, SkippedProfile } from './profile-types.ts';


export interface ImportWarning {
  /** 1-based line number in `file`. */
  line: number;
  message: string;
  file: ImportFile;
}



export interface ParsedAwsConfig {
  profiles: ParsedProfile[];
  /** `[sso-session NAME]` sections by name. */
  ssoSessions: Record<string, ParsedProfile>;
  warnings: ImportWarning[];
}

/** Settings the AWS CLI / SDKs document for a profile; anything else gets an "unknown setting" warning. */
export const KNOWN_PROFILE_SETTINGS: ReadonlySet<string> = new Set([
  'account_id_endpoint_mode', 'api_versions', 'auth_scheme_preference', 'aws_access_key_id', 'aws_account_id',
  'aws_secret_access_key', 'aws_security_token', 'aws_session_token', 'ca_bundle', 'cli_auto_prompt',
  'cli_binary_format', 'cli_follow_urlparam', 'cli_history', 'cli_pager', 'cli_timestamp_format',
  'credential_process', 'credential_source', 'defaults_mode', 'disable_request_compression', 'duration_seconds',
  'ec2_metadata_service_endpoint', 'ec2_metadata_service_endpoint_mode', 'ec2_metadata_v1_disabled', 'endpoint_url',
  'external_id', 'ignore_configure_endpoint_urls', 'login_session', 'max_attempts', 'metadata_service_num_attempts',
  'metadata_service_timeout', 'mfa_serial', 'output', 'parameter_validation', 'region',
  'request_checksum_calculation', 'request_min_compression_size_bytes', 'response_checksum_validation',
  'retry_mode', 'role_arn', 'role_session_name', 's3', 'services', 'sigv4a_signing_region_set', 'source_profile',
  'sso_account_id', 'sso_region', 'sso_registration_scopes', 'sso_role_name', 'sso_session', 'sso_start_url',
  'sts_regional_endpoints', 'tcp_keepalive', 'use_dualstack_endpoint', 'use_fips_endpoint', 'web_identity_token_file',
  // Per-service nested settings that older CLI versions read from a profile.
  'dynamodb', 'ec2', 'iam', 'lambda', 'sts', 'sqs', 'sns', 'cloudwatch', 'cloudformation',
]);

const TOLERATED_SECTIONS = new Set(['plugins', 'preview', 'cli']);

/** A profile or section name, made safe to show: no control characters, at most 64 characters. */
export function showName(name: string): string {
  const clean = name.replace(/[\p{Cc}\p{Cf}]/gu, ' '); // controls and format characters (bidi overrides) never reach the preview
  const chars = [...clean];
  return chars.length > 64 ? `${chars.slice(0, 63).join('')}…` : clean;
}

function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

function toSetting(e: IniEntry, file: ImportFile): ParsedSetting {
  const s: ParsedSetting = { value: e.value, line: e.line, file };
  if (e.nested) {
    s.nested = emptyRecord();
    for (const n of e.nested) s.nested[n.key] = { value: n.value, line: n.line, file };
  }
  return s;
}

interface ProfileBuilder {
  profiles: Map<string, ParsedProfile>;
  /** Which section header (line, raw text) first defined a profile in a file, for duplicate warnings. */
  seen: Map<string, { line: number; header: string }>;
}

function addSection(
  b: ProfileBuilder,
  name: string,
  section: IniSection,
  file: ImportFile,
  warnings: ImportWarning[],
): void {
  const seenKey = `${file}\u0000${name}`;
  const first = b.seen.get(seenKey);
  let p = b.profiles.get(name);
  if (first !== undefined && p) {
    if (first.header === section.rawName) {
      // Python's configparser (strict) raises DuplicateSectionError: the CLI refuses the whole file.
      warnings.push({
        line: section.line,
        file,
        message: `profile '${showName(name)}' is defined again (first at line ${first.line}): the AWS CLI refuses a file with a repeated section; here the two are merged, later values win`,
      });
    } else {
      // Two spellings of one profile ([default] and [profile default]): the CLI keeps the later one whole.
      warnings.push({
        line: section.line,
        file,
        message: `profile '${showName(name)}' is defined again under another header (first at line ${first.line}); as in the AWS CLI, this later section replaces it`,
      });
      for (const k of Object.keys(p.settings)) if (p.settings[k]?.file === file) delete p.settings[k];
      if (p.byFile) p.byFile[file] = emptyRecord();
    }
  }
  if (first === undefined) b.seen.set(seenKey, { line: section.line, header: section.rawName });
  if (!p) {
    p = { name, line: section.line, file, settings: emptyRecord(), byFile: {} };
    b.profiles.set(name, p);
  }
  const own = (p.byFile ??= {})[file] ?? (p.byFile[file] = emptyRecord());
  for (const e of section.entries) {
    if (!KNOWN_PROFILE_SETTINGS.has(e.key)) {
      const k = displayKey(e.key, file === 'credentials');
      warnings.push({ line: e.line, file, message: k ? `unknown setting '${k}' (ignored)` : 'unknown setting (ignored; name not shown)' });
    }
    const v = toSetting(e, file);
    p.settings[e.key] = v;
    own[e.key] = v;
  }
}

/** `[ x ]`: configparser keeps the spaces, so the CLI reads another name than the one Sigvault would show. */
const padded = (s: IniSection) => s.rawName !== s.rawName.trim();

/** botocore's `_parse_section`: the second of exactly two shell words, or undefined. */
function sectionArgument(raw: string): string | undefined {
  const parts = shellSplit(raw);
  return parts && parts.length === 2 ? parts[1] : undefined;
}

/**
 * Parse `~/.aws/config` text and, optionally, `~/.aws/credentials` text. Never throws.
 * As botocore reads them: in the config file `[default]` and any section whose name starts with `profile` and
 * splits (shell rules) into two words are profiles, named by the second word (`[profile "my name"]` is
 * `my name`); the name is not trimmed, so `[ profile x ]` is not a profile; when both `[default]` and
 * `[profile default]` exist the later one wins; `[sso-session NAME]` is kept; `[services NAME]` and
 * `[plugins]` are tolerated; other sections are ignored with a warning. In the credentials file every section
 * is a profile named exactly as written (`[profile x]` there is the profile `profile x`). Settings from the
 * credentials file override the config file's.
 */
export function parseAwsConfig(configText: string, credentialsText?: string): ParsedAwsConfig {
  const warnings: ImportWarning[] = [];
  const b: ProfileBuilder = { profiles: new Map(), seen: new Map() };
  const ssoSessions = emptyRecord<ParsedProfile>();
  const defaultWarning = (s: IniSection, file: ImportFile) =>
    warnings.push({
      line: s.line,
      file,
      message: 'section [DEFAULT]: the AWS CLI adds its settings to every section of this file; Sigvault ignores them (move them into the profiles)',
    });

  const config = parseIni(typeof configText === 'string' ? configText : '');
  for (const w of config.warnings) warnings.push({ ...w, file: 'config' });
  for (const s of config.sections) {
    const raw = s.rawName;
    if (raw === 'default') {
      addSection(b, 'default', s, 'config', warnings);
      continue;
    }
    if (raw === 'DEFAULT') {
      defaultWarning(s, 'config');
      continue;
    }
    if (raw.startsWith('profile')) {
      // As botocore: any section starting with "profile" whose shell-split has two parts names parts[1].
      const parts = shellSplit(raw);
      if (parts && parts.length === 2 && parts[1] !== '') {
        if (parts[0] !== 'profile') {
          warnings.push({ line: s.line, file: 'config', message: `read as profile '${showName(parts[1] as string)}' (as the AWS CLI does); write [profile NAME]` });
        }
        addSection(b, parts[1] as string, s, 'config', warnings);
      } else {
        warnings.push({
          line: s.line,
          file: 'config',
          message: parts === undefined
            ? 'section header has an unbalanced quote; section ignored'
            : `section [${showName(s.name)}] is not read as a profile (expected [profile NAME], NAME quoted if it has spaces); ignored`,
        });
      }
      continue;
    }
    if (raw.startsWith('sso-session')) {
      const name = sectionArgument(raw);
      if (name !== undefined && name !== '') {
        const p: ParsedProfile = { name, line: s.line, file: 'config', settings: emptyRecord() };
        for (const e of s.entries) p.settings[e.key] = toSetting(e, 'config');
        ssoSessions[name] = p;
        continue;
      }
    }
    if (raw.startsWith('services') || TOLERATED_SECTIONS.has(raw)) continue;
    if (padded(s) && (s.name === 'default' || s.name.startsWith('profile'))) {
      const canonical = s.name === 'default' ? 'default' : `profile ${sectionArgument(s.name) ?? '…'}`;
      warnings.push({
        line: s.line,
        file: 'config',
        message: `section [${showName(raw)}] has spaces inside its brackets: the AWS CLI does not read it as a profile (write [${showName(canonical)}]); ignored`,
      });
      continue;
    }
    warnings.push({
      line: s.line,
      file: 'config',
      message: `section [${showName(s.name)}] is not a profile in ~/.aws/config (profiles are [profile NAME] or [default]); ignored`,
    });
  }

  if (typeof credentialsText === 'string' && credentialsText !== '') {
    const creds = parseIni(credentialsText);
    for (const w of creds.warnings) warnings.push({ ...w, file: 'credentials' });
    for (const s of creds.sections) {
      if (s.rawName === 'DEFAULT') {
        defaultWarning(s, 'credentials');
        continue;
      }
      if (padded(s)) {
        warnings.push({
          line: s.line,
          file: 'credentials',
          message: `section [${showName(s.rawName)}] has spaces inside its brackets: the AWS CLI reads it as a profile named '${showName(s.rawName)}' (spaces included), not '${showName(s.name)}'; ignored (write [${showName(s.name)}])`,
        });
        continue;
      }
      const m = /^profile\s+(.+)$/.exec(s.name);
      if (m) {
        warnings.push({
          line: s.line,
          file: 'credentials',
          message: `the AWS CLI reads [${showName(s.name)}] in ~/.aws/credentials as a profile named '${showName(s.name)}', not '${showName((m[1] as string).trim())}' (there, write [${showName((m[1] as string).trim())}]); read as '${showName(s.name)}'`,
        });
      }
      addSection(b, s.name, s, 'credentials', warnings);
    }
  }
  warnings.sort(byPosition);
  return { profiles: [...b.profiles.values()], ssoSessions, warnings };
}

// ---------------------------------------------------------------- plan

const FILE_ORDER: Record<ImportFile, number> = { config: 0, credentials: 1, aesr: 2 };

/** Order warnings and skips as they appear: config text, then credentials text, by line. */
export function byPosition(a: { file: ImportFile; line: number }, b: { file: ImportFile; line: number }): number {
  return FILE_ORDER[a.file] - FILE_ORDER[b.file] || a.line - b.line;
}

export interface PlannedUser {
  kind: 'user';
  label: string;
  accessKeyId: string;
  /** Secret: the plan stays in the background. */
  secretAccessKey: string;
  mfaSerial?: string;
  region?: string;
  line: number;
  file: ImportFile;
}

export interface PlannedRole {
  kind: 'role';
  label: string;
  roleArn: string;
  /** Label of the source identity: one created earlier in `create` or one already in the vault. */
  sourceLabel: string;
  externalId?: string;
  mfaSerial?: string;
  sessionName?: string;
  durationSeconds?: number;
  region?: string;
  color?: string;
  line: number;
  file: ImportFile;
}

/**
 * A console role (switched to inside a signed-in console; no keys, no source): a profile with a role but no
 * source identity (AWS CLI: `role_arn` without `source_profile`; AESR: a target with no source in the vault).
 */
export interface PlannedConsoleRole {
  kind: 'console-role';
  label: string;
  /** 12-digit id or account alias. */
  account: string;
  /** With its path (`path/name`). */
  roleName: string;
  region?: string;
  color?: string;
  /** AESR: the base account the target is switched from. */
  sourceAccount?: string;
  line: number;
  file: ImportFile;
}

export type PlannedIdentity = PlannedUser | PlannedRole | PlannedConsoleRole | PlannedSso;

export interface PlannedUpdate {
  identity: PlannedIdentity;
  /** Names of the fields that differ from the vault's identity with that label (e.g. `roleArn`, `region`). */
  changes: string[];
  /**
   * The label of the vault's identity this updates, when it is not `identity.label`: matched by what it is
   * (the same access key id; the same role ARN and source) or by the profile name it was imported under.
   * That identity keeps its label.
   */
  target?: string;
  /** How `target` was matched. */
  matchedBy?: MatchKind;
}

/** How a profile was matched with an identity of another label: its access key id, its role ARN + source, or its recorded profile name. */
export type MatchKind = 'key' | 'role' | 'profile';

/** An AWS Extend Switch Roles base profile (where the user signs in) and the vault identity its targets are assumed from. */
export interface AesrBase {
  name: string;
  line: number;
  /** How many profiles name it as their source_profile. */
  targets: number;
  /** Its aws_account_id (or alias), when set. */
  account?: string;
  /** The vault identity's label its targets use; absent: they import as console roles. */
  source?: string;
}



export interface ConfigImportPlan {
  /** In dependency order: a role's source comes before it (or is already in the vault). */
  create: PlannedIdentity[];
  /** Same label, same kind, different non-secret fields. Also in dependency order after `create`. */
  update: PlannedUpdate[];
  skip: SkippedProfile[];
  warnings: ImportWarning[];
  /**
   * The IAM Identity Center sources the `sso` identities of `create` / `update` need (one per start URL +
   * region): matched with the vault's (`existingId`) or to create first. Absent when there are none.
   */
  ssoSources?: PlannedSsoSource[];
  /**
   * AWS CLI imports: the profile name of each created or updated identity (by planned label), stored on the
   * identity (`profileName`) so that export writes it unchanged. The keys of a profile that also has a role
   * (`NAME (keys)`) have none.
   */
  profileNames?: Record<string, string>;
  /** AESR imports: the base profiles and the identity each one's targets are assumed from. */
  aesrBases?: AesrBase[];
}

/**
 * What the vault already holds, as far as the plan needs it. `label`, `kind`, `roleArn` (roles) and
 * `accessKeyId` (users) are always compared; the optional fields are compared only when present as
 * properties (an absent property means "unknown", a property set to `undefined` means "not set").
 */
export interface ExistingIdentity {
  label: string;
  kind: string;
  roleArn?: string;
  /** Console roles. */
  account?: string;
  roleName?: string;
  sourceAccount?: string;
  accessKeyId?: string;
  sourceLabel?: string;
  /** `sso` identities: their source's {@link ssoSourceKey} (start URL + region), account and role. */
  ssoSource?: string;
  accountId?: string;
  mfaSerial?: string;
  externalId?: string;
  sessionName?: string;
  durationSeconds?: number;
  region?: string;
  color?: string;
  /** The profile name it was imported under (compared only when present as a property). */
  profileName?: string;
  /** The partition its credentials are in (users: the one STS reported, else of its MFA device or region, else `aws`; roles: their ARN's). */
  partition?: Partition;
}

/** The vault-side fields {@link toExistingIdentities} reads; stored identities fit this shape. */
export interface VaultIdentityLike {
  id: string;
  label: string;
  kind: string;
  profileName?: string;
  partition?: Partition;
  arn?: string;
  roleArn?: string;
  account?: string;
  roleName?: string;
  sourceAccount?: string;
  sourceId?: string;
  accessKeyId?: string;
  accountId?: string;
  mfaSerial?: string;
  externalId?: string;
  sessionName?: string;
  durationSeconds?: number;
  region?: string;
  color?: string;
}

/**
 * The vault's identities as the planners need them: every comparable field set (so an unset field counts
 * as "not set", not "unknown") and a role's `sourceId` turned into its source's label.
 */
export function toExistingIdentities(identities: readonly VaultIdentityLike[], sources: readonly ExistingSsoSource[] = []): ExistingIdentity[] {
  const labelOf = new Map(identities.map((i) => [i.id, i.label]));
  const keyOf = new Map(sources.map((s) => [s.id, ssoSourceKey(s.startUrl, s.region)]));
  return identities.map((i) => {
    if (i.kind === 'sso') {
      return { label: i.label, kind: 'sso', ssoSource: i.sourceId === undefined ? undefined : keyOf.get(i.sourceId), accountId: i.accountId, roleName: i.roleName, region: i.region, profileName: i.profileName };
    }
    if (i.kind === 'user') {
      // as src/core/sts/resolve.ts finds a user's partition
      const partition = i.partition ?? (i.arn ? partitionOfArn(i.arn) : undefined) ?? (i.mfaSerial ? partitionOfArn(i.mfaSerial) : undefined) ?? (i.region ? regionPartition(i.region) : undefined) ?? 'aws';
      return { label: i.label, kind: 'user', accessKeyId: i.accessKeyId, mfaSerial: i.mfaSerial, region: i.region, color: i.color, profileName: i.profileName, partition };
    }
    if (i.kind === 'role') {
      const partition = i.roleArn ? partitionOfArn(i.roleArn) : undefined;
      return {
        label: i.label,
        kind: 'role',
        profileName: i.profileName,
        ...(partition ? { partition } : {}),
        roleArn: i.roleArn,
        sourceLabel: i.sourceId === undefined ? undefined : labelOf.get(i.sourceId),
        mfaSerial: i.mfaSerial,
        externalId: i.externalId,
        sessionName: i.sessionName,
        durationSeconds: i.durationSeconds,
        region: i.region,
        color: i.color,
      };
    }
    if (i.kind === 'console-role') {
      return { label: i.label, kind: 'console-role', account: i.account, roleName: i.roleName, sourceAccount: i.sourceAccount, region: i.region, color: i.color, profileName: i.profileName };
    }
    return { label: i.label, kind: i.kind };
  });
}

/** The partition of a region, or undefined for one that is not valid. */
function regionPartition(region: string): Partition | undefined {
  try {
    return partitionOfRegion(region);
  } catch {
    return undefined;
  }
}

/** The partition a planned identity's credentials are in (as src/core/sts/resolve.ts decides it). */
function plannedPartition(p: PlannedIdentity): Partition | undefined {
  if (p.kind === 'user') return (p.mfaSerial ? partitionOfArn(p.mfaSerial) : undefined) ?? (p.region ? regionPartition(p.region) : undefined) ?? 'aws';
  return nonUserPartition(p);
}

/** Whether a planned user's partition is only the default (no MFA device, no region to tell). */
function partitionGuessed(p: PlannedIdentity): boolean {
  return p.kind === 'user' && !(p.mfaSerial && partitionOfArn(p.mfaSerial)) && !(p.region && regionPartition(p.region));
}

function nonUserPartition(p: PlannedIdentity): Partition | undefined {
  if (p.kind === 'role') return partitionOfArn(p.roleArn);
  if (p.kind === 'sso') return regionPartition(p.ssoRegion);
  return undefined;
}

const PARTITION_NAMES: Record<Partition, string> = { aws: 'aws (commercial)', 'aws-cn': 'aws-cn (China)', 'aws-us-gov': 'aws-us-gov (GovCloud)' };

const FIELD_TO_KEY: Record<string, string> = {
  label: 'profile name',
  accessKeyId: 'aws_access_key_id',
  secretAccessKey: 'aws_secret_access_key',
  mfaSerial: 'mfa_serial',
  region: 'region',
  roleArn: 'role_arn',
  externalId: 'external_id',
  sessionName: 'role_session_name',
  durationSeconds: 'duration_seconds',
  color: 'color',
};

/** Longest role chain followed (keeps recursion bounded on hostile input). */
export const MAX_CHAIN_DEPTH = 1000;

/** A candidate before source resolution and vault comparison. */
export type Candidate = UserCandidate | RoleCandidate | ConsoleRoleCandidate | SsoCandidate | SkipCandidate;
/** A console role: no source to resolve. */
export interface ConsoleRoleCandidate {
  ok: true;
  identity: PlannedConsoleRole;
  keys?: undefined;
}
export interface UserCandidate {
  ok: true;
  identity: PlannedUser;
  keys?: undefined;
}
/** An IAM Identity Center role (./sso.ts). */
export interface SsoCandidate {
  ok: true;
  identity: PlannedSso;
  keys?: undefined;
}
/**
 * `keys`: the profile also has access keys (botocore's static credentials). Another profile naming this one
 * as `source_profile` (or this one naming itself) uses them instead of the role.
 */
export interface RoleCandidate {
  ok: true;
  identity: PlannedRole;
  sourceProfile: string;
  sourceLine: number;
  keys?: Candidate;
}
export interface SkipCandidate {
  ok: false;
  skip: SkippedProfile;
  keys?: Candidate;
}

/** Turn a validator's SigvaultError into a skip naming the setting and its line. */
export function invalidSkip(
  e: unknown,
  label: string,
  fallbackLine: number,
  file: ImportFile,
  lineOf: (field: string) => number | undefined,
  keyOf: Record<string, string> = FIELD_TO_KEY,
): SkippedProfile {
  let field = '';
  let message = 'invalid settings';
  if (isSigvaultError(e)) {
    const f = e.details['field'];
    field = typeof f === 'string' ? f : '';
    message = e.message;
    const key = keyOf[field];
    if (key && message.startsWith(field)) message = key + message.slice(field.length);
  }
  return { label, code: 'invalid', reason: message, line: lineOf(field) ?? fallbackLine, file };
}

function skip(p: ParsedProfile, code: SkipCode, reason: string, line = p.line, file = p.file): SkipCandidate {
  return { ok: false, skip: { label: p.name, code, reason, line, file } };
}

const CREDENTIAL_SOURCES = new Set(['Environment', 'Ec2InstanceMetadata', 'EcsContainer']);

/**
 * A string as Python's `int()` reads it (botocore's `int(duration_seconds)`), or undefined where `int()` raises
 * ValueError: surrounding whitespace, an optional sign, decimal digits of any script (`Nd`), single `_` between
 * digits. The result may be imprecise beyond 2^53 (such values are out of every range anyway).
 */
export function pythonInt(text: string): number | undefined {
  const m = /^[+-]?(\p{Nd}+(?:_\p{Nd}+)*)$/u.exec(text.trim());
  if (!m) return undefined;
  let n = 0;
  for (const ch of (m[1] as string).replaceAll('_', '')) n = n * 10 + digitValue(ch);
  return text.trim().startsWith('-') ? -n : n;
}

/** The value of a decimal digit (`Nd`): Unicode assigns them in contiguous runs of whole 0–9 decades. */
function digitValue(ch: string): number {
  const cp = ch.codePointAt(0) as number;
  if (cp >= 0x30 && cp <= 0x39) return cp - 0x30;
  let start = cp;
  while (start > 0 && /^\p{Nd}$/u.test(String.fromCodePoint(start - 1))) start--;
  return (cp - start) % 10;
}

/** botocore's `_has_static_credentials`: either key is present (in either file). */
function hasStaticKeys(p: ParsedProfile): boolean {
  return p.settings['aws_access_key_id'] !== undefined || p.settings['aws_secret_access_key'] !== undefined;
}

/**
 * Classify one profile the way the CLI's credential chain would, and validate it like the add forms.
 * Settings the CLI ignores (a non-integer duration_seconds) are dropped with a warning in `warnings`.
 *
 * A profile with `role_arn` (and no `web_identity_token_file`) is its role when used directly: botocore's
 * assume-role provider comes before the profile's keys. When such a profile also has access keys, the
 * candidate carries them as `keys` (a user labelled `keysLabel`): another profile naming it as
 * `source_profile`, or the profile itself (`source_profile` naming itself), gets those keys, not the role.
 */
export function classifyProfile(
  p: ParsedProfile,
  warnings?: ImportWarning[],
  keysLabel = `${p.name} (keys)`,
  ssoSessions: Readonly<Record<string, ParsedProfile>> = {},
): Candidate {
  try {
    validateLabel(p.name);
  } catch (e) {
    return { ok: false, skip: invalidSkip(e, p.name, p.line, p.file, () => p.line) };
  }
  const roleArn = setting(p, 'role_arn');
  if (!roleArn || setting(p, 'web_identity_token_file')) return classifyCredentials(p, p.name, false, ssoSessions);
  const role = classifyRole(p, roleArn, warnings);
  if (hasStaticKeys(p)) role.keys = classifyCredentials(p, keysLabel, true, ssoSessions);
  return role;
}

function setting(p: ParsedProfile, k: string): ParsedSetting | undefined {
  const s = p.settings[k];
  return s && s.value.trim() !== '' ? s : undefined;
}

/** The assume-role part: `role_arn` with `source_profile` (or `credential_source`), validated. */
function classifyRole(p: ParsedProfile, roleArn: ParsedSetting, warnings?: ImportWarning[]): RoleCandidate | ConsoleRoleCandidate | SkipCandidate {
  const get = (k: string) => setting(p, k);
  const lineOf = (field: string): number | undefined => {
    const key = FIELD_TO_KEY[field];
    return key ? p.settings[key]?.line : undefined;
  };
  const source = get('source_profile');
  const credSource = get('credential_source');
  if (source && credSource) {
    return skip(p, 'invalid', 'source_profile and credential_source are both set (the AWS CLI refuses this); set only one', credSource.line, credSource.file);
  }
  if (credSource) {
    const v = credSource.value;
    return skip(
      p,
      'credential_source',
      CREDENTIAL_SOURCES.has(v)
        ? `credential_source = ${v}: the source credentials come from the machine running the CLI, which a browser cannot use`
        : 'credential_source: only Environment, Ec2InstanceMetadata or EcsContainer exist, and a browser can use none of them',
      credSource.line,
      credSource.file,
    );
  }
  if (!source) {
    // with keys of its own, the profile is about its keys: say what is missing, as before
    if (hasStaticKeys(p)) return skip(p, 'invalid', 'role_arn without source_profile: set source_profile to the profile whose credentials assume the role', roleArn.line, roleArn.file);
    return consoleRoleFromArn(p, roleArn, warnings);
  }
  const dur = get('duration_seconds');
  let durationSeconds: number | undefined;
  if (dur) {
    // botocore: int(value), and a ValueError drops the setting (STS then uses its default of one hour).
    durationSeconds = pythonInt(dur.value);
    if (durationSeconds === undefined) {
      warnings?.push({
        line: dur.line,
        file: dur.file,
        message: `duration_seconds of '${showName(p.name)}' is not a whole number; ignored, as the AWS CLI does (the role gets STS's default of 1 hour)`,
      });
    }
  }
  let v;
  try {
    v = validateNewRole({
      label: p.name,
      roleArn: roleArn.value,
      sourceId: 'source',
      externalId: get('external_id')?.value,
      mfaSerial: get('mfa_serial')?.value,
      sessionName: get('role_session_name')?.value,
      durationSeconds,
      region: get('region')?.value,
    });
  } catch (e) {
    return { ok: false, skip: invalidSkip(e, p.name, p.line, p.file, lineOf) };
  }
  const identity: PlannedRole = { kind: 'role', label: v.label, roleArn: v.roleArn, sourceLabel: source.value.trim(), line: p.line, file: p.file };
  if (v.externalId !== undefined) identity.externalId = v.externalId;
  if (v.mfaSerial !== undefined) identity.mfaSerial = v.mfaSerial;
  if (v.sessionName !== undefined) identity.sessionName = v.sessionName;
  if (v.durationSeconds !== undefined) identity.durationSeconds = v.durationSeconds;
  if (v.region !== undefined) identity.region = v.region;
  return { ok: true, identity, sourceProfile: source.value.trim(), sourceLine: source.line };
}

/** Settings of a `role_arn` profile that a console role cannot use (the console's Switch Role has no MFA, session name or duration of its own). */
const CONSOLE_ROLE_DROPPED = ['mfa_serial', 'role_session_name', 'duration_seconds', 'credential_process'] as const;

/**
 * A profile with `role_arn` but no source (no `source_profile`, no `credential_source`): the AWS CLI cannot
 * use it, but a console the user is signed in to can switch to the role. It imports as a console role
 * (account and path/name from the ARN), unless the role needs what the console's switch cannot send (an
 * external ID) or its path and name pass the console's 64 characters.
 */
function consoleRoleFromArn(p: ParsedProfile, roleArn: ParsedSetting, warnings?: ImportWarning[]): ConsoleRoleCandidate | SkipCandidate {
  const externalId = setting(p, 'external_id');
  if (externalId) {
    return skip(p, 'invalid', 'role_arn without source_profile, and with external_id: set source_profile (the console\'s own Switch Role cannot send an external ID, so it cannot be a console role)', externalId.line, externalId.file);
  }
  const m = /^arn:(?:aws|aws-cn|aws-us-gov):iam::(\d{12}):role\/(.+)$/.exec(roleArn.value.trim());
  if (!m) return skip(p, 'invalid', 'role_arn must look like arn:aws:iam::123456789012:role/name', roleArn.line, roleArn.file);
  let v;
  try {
    v = validateNewConsoleRole({ label: p.name, account: m[1], roleName: m[2], region: setting(p, 'region')?.value });
  } catch (e) {
    return { ok: false, skip: invalidSkip(e, p.name, p.line, p.file, (f) => (f === 'region' ? p.settings['region']?.line : roleArn.line), { ...FIELD_TO_KEY, roleName: 'role_arn', account: 'role_arn' }) };
  }
  const identity: PlannedConsoleRole = { kind: 'console-role', label: v.label, account: v.account, roleName: v.roleName, line: p.line, file: p.file };
  if (v.region !== undefined) identity.region = v.region;
  // what the console's own Switch Role cannot use is not kept: say so (the AWS CLI refuses this profile
  // outright: botocore raises PartialCredentialsError for role_arn without a source)
  const dropped = CONSOLE_ROLE_DROPPED.map((k) => setting(p, k)).filter((x): x is ParsedSetting => x !== undefined);
  if (dropped.length > 0) {
    const first = dropped.sort(byPosition)[0]!;
    warnings?.push({
      line: first.line,
      file: first.file,
      message: `'${showName(p.name)}' has role_arn but no source_profile, so it becomes a console role (switched to inside a signed-in console; the AWS CLI cannot use this profile). Not kept: ${CONSOLE_ROLE_DROPPED.filter((k) => setting(p, k)).join(', ')}`,
    });
  }
  return { ok: true, identity };
}

/**
 * The profile's own credentials, as botocore's profile providers find them (web identity, SSO, keys, process),
 * under `label`. `asKeys`: the keys of a profile that also has a role (lines point at the keys).
 */
function classifyCredentials(p: ParsedProfile, label: string, asKeys = false, ssoSessions: Readonly<Record<string, ParsedProfile>> = {}): Candidate {
  const get = (k: string) => setting(p, k);
  const out = (code: SkipCode, reason: string, line: number, file: ImportFile): Candidate => ({ ok: false, skip: { label, code, reason, line, file } });
  // botocore's ProfileProviderBuilder order: web identity, SSO, credentials file, login, process, config file.
  const wit = get('web_identity_token_file');
  if (wit) return out('web_identity', 'web_identity_token_file: web identity (OIDC token file) credentials are not supported', wit.line, wit.file);
  // The SSO provider takes a profile with sso_account_id or sso_role_name (the skip points at its first SSO line).
  const ssoSettings = ['sso_session', 'sso_start_url', 'sso_account_id', 'sso_role_name'].map(get).filter((v) => v !== undefined).sort(byPosition);
  const ssoReason = 'sso_session / sso_start_url without sso_account_id and sso_role_name: the AWS CLI gets no credentials from it (it names an IAM Identity Center sign-in, not a role)';
  const sso = ssoSettings[0];
  if (isSsoProfile(p)) return classifySso(p, label, ssoSessions);
  const inFile = (file: ImportFile, k: string): ParsedSetting | undefined => {
    const v = p.byFile ? p.byFile[file]?.[k] : p.settings[k]?.file === file ? p.settings[k] : undefined;
    return v && v.value.trim() !== '' ? v : undefined;
  };
  const FILE_NAME: Record<ImportFile, string> = { config: '~/.aws/config', credentials: '~/.aws/credentials', aesr: 'the text' };
  /** The keys as the CLI's shared-credentials-file / config-file provider reads them from one file. */
  const keysFrom = (file: ImportFile, keyId: ParsedSetting): Candidate => {
    const secret = inFile(file, 'aws_secret_access_key');
    if (!secret) {
      const other: ImportFile = file === 'config' ? 'credentials' : 'config';
      const elsewhere = inFile(other, 'aws_secret_access_key');
      return out(
        'invalid',
        elsewhere
          ? `aws_access_key_id is in ${FILE_NAME[file]} but aws_secret_access_key is not (it is in ${FILE_NAME[other]}; the AWS CLI reads both from the same file)`
          : 'aws_access_key_id without aws_secret_access_key',
        keyId.line,
        keyId.file,
      );
    }
    const token = inFile(file, 'aws_session_token') ?? inFile(file, 'aws_security_token');
    if (token) {
      return out('session_token', 'aws_session_token: temporary credentials expire, so they are not imported (import the long-term keys instead)', token.line, token.file);
    }
    const line = asKeys ? keyId.line : p.line;
    const at = asKeys ? keyId.file : p.file;
    let v;
    try {
      // The keys of a profile with a role: its mfa_serial is the role's (botocore sends it with AssumeRole only).
      const mfaSerial = asKeys ? undefined : get('mfa_serial')?.value;
      v = validateNewUser({ label, accessKeyId: keyId.value, secretAccessKey: secret.value, mfaSerial, region: get('region')?.value });
    } catch (e) {
      const lines: Record<string, ParsedSetting | undefined> = { accessKeyId: keyId, secretAccessKey: secret };
      return { ok: false, skip: invalidSkip(e, label, line, at, (f) => (lines[f] ?? p.settings[FIELD_TO_KEY[f] ?? ''])?.line) };
    }
    const identity: PlannedUser = { kind: 'user', label: v.label, accessKeyId: v.accessKeyId, secretAccessKey: v.secretAccessKey, line, file: at };
    if (v.mfaSerial !== undefined) identity.mfaSerial = v.mfaSerial;
    if (v.region !== undefined) identity.region = v.region;
    return { ok: true, identity };
  };
  const credentialsKey = inFile('credentials', 'aws_access_key_id');
  if (credentialsKey) return keysFrom('credentials', credentialsKey);
  const login = get('login_session');
  if (login) {
    return out('login_session', 'login_session: credentials from `aws login` (a browser sign-in the AWS CLI keeps in its cache) cannot be imported', login.line, login.file);
  }
  const credProcess = get('credential_process');
  if (credProcess) {
    return out('credential_process', 'credential_process: credentials from an external program cannot be run by a browser extension', credProcess.line, credProcess.file);
  }
  const configKey = inFile('config', 'aws_access_key_id');
  if (configKey) return keysFrom('config', configKey);
  const secret = get('aws_secret_access_key');
  if (secret) return out('invalid', 'aws_secret_access_key without aws_access_key_id', secret.line, secret.file);
  if (sso) return out('sso', ssoReason, sso.line, sso.file);
  return out('no_credentials', 'no credentials: no access keys (in ~/.aws/credentials) and no role_arn + source_profile', p.line, p.file);
}

// ---- comparison with the vault

function same(a: unknown, b: unknown): boolean {
  return (a ?? undefined) === (b ?? undefined);
}

const COMPARED_ROLE_FIELDS = ['sourceLabel', 'mfaSerial', 'externalId', 'sessionName', 'durationSeconds', 'region', 'color'] as const;
const COMPARED_USER_FIELDS = ['mfaSerial', 'region', 'color'] as const;
const COMPARED_CONSOLE_ROLE_FIELDS = ['account', 'roleName', 'region', 'color', 'sourceAccount'] as const;
const COMPARED_SSO_FIELDS = ['ssoSource', 'accountId', 'roleName', 'region'] as const;

/** Field names that differ between a planned identity and the vault's identity with its label. */
export function changedFields(planned: PlannedIdentity, existing: ExistingIdentity): string[] {
  const changes: string[] = [];
  if (planned.kind === 'sso') {
    const have: Record<string, unknown> = existing as unknown as Record<string, unknown>;
    const want: Record<string, unknown> = { ssoSource: ssoSourceKey(planned.startUrl, planned.ssoRegion), accountId: planned.accountId, roleName: planned.roleName, region: planned.region };
    for (const f of COMPARED_SSO_FIELDS) if (Object.hasOwn(existing, f) && !same(want[f], have[f])) changes.push(f);
    return changes;
  }
  if (planned.kind === 'console-role') {
    for (const f of COMPARED_CONSOLE_ROLE_FIELDS) {
      if ((f === 'color' || f === 'sourceAccount') && planned[f] === undefined) continue; // not in the text: keep the vault's
      if (Object.hasOwn(existing, f) && !same(planned[f], existing[f])) changes.push(f);
    }
    return changes;
  }
  if (planned.kind === 'role') {
    if (!same(planned.roleArn, existing.roleArn)) changes.push('roleArn');
    for (const f of COMPARED_ROLE_FIELDS) {
      if (f === 'color' && planned.color === undefined) continue; // the CLI has no color: keep the vault's
      if (Object.hasOwn(existing, f) && !same(planned[f], existing[f])) changes.push(f);
    }
  } else {
    if (!same(planned.accessKeyId, existing.accessKeyId)) changes.push('accessKeyId');
    for (const f of COMPARED_USER_FIELDS) {
      if (f === 'color') continue;
      if (Object.hasOwn(existing, f) && !same(planned[f], existing[f])) changes.push(f);
    }
  }
  return changes;
}

/**
 * Resolve candidates' sources (chains of any depth, cycles and missing sources reported), compare with the
 * vault, and order the result. Shared by the AWS CLI and AESR planners.
 * @param candidates - one per profile name (the first of a name wins)
 */
export function resolvePlan(candidates: Candidate[], existing: readonly ExistingIdentity[], warnings: ImportWarning[], options: { profileNames?: boolean } = {}): ConfigImportPlan {
  const byLabel = new Map<string, ExistingIdentity>();
  for (const e of existing) if (!byLabel.has(e.label)) byLabel.set(e.label, e);
  /** Vault identities by the profile name they were imported under. */
  const byProfile = new Map<string, ExistingIdentity>();
  for (const e of existing) if (e.profileName && !byProfile.has(e.profileName)) byProfile.set(e.profileName, e);
  /** Vault roles by what they are: role ARN + source. */
  const roleKey = (roleArn: string, source: string) => `${roleArn}\u0000${source}`;
  const byRole = new Map<string, ExistingIdentity>();
  for (const e of existing) {
    if (e.kind !== 'role' || !e.roleArn || e.sourceLabel === undefined) continue;
    const k = roleKey(e.roleArn, e.sourceLabel);
    if (!byRole.has(k)) byRole.set(k, e);
  }
  const byKey = new Map<string, ExistingIdentity>();
  for (const e of existing) if (e.kind === 'user' && e.accessKeyId && !byKey.has(e.accessKeyId)) byKey.set(e.accessKeyId, e);
  const ssoKey = (source: string, accountId: string, roleName: string) => `${source}\u0000${accountId}\u0000${roleName}`;
  const bySso = new Map<string, ExistingIdentity>();
  for (const e of existing) {
    if (e.kind !== 'sso' || !e.ssoSource || !e.accountId || !e.roleName) continue;
    const k = ssoKey(e.ssoSource, e.accountId, e.roleName);
    if (!bySso.has(k)) bySso.set(k, e);
  }

  const byName = new Map<string, Candidate>();
  for (const c of candidates) {
    const name = c.ok ? c.identity.label : c.skip.label;
    if (!byName.has(name)) byName.set(name, c);
  }
  /** Labels of the keys of profiles that also have a role (`NAME (keys)`): not profile names. */
  const keysLabels = new Set<string>();
  for (const c of candidates) if (c.keys) keysLabels.add(c.keys.ok ? c.keys.identity.label : c.keys.skip.label);
  /** The profile name a planned identity is imported under (AWS CLI imports only). */
  const profileNameOf = (label: string): string | undefined => (options.profileNames && !keysLabels.has(label) ? label : undefined);
  /**
   * Vault identities another profile of the text matches by label (or profile name): never matched by what
   * they are, and each vault identity is matched once.
   */
  const claimed = new Set<ExistingIdentity>();
  for (const name of byName.keys()) {
    const e = byLabel.get(name);
    if (e) claimed.add(e);
  }

  /** Final outcome per profile name; `usable` is the label a role naming it as source_profile will use. */
  interface Outcome {
    action: 'create' | 'update' | 'unchanged' | 'skip';
    usable?: string;
    changes?: string[];
    skip?: SkippedProfile;
    /** A console role (planned or in the vault): it has no credentials, so no role may use it as its source. */
    consoleRole?: boolean;
    /** The vault identity it updates or matches, when its label is another. */
    target?: string;
    matchedBy?: MatchKind;
    /** The partition of its credentials, when known: a role sourced from it must be in the same one. */
    partition?: Partition;
    /** `partition` is only the default (`aws`: a user without MFA device or region to tell). */
    partitionGuessed?: boolean;
  }
  const outcome = new Map<string, Outcome>();
  const order: string[] = [];
  const visiting: string[] = [];
  const cycleReason = new Map<string, string>();
  /** Profiles with a role and keys whose keys some role uses as its source, in the order first used. */
  const keysOutcome = new Map<string, Outcome>();
  const keysUsers = new Map<string, string[]>();

  /** Compares `id` with the vault identity `ex` it matched (`by`: not by label). */
  const compare = (id: PlannedIdentity, ex: ExistingIdentity, by?: MatchKind): Outcome => {
    claimed.add(ex);
    const changes = changedFields(id, ex);
    const name = profileNameOf(id.label);
    // the profile name it will be exported under: the one it was imported under, else derived from its label
    if (name !== undefined && Object.hasOwn(ex, 'profileName') && (ex.profileName ?? profileNameFor(ex.label)) !== name) changes.push('profileName');
    // a user's: what STS reported on the vault's copy, unless its keys change; a role's: its (new) role ARN's
    const keysKept = id.kind === 'user' && !changes.includes('accessKeyId');
    const partition = id.kind === 'user' ? (keysKept ? ex.partition : undefined) ?? plannedPartition(id) : plannedPartition(id);
    const guessed = id.kind === 'user' && !(keysKept && ex.partition) && partitionGuessed(id);
    const matched = by ? { target: ex.label, matchedBy: by } : {};
    const part = { ...(partition ? { partition } : {}), ...(guessed ? { partitionGuessed: true } : {}) };
    return changes.length === 0
      ? { action: 'unchanged', usable: ex.label, ...matched, ...part }
      : { action: 'update', usable: ex.label, changes, ...matched, ...part };
  };

  const vaultCheck = (id: PlannedIdentity): Outcome => {
    const ex = byLabel.get(id.label);
    if (id.kind === 'user') {
      const holder = byKey.get(id.accessKeyId);
      if (holder && holder.label !== id.label) {
        // the same access keys: the same user, whatever its label
        const o = compare(id, holder, 'key');
        if (o.action === 'update') return o;
        return {
          ...o,
          action: 'skip',
          skip: { label: id.label, code: 'duplicate_key', reason: `these access keys are already in the vault as '${showName(holder.label)}'`, line: id.line, file: id.file },
        };
      }
    }
    if (id.kind === 'sso') {
      const holder = bySso.get(ssoKey(ssoSourceKey(id.startUrl, id.ssoRegion), id.accountId, id.roleName));
      if (holder && holder.label !== id.label) {
        return {
          action: 'skip',
          usable: holder.label,
          skip: { label: id.label, code: 'duplicate_sso', reason: `this Identity Center role (account ${id.accountId}, ${id.roleName}) is already in the vault as '${showName(holder.label)}'`, line: id.line, file: id.file },
        };
      }
    }
    if (!ex) {
      // the identity it was imported under this profile name before (since renamed)
      const earlier = byProfile.get(id.label);
      if (earlier && earlier.kind === id.kind && !claimed.has(earlier) && profileNameOf(id.label) !== undefined) return compare(id, earlier, 'profile');
      // the same role (role ARN and source) added by hand, or under another label
      if (id.kind === 'role') {
        const same = byRole.get(roleKey(id.roleArn, id.sourceLabel));
        if (same && !claimed.has(same)) return compare(id, same, 'role');
      }
      const partition = plannedPartition(id);
      return { action: 'create', usable: id.label, ...(partition ? { partition } : {}), ...(partitionGuessed(id) ? { partitionGuessed: true } : {}) };
    }
    if (ex.kind !== id.kind) {
      const what = ex.kind === 'user' ? 'a user' : ex.kind === 'role' ? 'a role' : ex.kind === 'console-role' ? 'a console role' : ex.kind === 'sso' ? 'an Identity Center role' : 'an identity';
      return {
        action: 'skip',
        skip: { label: id.label, code: 'conflict', reason: `the vault already has ${what} labelled '${showName(id.label)}'; rename one of them`, line: id.line, file: id.file },
      };
    }
    return compare(id, ex);
  };

  /**
   * A role's source resolved: a role and its source must be in one partition (AWS assumes roles only within
   * one: a GovCloud role from a commercial user cannot work).
   */
  const sourcedCheck = (role: RoleCandidate, src: string, srcOutcome: Outcome): Outcome => {
    const rolePartition = partitionOfArn(role.identity.roleArn);
    if (srcOutcome.partition && rolePartition && srcOutcome.partition !== rolePartition) {
      return {
        action: 'skip',
        skip: {
          label: role.identity.label,
          code: 'invalid',
          reason: `cannot work: the role is in the ${PARTITION_NAMES[rolePartition]} partition but its source '${showName(src)}' is in ${PARTITION_NAMES[srcOutcome.partition]}${srcOutcome.partitionGuessed ? ` (it has no region or MFA device of another partition; if its keys are ${rolePartition}'s, set its region to one of ${rolePartition})` : ''}; AWS assumes a role only with credentials of its own partition`,
          line: role.sourceLine,
          file: role.identity.file,
        },
      };
    }
    role.identity.sourceLabel = srcOutcome.usable as string;
    return vaultCheck(role.identity);
  };

  const skipOf = (label: string, code: SkipCode, reason: string, line: number, file: ImportFile): Outcome => ({
    action: 'skip',
    skip: { label, code, reason, line, file },
  });

  /**
   * For a role whose profile has keys: the chain of role sources from it, when it comes back to it (botocore
   * refuses that profile as a loop, although the roles in between work: for them the chain stops at its keys).
   */
  const chainBackTo = (start: string): string[] | undefined => {
    const chain = [start];
    let cur = (byName.get(start) as RoleCandidate).sourceProfile;
    while (chain.length <= MAX_CHAIN_DEPTH) {
      chain.push(cur);
      if (cur === start) return chain;
      const c = byName.get(cur);
      if (!c || !c.ok || c.identity.kind !== 'role' || c.keys || chain.indexOf(cur) < chain.length - 1) return undefined;
      cur = (c as RoleCandidate).sourceProfile;
    }
    return undefined;
  };

  /** The keys of profile `name` (which also has a role), used as the source of role `user`. */
  const resolveKeys = (name: string, keys: Candidate, user: string): Outcome => {
    const users = keysUsers.get(name) ?? [];
    if (!users.includes(user)) users.push(user);
    keysUsers.set(name, users);
    const done = keysOutcome.get(name);
    if (done) return done;
    const result: Outcome = keys.ok ? vaultCheck(keys.identity) : { action: 'skip', skip: keys.skip };
    keysOutcome.set(name, result);
    return result;
  };

  const resolve = (name: string): Outcome | undefined => {
    const done = outcome.get(name);
    if (done) return done;
    const c = byName.get(name);
    if (!c) return undefined;
    let result: Outcome;
    if (!c.ok) {
      // A profile with no credentials of its own can still name an identity the vault already has.
      result = { action: 'skip', skip: c.skip };
      if (c.skip.code === 'no_credentials' && byLabel.has(name)) {
        const ex = byLabel.get(name) as ExistingIdentity;
        if (ex.kind === 'console-role') result.consoleRole = true;
        else result.usable = name;
        if (ex.partition) result.partition = ex.partition;
      }
    } else if (c.identity.kind === 'user' || c.identity.kind === 'sso') {
      result = vaultCheck(c.identity);
    } else if (c.identity.kind === 'console-role') {
      const { usable: _u, ...checked } = vaultCheck(c.identity);
      result = { ...checked, consoleRole: true };
    } else {
      const role = c as RoleCandidate;
      const src = role.sourceProfile;
      const { line, file } = { line: role.sourceLine, file: role.identity.file };
      const cycleAt = visiting.indexOf(src);
      // As botocore's AssumeRoleProvider: a source with keys gives its keys (its own role is not followed); a
      // profile may name itself only if it has keys; a chain that comes back to where it started is a loop
      // for the profile that started it, even when that profile has keys.
      const srcKeys = byName.get(src)?.keys;
      let srcOutcome: Outcome | undefined;
      let resolved = false;
      const loopBack = role.keys && src !== name ? chainBackTo(name) : undefined;
      if (!loopBack && srcKeys && visiting.length < MAX_CHAIN_DEPTH) {
        srcOutcome = resolveKeys(src, srcKeys, name);
        resolved = true;
      }
      if (loopBack) {
        result = skipOf(name, 'cycle', `source_profile chain loops: ${loopBack.map((n) => `'${showName(n)}'`).join(' → ')}`, line, file);
      } else if (resolved) {
        if (srcOutcome?.usable === undefined) {
          result = skipOf(name, 'source_skipped', `source_profile '${showName(src)}' is skipped: its access keys are skipped (${srcOutcome?.skip?.code ?? 'skipped'})`, line, file);
        } else {
          result = sourcedCheck(role, src, srcOutcome);
        }
      } else if (visiting.length >= MAX_CHAIN_DEPTH) {
        result = skipOf(name, 'invalid', `source_profile chain is deeper than ${MAX_CHAIN_DEPTH} roles`, line, file);
      } else if (src === name) {
        result = skipOf(name, 'cycle', 'source_profile names the profile itself, which has no access keys', line, file);
      } else if (cycleAt >= 0) {
        const members = [...visiting.slice(cycleAt), name];
        const chain = [...members, src].map((n) => `'${showName(n)}'`).join(' → ');
        for (const m of members) cycleReason.set(m, `source_profile chain loops: ${chain}`);
        result = skipOf(name, 'cycle', `source_profile chain loops: ${chain}`, line, file);
      } else {
        visiting.push(name);
        let srcOutcome = resolve(src);
        visiting.pop();
        if (srcOutcome === undefined && byLabel.has(src)) {
          const ex = byLabel.get(src) as ExistingIdentity;
          srcOutcome = ex.kind === 'console-role' ? { action: 'unchanged', consoleRole: true } : { action: 'unchanged', usable: src, ...(ex.partition ? { partition: ex.partition } : {}) };
        }
        const loop = cycleReason.get(name);
        if (loop) {
          result = skipOf(name, 'cycle', loop, line, file);
        } else if (srcOutcome === undefined) {
          result = skipOf(name, 'source_missing', `source_profile '${showName(src)}' is not defined here and no identity with that label is in the vault`, line, file);
        } else if (srcOutcome.usable === undefined && srcOutcome.consoleRole) {
          result = skipOf(name, 'source_skipped', `source_profile '${showName(src)}' is a console role: it has no credentials, so it cannot be a role's source`, line, file);
        } else if (srcOutcome.usable === undefined) {
          const why = srcOutcome.skip ? srcOutcome.skip.code : 'skipped';
          result = skipOf(name, 'source_skipped', `source_profile '${showName(src)}' is skipped (${why})`, line, file);
        } else {
          result = sourcedCheck(role, src, srcOutcome);
        }
      }
    }
    outcome.set(name, result);
    order.push(name);
    return result;
  };

  for (const name of byName.keys()) resolve(name);

  const plan: ConfigImportPlan = { create: [], update: [], skip: [], warnings };
  const updateOf = (identity: PlannedIdentity, o: Outcome): PlannedUpdate => {
    const u: PlannedUpdate = { identity, changes: o.changes ?? [] };
    if (o.target !== undefined) {
      u.target = o.target;
      if (o.matchedBy) u.matchedBy = o.matchedBy;
    }
    return u;
  };
  const unchangedReason = (o: Outcome) => (o.target === undefined
    ? 'already in the vault with the same settings'
    : `already in the vault as '${showName(o.target)}' (${o.matchedBy === 'role' ? 'the same role ARN and source' : o.matchedBy === 'key' ? 'the same access keys' : 'imported under this profile name'}), with the same settings`);
  const users: PlannedIdentity[] = [];
  const roles: PlannedIdentity[] = [];
  const updatesUsers: PlannedUpdate[] = [];
  const updatesRoles: PlannedUpdate[] = [];
  for (const name of order) {
    const o = outcome.get(name);
    const c = byName.get(name);
    if (!o || !c) continue;
    if (o.action === 'skip') {
      if (o.skip) plan.skip.push(o.skip);
      continue;
    }
    if (!c.ok) continue;
    const first = c.identity.kind === 'user' || c.identity.kind === 'sso'; // depend on nothing in the plan
    if (o.action === 'create') (first ? users : roles).push(c.identity);
    else if (o.action === 'update') (first ? updatesUsers : updatesRoles).push(updateOf(c.identity, o));
    else plan.skip.push({ label: name, code: 'unchanged', reason: unchangedReason(o), line: c.identity.line, file: c.identity.file });
  }
  const position = new Map([...byName.keys()].map((n, i) => [n, i]));
  // The keys of profiles that also have a role: imported only when a role uses them as its source.
  for (const [name, c] of byName) {
    const keys = c.keys;
    if (!keys) continue;
    const keysLabel = keys.ok ? keys.identity.label : keys.skip.label;
    const at = keys.ok ? keys.identity : keys.skip;
    const o = keysOutcome.get(name);
    const usedBy = (keysUsers.get(name) ?? []).filter((u) => u !== name);
    const self = keysUsers.get(name)?.includes(name) ?? false;
    const head = `profile '${showName(name)}' has access keys and a role`;
    const fate = o?.action === 'skip' ? `its keys are skipped (${o.skip?.code ?? 'skipped'})` : `the keys are imported as user '${showName(o?.usable ?? keysLabel)}'`;
    let message: string;
    if (!o) {
      message = `${head}: the AWS CLI uses the keys only when another profile names '${showName(name)}' as source_profile, and none does; the keys are not imported`;
    } else if (usedBy.length === 0) {
      message = `${head}: it assumes its role with its own keys (source_profile names itself), as the AWS CLI does; ${fate}`;
    } else {
      const who = usedBy.slice(0, 3).map((u) => `'${showName(u)}'`).join(', ') + (usedBy.length > 3 ? ` and ${usedBy.length - 3} more` : '');
      message = `${head}: ${self ? 'it assumes its role with its own keys, and ' : 'used directly it is its role, but '}as the source_profile of ${who} the AWS CLI uses its keys, not its role; ${fate}`;
    }
    warnings.push({ line: at.line, file: at.file, message });
    if (!o) continue;
    position.set(keysLabel, position.get(name) ?? 0);
    if (o.action === 'skip') {
      if (o.skip) plan.skip.push(o.skip);
    } else if (keys.ok) {
      if (o.action === 'create') users.push(keys.identity);
      else if (o.action === 'update') updatesUsers.push(updateOf(keys.identity, o));
      else plan.skip.push({ label: keysLabel, code: 'unchanged', reason: unchangedReason(o), line: at.line, file: at.file });
    }
  }
  warnings.sort(byPosition);
  // Users depend on nothing: keep them in text order. Roles are in resolution order (sources first).
  const textOrder = (a: { label: string }, b: { label: string }) => (position.get(a.label) ?? 0) - (position.get(b.label) ?? 0);
  users.sort(textOrder);
  updatesUsers.sort((a, b) => textOrder(a.identity, b.identity));
  plan.create = [...users, ...roles];
  plan.update = [...updatesUsers, ...updatesRoles];
  plan.skip.sort(byPosition);
  if (options.profileNames) {
    const names = Object.create(null) as Record<string, string>;
    for (const i of [...plan.create, ...plan.update.map((u) => u.identity)]) {
      const n = profileNameOf(i.label);
      if (n !== undefined) names[i.label] = n;
    }
    if (Object.keys(names).length > 0) plan.profileNames = names;
  }
  return plan;
}

/**
 * A label not in `taken` (which it joins): `NAME (QUALIFIER)`, or `NAME` without one; then `NAME (QUALIFIER, 2)`
 * / `NAME (2)` and so on. NAME is shortened with `…` to fit {@link LABEL_MAX_LENGTH}.
 */
export function uniqueLabel(name: string, qualifier: string | undefined, taken: Set<string>): string {
  for (let n = 1; ; n++) {
    const inside = [qualifier, n === 1 ? undefined : String(n)].filter((x) => x !== undefined && x !== '').join(', ');
    const suffix = inside === '' ? '' : ` (${inside})`;
    const chars = [...name];
    const room = Math.max(1, LABEL_MAX_LENGTH - [...suffix].length);
    const label = (chars.length > room ? `${chars.slice(0, room - 1).join('')}…` : name) + suffix;
    if (!taken.has(label)) {
      taken.add(label);
      return label;
    }
  }
}

/** The label for the keys of a profile that also has a role: `NAME (keys)` (see {@link uniqueLabel}). */
export function keysLabelFor(name: string, taken: Set<string>): string {
  return uniqueLabel(name, 'keys', taken);
}

/**
 * Plan the import of parsed AWS CLI profiles against what the vault holds. Pure; never throws.
 * Users come from profiles with `aws_access_key_id` + `aws_secret_access_key`; roles from `role_arn` +
 * `source_profile` (chains of any depth, the source resolved to its label). See docs/config-import.md.
 * @example
 * const plan = planAwsImport(parseAwsConfig(configText, credentialsText), vaultIdentities.map(toExisting));
 */
export function planAwsImport(parsed: ParsedAwsConfig, existing: readonly ExistingIdentity[], existingSources: readonly ExistingSsoSource[] = []): ConfigImportPlan {
  const warnings = [...parsed.warnings];
  const taken = new Set(parsed.profiles.map((p) => p.name));
  const candidates = parsed.profiles.map((p) => {
    try {
      return classifyProfile(p, warnings, keysLabelFor(p.name, taken), parsed.ssoSessions);
    } catch {
      return skip(p, 'invalid', 'could not be read');
    }
  });
  warnings.sort(byPosition);
  const plan = resolvePlan(candidates, existing, warnings, { profileNames: true });
  const sso = [...plan.create, ...plan.update.map((u) => u.identity)].filter((i): i is PlannedSso => i.kind === 'sso');
  if (sso.length > 0) plan.ssoSources = plannedSources(sso, existingSources);
  return plan;
}

// ---- view

export type PlannedIdentityView =
  | PlannedConsoleRole
  | { kind: 'sso'; label: string; accountId: string; roleName: string; sourceLabel: string; startUrl: string; ssoRegion: string; region?: string; line: number; file: ImportFile }
  | { kind: 'user'; label: string; accessKeyIdMasked: string; mfa: boolean; region?: string; line: number; file: ImportFile }
  | {
      kind: 'role';
      label: string;
      roleArn: string;
      sourceLabel: string;
      mfa: boolean;
      hasExternalId: boolean;
      sessionName?: string;
      durationSeconds?: number;
      region?: string;
      color?: string;
      line: number;
      file: ImportFile;
    };

export interface ConfigImportPlanView {
  create: PlannedIdentityView[];
  /** `target`: the vault identity it updates when its label is another (`matchedBy`: how it was matched). */
  update: { identity: PlannedIdentityView; changes: string[]; target?: string; matchedBy?: MatchKind }[];
  /**
   * Labels of the users (created, or updated with new keys) whose access keys have not been checked with AWS:
   * the import does not call STS (check them with Test afterwards).
   */
  uncheckedKeys?: string[];
  /** AESR: the base profiles, each with the vault identity its targets are assumed from (absent: console roles). */
  aesrBases?: AesrBase[];
  skip: SkippedProfile[];
  warnings: ImportWarning[];
  /** IAM Identity Center sources: `existing` ones are reused, the others created (signed out). */
  ssoSources?: { label: string; startUrl: string; region: string; existing: boolean }[];
}

function viewOf(p: PlannedIdentity, sources: readonly PlannedSsoSource[]): PlannedIdentityView {
  if (p.kind === 'sso') {
    const src = sources.find((s) => s.startUrl === p.startUrl && s.region === p.ssoRegion);
    const v: PlannedIdentityView = { kind: 'sso', label: p.label, accountId: p.accountId, roleName: p.roleName, sourceLabel: src?.label ?? p.sourceLabel, startUrl: p.startUrl, ssoRegion: p.ssoRegion, line: p.line, file: p.file };
    if (p.region !== undefined) v.region = p.region;
    return v;
  }
  if (p.kind === 'user') {
    const v: PlannedIdentityView = {
      kind: 'user',
      label: p.label,
      accessKeyIdMasked: p.accessKeyId.length <= 8 ? '…' : `${p.accessKeyId.slice(0, 4)}…${p.accessKeyId.slice(-4)}`,
      mfa: !!p.mfaSerial,
      line: p.line,
      file: p.file,
    };
    if (p.region !== undefined) v.region = p.region;
    return v;
  }
  if (p.kind === 'console-role') {
    const v: PlannedIdentityView = { kind: 'console-role', label: p.label, account: p.account, roleName: p.roleName, line: p.line, file: p.file };
    if (p.region !== undefined) v.region = p.region;
    if (p.color !== undefined) v.color = p.color;
    if (p.sourceAccount !== undefined) v.sourceAccount = p.sourceAccount;
    return v;
  }
  const v: PlannedIdentityView = {
    kind: 'role',
    label: p.label,
    roleArn: p.roleArn,
    sourceLabel: p.sourceLabel,
    mfa: !!p.mfaSerial,
    hasExternalId: !!p.externalId,
    line: p.line,
    file: p.file,
  };
  if (p.sessionName !== undefined) v.sessionName = p.sessionName;
  if (p.durationSeconds !== undefined) v.durationSeconds = p.durationSeconds;
  if (p.region !== undefined) v.region = p.region;
  if (p.color !== undefined) v.color = p.color;
  return v;
}

/** The plan as pages may see it: no secret access key, no external id (an allow-list of fields). */
export function toPlanView(plan: ConfigImportPlan): ConfigImportPlanView {
  const sources = plan.ssoSources ?? [];
  const view: ConfigImportPlanView = {
    create: plan.create.map((p) => viewOf(p, sources)),
    update: plan.update.map((u) => ({
      identity: viewOf(u.identity, sources),
      changes: [...u.changes],
      ...(u.target !== undefined ? { target: u.target } : {}),
      ...(u.matchedBy !== undefined ? { matchedBy: u.matchedBy } : {}),
    })),
    skip: plan.skip.map((s) => ({ ...s })),
    warnings: plan.warnings.map((w) => ({ ...w })),
  };
  const unchecked = [
    ...plan.create.filter((c) => c.kind === 'user'),
    ...plan.update.filter((u) => u.identity.kind === 'user' && u.changes.includes('accessKeyId')).map((u) => u.identity),
  ].map((u) => u.label);
  if (unchecked.length > 0) view.uncheckedKeys = unchecked;
  if (plan.aesrBases) view.aesrBases = plan.aesrBases.map((b) => ({ ...b }));
  if (plan.ssoSources) view.ssoSources = plan.ssoSources.map((s) => ({ label: s.label, startUrl: s.startUrl, region: s.region, existing: s.existingId !== undefined }));
  return view;
}
