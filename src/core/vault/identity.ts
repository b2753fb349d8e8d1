/**
 * The identity model stored inside `identity` records, input validation for new identities, and the
 * view model sent to extension pages (never a secret).
 *
 * Version tolerance: {@link parseStoredIdentity} keeps unknown properties of known kinds (so an older
 * build that edits a label does not drop a newer build's fields), and turns unknown kinds into
 * {@link UnknownIdentity} instead of failing.
 * @module
 */

import { SigvaultError } from '../errors.ts';
import { REGION_PATTERN, validateRegion } from '../sts/partition.ts';
import { validateKnownRegion } from '../sts/regions.ts';
import { parseDuration } from './duration.ts';
import { isObject, newRecordId } from './format.ts';
import { CONTAINER_PREFERENCES, type ContainerPreference } from '../containers.ts';

export type { Partition } from '../sts/partition.ts';
import type { Partition } from '../sts/partition.ts';

interface IdentityBase {
  /** Record id (also the IndexedDB key of its sealed record). */
  id: string;
  label: string;
  /**
   * The `~/.aws/config` profile name it was imported under ({@link isProfileName}): export writes it
   * unchanged, whatever the label becomes. Absent: export derives a name from the label.
   */
  profileName?: string;
  region?: string;
  color?: string;
  /** Firefox: where its console opens (absent = `'default'`: the global `consoleContainers` setting). */
  container?: ContainerPreference;
  createdAt: number;
  updatedAt: number;
}

/** Long-term IAM user access keys. */
export interface IamUser extends IdentityBase {
  kind: 'user';
  accessKeyId: string;
  /** Secret: never leaves the background; {@link toView} drops it. */
  secretAccessKey: string;
  mfaSerial?: string;
  partition?: Partition;
  /** Filled in from GetCallerIdentity. */
  account?: string;
  arn?: string;
  isRoot?: boolean;
}

/** A role assumed from another identity (`sourceId`). */
export interface AssumedRole extends IdentityBase {
  kind: 'role';
  roleArn: string;
  sourceId: string;
  externalId?: string;
  mfaSerial?: string;
  sessionName?: string;
  durationSeconds?: number;
  /** AssumeRole SourceIdentity (2–64 of `[\w+=,.@-]`, not starting with `aws:`). */
  sourceIdentity?: string;
}

/**
 * A role switched to inside a console the user is already signed in to (the console's own Switch Role):
 * no keys, no source identity. `account` is a 12-digit id or an account alias (the console accepts both);
 * `roleName` includes the role's path if it has one (`path/name`); `sourceAccount`: the account the user
 * switches from, when known (AESR's base account).
 */
export interface ConsoleRole extends IdentityBase {
  kind: 'console-role';
  account: string;
  roleName: string;
  /** What the console shows in its navigation bar (at most 64 characters). */
  displayName?: string;
  sourceAccount?: string;
}

/**
 * A role of an IAM Identity Center account assignment (a permission set in an account), listed by a sync
 * of its source (`sourceId`: an Identity Center source record, not an identity). Credentials come from
 * the portal's GetRoleCredentials with the source's sealed access token.
 */
export interface SsoRole extends IdentityBase {
  kind: 'sso';
  sourceId: string;
  accountId: string;
  accountName?: string;
  /** The permission set's role name as the portal lists it. */
  roleName: string;
  /** Set when a sync no longer found the assignment (kept, with the user's settings, until removed). */
  vanishedAt?: number;
  /** The partition of its Identity Center instance's region (set by the sync). */
  partition?: Partition;
}

/**
 * A role reached through an enterprise identity provider's SAML sign-in, saved from a captured SAML
 * response. Credentials come from AssumeRoleWithSAML while the assertion is fresh; the assertion itself is
 * never stored, so when they expire the user signs in at the IdP again (`idpUrl`).
 */
export interface SamlRole extends IdentityBase {
  kind: 'saml';
  roleArn: string;
  /** The IAM SAML provider: `arn:<partition>:iam::<account>:saml-provider/<name>`. */
  principalArn: string;
  /** The IdP's `SessionDuration` attribute (seconds): DurationSeconds never goes above it. */
  sessionDuration?: number;
  /** Where the user signs in again (the page that posted the captured response). */
  idpUrl?: string;
  /** Asked for on AssumeRoleWithSAML (never above `sessionDuration`); default the IdP's, else 1 h. */
  durationSeconds?: number;
}

/** A role assumed with an OIDC token (AssumeRoleWithWebIdentity). The token is a secret, sealed. */
export interface WebIdentityRole extends IdentityBase {
  kind: 'web-identity';
  roleArn: string;
  /** Secret: never leaves the background; {@link toView} drops it. */
  webIdentityToken: string;
  /** The token's `exp` (ms since the epoch), when it has one. */
  tokenExpiresAt?: number;
  /** The token's `iss`. */
  tokenIssuer?: string;
  sessionName?: string;
  durationSeconds?: number;
  /** OAuth 2.0 providers only (`www.amazon.com`, `graph.facebook.com`); absent for OIDC. */
  providerId?: string;
}

/** Identities whose credentials come from a federation, not from keys in the vault. */
export type FederatedIdentity = SsoRole | SamlRole | WebIdentityRole;
export const FEDERATED_KINDS = ['sso', 'saml', 'web-identity'] as const;
export type FederatedKind = (typeof FEDERATED_KINDS)[number];
export function isFederatedKind(kind: string): kind is FederatedKind {
  return (FEDERATED_KINDS as readonly string[]).includes(kind);
}

/** Kinds this build understands. */
export type Identity = IamUser | AssumedRole | ConsoleRole | FederatedIdentity;

/** An identity of a kind written by a newer build. Shown by label; `data` keeps the stored value intact. */
export interface UnknownIdentity {
  kind: 'unknown';
  storedKind: string;
  id: string;
  label: string;
  createdAt: number;
  updatedAt: number;
  /** The stored value, unchanged (may hold secrets: background only). */
  data: Record<string, unknown>;
}

export type StoredIdentity = Identity | UnknownIdentity;

export const LABEL_MAX_LENGTH = 64;
/** An access key id as AWS issues them: `AKIA…` (an IAM user's long-term key) or `ASIA…` (temporary, from STS). */
export const ACCESS_KEY_ID_PATTERN = /^(AKIA|ASIA)[A-Z0-9]{12,124}$/;
/** An IAM user's long-term access key id. `ASIA…` keys are temporary (they come with a session token and expire). */
export const LONG_TERM_ACCESS_KEY_ID_PATTERN = /^AKIA[A-Z0-9]{12,124}$/;
export const SECRET_ACCESS_KEY_PATTERN = /^[A-Za-z0-9/+]{40}$/;
/**
 * A virtual MFA device ARN. STS takes it as `SerialNumber` (`serialNumberType`: 9–256 of
 * `[\w+=/:,.@-]`), so {@link validateMfaSerial} also caps the whole ARN at 256 characters.
 */
export const MFA_ARN_PATTERN = /^arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:mfa\/[\w+=,.@/-]{1,512}$/;
export const MFA_HARDWARE_SERIAL_PATTERN = /^[\w+=/:,.@-]{9,256}$/;
/** STS `serialNumberType` max length (botocore data/sts/2011-06-15/service-2.json). */
export const MFA_SERIAL_MAX_LENGTH = 256;
/** A region of a supported partition: the rule of {@link validateRegion} (src/core/sts/partition.ts). */
export { REGION_PATTERN };
/**
 * A role ARN as IAM's model allows it (botocore data/iam/2010-05-08/service-2.json): path `/` or
 * `/…/` with any of `\u0021-\u007E` inside, ≤ 512 characters (`pathType`); name 1–64 of `[\w+=,.@-]`
 * (`roleNameType`).
 */
export const ROLE_ARN_PATTERN = /^arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:role(?:\/|\/[\u0021-\u007E]{1,510}\/)[\w+=,.@-]{1,64}$/;
export const EXTERNAL_ID_PATTERN = /^[\w+=,.@:/-]{2,1224}$/;
export const SESSION_NAME_PATTERN = /^[\w+=,.@-]{2,64}$/;

function invalid(field: string, message: string, reason?: string): SigvaultError {
  return new SigvaultError('INVALID_INPUT', message, reason === undefined ? { field } : { field, reason });
}

// ---- every field's problem at once (the popup's forms and the background share these checks) ----

/** One field's problem with an input, as the background's INVALID_INPUT names it. */
export interface FieldProblem {
  field: string;
  /** The background's message (English, never quoting a secret). */
  message: string;
  /** Why, when a page explains it in other words than the field's usual rule (see ErrorDetails.reason). */
  reason?: string;
  /** Values that explanation quotes (a region, a partition). */
  params?: string[];
}

/** What a check of an input found: the normalised value when every field is good, else every problem. */
export type InputCheck<T> = { ok: true; value: T; problems: [] } | { ok: false; value?: undefined; problems: FieldProblem[] };

/** The problem of an INVALID_INPUT error; anything else is rethrown. */
function problemOf(e: unknown): FieldProblem {
  if (!(e instanceof SigvaultError) || e.code !== 'INVALID_INPUT') throw e;
  const p: FieldProblem = { field: e.details.field ?? 'input', message: e.message };
  if (e.details.reason !== undefined) p.reason = e.details.reason;
  if (e.details.params !== undefined) p.params = e.details.params;
  return p;
}

/** Runs one field's check; its INVALID_INPUT becomes a problem in `problems` (and undefined). */
function gather<T>(problems: FieldProblem[], check: () => T): T | undefined {
  try {
    return check();
  } catch (e) {
    problems.push(problemOf(e));
    return undefined;
  }
}

function checked<T>(problems: FieldProblem[], build: () => T): InputCheck<T> {
  return problems.length ? { ok: false, problems } : { ok: true, value: build(), problems: [] };
}

/**
 * The value of a check, or the INVALID_INPUT of its first problem (`field`), naming every bad field
 * (`fields`), with the first's `reason` and `params`.
 */
export function orThrow<T>(c: InputCheck<T>): T {
  if (c.ok) return c.value;
  const [first] = c.problems;
  throw new SigvaultError('INVALID_INPUT', first!.message, {
    field: first!.field,
    fields: c.problems.map((p) => p.field),
    ...(first!.reason !== undefined ? { reason: first!.reason } : {}),
    ...(first!.params !== undefined ? { params: first!.params } : {}),
  });
}

function optionalString(obj: Record<string, unknown>, key: string): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalid(key, `${key} must be a string`);
  const t = v.trim();
  return t === '' ? undefined : t;
}

function requiredString(obj: Record<string, unknown>, key: string): string {
  const v = optionalString(obj, key);
  if (v === undefined) throw invalid(key, `${key} is required`);
  return v;
}

/**
 * Characters no label or alias may hold: control characters (`\p{Cc}`), format characters (`\p{Cf}`:
 * bidirectional overrides and isolates such as U+202E, zero-width characters, the byte-order mark) and
 * unpaired surrogates (`\p{Cs}`: not text, and not encodable). A label is shown next to account ids and
 * role names: a bidi override could make one identity read like another.
 */
export const UNSAFE_TEXT = /[\p{Cc}\p{Cf}\p{Cs}]/u;

/**
 * Label: trimmed, 1..64 characters (code points), no control, format (bidi override, zero-width) or
 * surrogate characters ({@link UNSAFE_TEXT}).
 */
export function validateLabel(value: unknown, field = 'label'): string {
  if (typeof value !== 'string') throw invalid(field, `${field} must be a string`);
  const label = value.trim();
  const length = [...label].length;
  if (length < 1) throw invalid(field, `${field} must not be empty`);
  if (length > LABEL_MAX_LENGTH) throw invalid(field, `${field} must be at most ${LABEL_MAX_LENGTH} characters`);
  if (UNSAFE_TEXT.test(label)) throw invalid(field, `${field} must not contain control or invisible formatting characters (such as bidirectional overrides)`);
  return label;
}

/**
 * A profile name an identity was imported under (`profileName`, kept so that export writes it unchanged): the
 * rule of a label — 1-64 characters, no leading or trailing space, no control or invisible formatting
 * characters (so never a line break). botocore accepts any such name (`[profile "NA ME"]` when it has spaces
 * or quotes: core/config-import/export.ts `profileHeader`).
 */
export function isProfileName(name: unknown): name is string {
  return typeof name === 'string' && name !== '' && name === name.trim() && [...name].length <= LABEL_MAX_LENGTH && !UNSAFE_TEXT.test(name);
}

/** `profileName` of a stored identity, checked; absent stays absent. */
function checkProfileName(stored: Record<string, unknown>): void {
  const v = stored['profileName'];
  if (v === undefined) return;
  if (!isProfileName(v)) throw invalid('profileName', 'profileName must be a profile name of 1-64 characters without control or invisible formatting characters');
}

/** An MFA device: a virtual-device ARN `arn:aws:iam::123456789012:mfa/name` or a hardware serial. */
export function validateMfaSerial(value: string, field = 'mfaSerial'): string {
  if (value.length > MFA_SERIAL_MAX_LENGTH) {
    throw invalid(field, `${field} must be at most ${MFA_SERIAL_MAX_LENGTH} characters (AWS's limit for an MFA device serial number or ARN)`);
  }
  if (value.startsWith('arn:')) {
    if (!MFA_ARN_PATTERN.test(value)) throw invalid(field, `${field} must look like arn:aws:iam::123456789012:mfa/name`);
  } else if (!MFA_HARDWARE_SERIAL_PATTERN.test(value)) {
    throw invalid(field, `${field} must be an MFA device ARN or a hardware serial number (9-256 characters)`);
  }
  return value;
}

function partitionOf(arn: string | undefined): Partition | undefined {
  const m = arn === undefined ? null : /^arn:(aws|aws-cn|aws-us-gov):/.exec(arn);
  return (m?.[1] as Partition | undefined) ?? undefined;
}

/** Validated input for a new IAM user (what `identity.addUser` receives). */
export interface NewUserInput {
  label: string;
  accessKeyId: string;
  secretAccessKey: string;
  mfaSerial?: string;
  region?: string;
  color?: string;
  container?: ContainerPreference;
}

/** An identity's colour: exactly `#rrggbb` (it ends up in CSS, so nothing else: no `url(…)`, no `var(…)`). */
export const COLOR_PATTERN = /^#[0-9a-fA-F]{6}$/;

function optionalColor(input: Record<string, unknown>): string | undefined {
  const color = optionalString(input, 'color');
  if (color !== undefined && !COLOR_PATTERN.test(color)) throw invalid('color', 'color must look like #aabbcc');
  return color;
}

/** `region`: absent, or a region that exists, in `partition` when that is known. */
function optionalRegion(input: Record<string, unknown>, partition: Partition | undefined): string | undefined {
  const region = optionalString(input, 'region');
  return region === undefined ? undefined : validateKnownRegion(region, partition, 'region');
}

/** `container`: 'default', 'own' or 'none'; 'default', blank or absent = absent (stored only when not the default). */
function optionalContainer(input: Record<string, unknown>): ContainerPreference | undefined {
  const v = optionalString(input, 'container');
  if (v !== undefined && !(CONTAINER_PREFERENCES as readonly string[]).includes(v)) throw invalid('container', 'container must be default, own or none');
  return v === 'default' ? undefined : (v as ContainerPreference | undefined);
}

/** How {@link checkNewUser} checks. */
export interface UserCheckOptions {
  /** Edit: both keys blank keep the stored ones (then `accessKeyId` and `secretAccessKey` are `''`); one alone is a problem. */
  keysOptional?: boolean;
  /** The user's partition when known (what STS said on its keys): its region must lie in it. */
  partition?: Partition | undefined;
}

/**
 * Every problem of `identity.addUser` input at once (label, keys, MFA device, region — one that exists,
 * in the MFA device's partition when it names one — colour, container), or the normalised input.
 * Strings are trimmed; empty optional strings count as absent; unknown properties are ignored.
 * @example checkNewUser({ label: '', accessKeyId: 'AKIA', secretAccessKey: 'x' }).problems.map((p) => p.field) // ['label', 'accessKeyId', 'secretAccessKey']
 */
export function checkNewUser(input: unknown, opts: UserCheckOptions = {}): InputCheck<NewUserInput> {
  if (!isObject(input)) return { ok: false, problems: [problemOf(invalid('input', 'expected an object with label, accessKeyId and secretAccessKey'))] };
  const p: FieldProblem[] = [];
  const label = gather(p, () => validateLabel(input['label']));
  let accessKeyId: string | undefined = '';
  let secretAccessKey: string | undefined = '';
  const given = (k: string) => gather(p, () => optionalString(input, k)) !== undefined;
  const idGiven = given('accessKeyId');
  const secretGiven = given('secretAccessKey');
  if (opts.keysOptional && idGiven !== secretGiven) {
    const missing = idGiven ? 'secretAccessKey' : 'accessKeyId';
    p.push(problemOf(invalid(missing, 'Change the access key id and the secret access key together.', 'keysTogether')));
  } else if (!opts.keysOptional || idGiven) {
    accessKeyId = gather(p, () => {
      const id = requiredString(input, 'accessKeyId');
      if (id.length < 16 || id.length > 128 || !ACCESS_KEY_ID_PATTERN.test(id)) {
        throw invalid('accessKeyId', 'accessKeyId must start with AKIA or ASIA followed by upper-case letters and digits, 16-128 characters in all');
      }
      if (!LONG_TERM_ACCESS_KEY_ID_PATTERN.test(id)) {
        throw invalid('accessKeyId', "accessKeyId starts with ASIA: that is a temporary access key from STS, which expires with its session token. An IAM user's long-term access key ID starts with AKIA.");
      }
      return id;
    });
    secretAccessKey = gather(p, () => {
      const secret = requiredString(input, 'secretAccessKey');
      if (!SECRET_ACCESS_KEY_PATTERN.test(secret)) throw invalid('secretAccessKey', 'secretAccessKey must be exactly 40 characters of A-Z a-z 0-9 / +');
      return secret;
    });
  }
  const mfaSerial = gather(p, () => {
    const v = optionalString(input, 'mfaSerial');
    return v === undefined ? undefined : validateMfaSerial(v);
  });
  const region = gather(p, () => optionalRegion(input, opts.partition ?? partitionOf(mfaSerial)));
  const color = gather(p, () => optionalColor(input));
  const container = gather(p, () => optionalContainer(input));
  return checked(p, () => {
    const out: NewUserInput = { label: label!, accessKeyId: accessKeyId!, secretAccessKey: secretAccessKey! };
    if (mfaSerial !== undefined) out.mfaSerial = mfaSerial;
    if (region !== undefined) out.region = region;
    if (color !== undefined) out.color = color;
    if (container !== undefined) out.container = container;
    return out;
  });
}

/**
 * Validate `identity.addUser` input ({@link checkNewUser}).
 * @throws SigvaultError INVALID_INPUT with details.field = the first offending property, details.fields = all
 * @example
 * validateNewUser({ label: 'dev', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' });
 */
export function validateNewUser(input: unknown, opts: Omit<UserCheckOptions, 'keysOptional'> = {}): NewUserInput {
  return orThrow(checkNewUser(input, opts));
}

/** Validated input for a new console role (what `identity.addConsoleRole` receives). */
export interface NewConsoleRoleInput {
  label: string;
  account: string;
  roleName: string;
  displayName?: string;
  color?: string;
  region?: string;
  sourceAccount?: string;
}

/** An IAM account alias (IAM `accountAliasType`): 3-63 of `a-z 0-9 -`, no leading, trailing or double hyphen. */
export const ACCOUNT_ALIAS_PATTERN = /^[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]$/;
/**
 * A role name as the console's Switch Role takes it: the role's path (without its leading `/`) then its
 * name, e.g. `division_abc/subdivision_efg/role_name`. Name 1-64 of `[\w+=,.@-]` (IAM `roleNameType`);
 * path segments of printable ASCII other than `/`. Path + name at most {@link CONSOLE_ROLE_NAME_MAX_LENGTH}.
 */
export const CONSOLE_ROLE_NAME_PATTERN = /^(?:[\u0021-\u002E\u0030-\u007E]+\/)*[\w+=,.@-]{1,64}$/;
/** "Path + RoleName must not exceed 64 characters" (IAM User Guide, switching to a role in the console). */
export const CONSOLE_ROLE_NAME_MAX_LENGTH = 64;
/** The console's display name: at most 64 characters (AESR cuts it there too). */
export const DISPLAY_NAME_MAX_LENGTH = 64;

/** A 12-digit account id, or an account alias. */
export function validateAccountRef(value: unknown, field = 'account'): string {
  if (typeof value !== 'string') throw invalid(field, `${field} must be a 12-digit account id or an account alias`);
  const v = value.trim().replace(/^(\d{4})-(\d{4})-(\d{4})$/, '$1$2$3');
  if (/^\d+$/.test(v) && v.length !== 12) throw invalid(field, `${field} looks like an account id but does not have 12 digits`);
  if (/^\d{12}$/.test(v) || ACCOUNT_ALIAS_PATTERN.test(v)) return v;
  throw invalid(field, `${field} must be a 12-digit account id or an account alias (3-63 lower-case letters, digits and hyphens)`);
}

/** `path/name` or `name` (a leading `/` of the path is dropped), at most 64 characters in all. */
export function validateConsoleRoleName(value: unknown, field = 'roleName'): string {
  if (typeof value !== 'string') throw invalid(field, `${field} must be a string`);
  const v = value.trim().replace(/^\//, '');
  if (v === '') throw invalid(field, `${field} is required`);
  if (v.length > CONSOLE_ROLE_NAME_MAX_LENGTH) throw invalid(field, `${field} (path and name together) must be at most ${CONSOLE_ROLE_NAME_MAX_LENGTH} characters, the console's limit`);
  if (!CONSOLE_ROLE_NAME_PATTERN.test(v)) throw invalid(field, `${field} must be a role name (letters, digits and +=,.@-_), with its path in front if it has one (path/name)`);
  return v;
}

/**
 * Every problem of `identity.addConsoleRole` input at once, or the normalised input. Strings are
 * trimmed; empty optional strings count as absent. The region must exist (any supported partition: a
 * console role's is not known).
 * @example checkNewConsoleRole({ label: 'prod admin', account: '123456789012', roleName: 'Admin' }).ok // true
 */
export function checkNewConsoleRole(input: unknown): InputCheck<NewConsoleRoleInput> {
  if (!isObject(input)) return { ok: false, problems: [problemOf(invalid('input', 'expected an object with label, account and roleName'))] };
  const p: FieldProblem[] = [];
  const label = gather(p, () => validateLabel(input['label']));
  const account = gather(p, () => validateAccountRef(requiredString(input, 'account')));
  const roleName = gather(p, () => validateConsoleRoleName(requiredString(input, 'roleName')));
  const displayName = gather(p, () => {
    const v = optionalString(input, 'displayName');
    if (v === undefined) return undefined;
    if ([...v].length > DISPLAY_NAME_MAX_LENGTH) throw invalid('displayName', `displayName must be at most ${DISPLAY_NAME_MAX_LENGTH} characters`);
    return validateLabel(v, 'displayName');
  });
  const color = gather(p, () => optionalColor(input));
  const region = gather(p, () => optionalRegion(input, undefined));
  const sourceAccount = gather(p, () => {
    const v = optionalString(input, 'sourceAccount');
    return v === undefined ? undefined : validateAccountRef(v, 'sourceAccount');
  });
  return checked(p, () => {
    const out: NewConsoleRoleInput = { label: label!, account: account!, roleName: roleName! };
    if (displayName !== undefined) out.displayName = displayName;
    if (color !== undefined) out.color = color;
    if (region !== undefined) out.region = region;
    if (sourceAccount !== undefined) out.sourceAccount = sourceAccount;
    return out;
  });
}

/**
 * Validate `identity.addConsoleRole` input ({@link checkNewConsoleRole}).
 * @throws SigvaultError INVALID_INPUT naming the (first) field
 * @example validateNewConsoleRole({ label: 'prod admin', account: '123456789012', roleName: 'Admin' })
 */
export function validateNewConsoleRole(input: unknown): NewConsoleRoleInput {
  return orThrow(checkNewConsoleRole(input));
}

/** Build a stored console role from validated input. */
export function createConsoleRole(input: NewConsoleRoleInput, opts: NewIdentityOptions = {}): ConsoleRole {
  const now = (opts.now ?? Date.now)();
  return { ...input, kind: 'console-role', id: opts.id ?? newRecordId(), createdAt: now, updatedAt: now };
}

/**
 * The error for a console role asked for credentials (session.resolve, session.export, identity.test,
 * console.open, a role's source): it has none.
 */
export function consoleRoleHasNoCredentials(label: string, field = 'id'): SigvaultError {
  return invalid(field, `"${label}" is a console role: it has no credentials; switch to it inside a signed-in console`);
}

/** Validated input for a new assumed role. */
export interface NewRoleInput {
  label: string;
  roleArn: string;
  sourceId: string;
  externalId?: string;
  mfaSerial?: string;
  sessionName?: string;
  durationSeconds?: number;
  region?: string;
  color?: string;
  sourceIdentity?: string;
  container?: ContainerPreference;
}

/** AWS's bounds of AssumeRole `DurationSeconds` (a role's own maximum may be lower, chained roles: 1 hour). */
export const DURATION_MIN_SECONDS = 900;
export const DURATION_MAX_SECONDS = 43_200;

/**
 * `durationSeconds`: absent, a whole number of seconds, or text as aws-vault takes it (`1h`, `90m`,
 * `1h30m`, `3600`: {@link parseDuration}); from 15 minutes to 12 hours.
 */
function optionalDuration(input: Record<string, unknown>, key: string): number | undefined {
  let v = input[key];
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return undefined;
  if (typeof v === 'string') {
    v = parseDuration(v);
    if (v === undefined) throw invalid(key, `${key} must be seconds (3600) or a duration like 1h, 90m or 1h30m`, 'durationFormat');
  }
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < DURATION_MIN_SECONDS || v > DURATION_MAX_SECONDS) {
    throw invalid(key, `${key} must be an integer from ${DURATION_MIN_SECONDS} to ${DURATION_MAX_SECONDS}`, 'durationRange');
  }
  return v;
}

/**
 * Every problem of input for a new role at once (whether `sourceId` exists is the caller's check), or the
 * normalised input. The region must exist in the role ARN's partition.
 * @example checkNewRole({ label: 'x', roleArn: 'arn:aws:iam::123456789012:role/R', sourceId: 'abc', durationSeconds: '1h30m' }).value?.durationSeconds // 5400
 */
export function checkNewRole(input: unknown): InputCheck<NewRoleInput> {
  if (!isObject(input)) return { ok: false, problems: [problemOf(invalid('input', 'expected an object with label, roleArn and sourceId'))] };
  const p: FieldProblem[] = [];
  const label = gather(p, () => validateLabel(input['label']));
  const roleArn = gather(p, () => {
    const v = requiredString(input, 'roleArn');
    if (!ROLE_ARN_PATTERN.test(v)) throw invalid('roleArn', 'roleArn must look like arn:aws:iam::123456789012:role/name');
    return v;
  });
  const sourceId = gather(p, () => {
    const v = requiredString(input, 'sourceId');
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(v)) throw invalid('sourceId', 'sourceId must be an identity id');
    return v;
  });
  const externalId = gather(p, () => {
    const v = optionalString(input, 'externalId');
    if (v !== undefined && !EXTERNAL_ID_PATTERN.test(v)) throw invalid('externalId', 'externalId must be 2-1224 characters of letters, digits and +=,.@:/-_');
    return v;
  });
  const mfaSerial = gather(p, () => {
    const v = optionalString(input, 'mfaSerial');
    return v === undefined ? undefined : validateMfaSerial(v);
  });
  const sessionName = gather(p, () => {
    const v = optionalString(input, 'sessionName');
    if (v !== undefined && !SESSION_NAME_PATTERN.test(v)) throw invalid('sessionName', 'sessionName must be 2-64 characters of letters, digits and +=,.@-_');
    return v;
  });
  const durationSeconds = gather(p, () => optionalDuration(input, 'durationSeconds'));
  const region = gather(p, () => optionalRegion(input, partitionOf(roleArn)));
  const color = gather(p, () => optionalColor(input));
  const sourceIdentity = gather(p, () => {
    const v = optionalString(input, 'sourceIdentity');
    if (v !== undefined && (!/^[\w+=,.@-]{2,64}$/.test(v) || /^aws:/i.test(v))) {
      throw invalid('sourceIdentity', 'sourceIdentity must be 2-64 characters of letters, digits and +=,.@-_, not starting with aws:');
    }
    return v;
  });
  const container = gather(p, () => optionalContainer(input));
  return checked(p, () => {
    const out: NewRoleInput = { label: label!, roleArn: roleArn!, sourceId: sourceId! };
    if (externalId !== undefined) out.externalId = externalId;
    if (mfaSerial !== undefined) out.mfaSerial = mfaSerial;
    if (sessionName !== undefined) out.sessionName = sessionName;
    if (durationSeconds !== undefined) out.durationSeconds = durationSeconds;
    if (region !== undefined) out.region = region;
    if (color !== undefined) out.color = color;
    if (sourceIdentity !== undefined) out.sourceIdentity = sourceIdentity;
    if (container !== undefined) out.container = container;
    return out;
  });
}

/**
 * Validate input for a new role ({@link checkNewRole}). Whether `sourceId` exists is the caller's check.
 * @throws SigvaultError INVALID_INPUT naming the (first) field
 */
export function validateNewRole(input: unknown): NewRoleInput {
  return orThrow(checkNewRole(input));
}

export interface NewIdentityOptions {
  /** Clock (ms since the epoch). Default `Date.now`. */
  now?: () => number;
  /** Id to use; default a fresh random id. */
  id?: string;
}

/** Build a stored IAM user from validated input. */
export function createUser(input: NewUserInput, opts: NewIdentityOptions = {}): IamUser {
  const now = (opts.now ?? Date.now)();
  const user: IamUser = { ...input, kind: 'user', id: opts.id ?? newRecordId(), createdAt: now, updatedAt: now };
  const partition = partitionOf(input.mfaSerial);
  if (partition) user.partition = partition;
  return user;
}

/**
 * A stored user with new validated settings (`input` replaces label, keys, MFA device and region; `color`
 * replaces the color). What STS said about the old keys (account, ARN, root) is kept only while the keys
 * stay the same: new keys are unknown until `identity.test`.
 */
export function updateUser(current: IamUser, input: NewUserInput, opts: { keysChanged: boolean; color?: string | undefined; now?: () => number }): IamUser {
  const { mfaSerial: _m, region: _r, color: _c, container: _k, account, arn, isRoot, ...rest } = current;
  const learned = opts.keysChanged ? {} : { ...(account ? { account } : {}), ...(arn ? { arn } : {}), ...(isRoot !== undefined ? { isRoot } : {}) };
  return { ...rest, ...input, ...(opts.color ? { color: opts.color } : {}), ...learned, updatedAt: (opts.now ?? Date.now)() };
}

/** Build a stored role from validated input. */
export function createRole(input: NewRoleInput, opts: NewIdentityOptions = {}): AssumedRole {
  const now = (opts.now ?? Date.now)();
  return { ...input, kind: 'role', id: opts.id ?? newRecordId(), createdAt: now, updatedAt: now };
}

// ---- stored identities ----

function corrupt(recordId: string, what: string): SigvaultError {
  return new SigvaultError('CORRUPT_RECORD', `identity ${recordId} is not readable: ${what}`, { recordId });
}

/**
 * Check the value of an opened `identity` record. Known kinds are checked for their required fields
 * (unknown extra properties are kept); unknown kinds become {@link UnknownIdentity}.
 * @throws SigvaultError CORRUPT_RECORD naming the record (never its contents)
 */
export function parseStoredIdentity(value: unknown, recordId: string): StoredIdentity {
  if (!isObject(value)) throw corrupt(recordId, 'not an object');
  const kind = value['kind'];
  if (value['id'] !== recordId) throw corrupt(recordId, 'its id does not match its record');
  const label = typeof value['label'] === 'string' ? value['label'] : '';
  const createdAt = value['createdAt'];
  const updatedAt = value['updatedAt'];
  if (typeof createdAt !== 'number' || typeof updatedAt !== 'number') throw corrupt(recordId, 'missing timestamps');
  const strings = (...keys: string[]) => {
    for (const k of keys) if (typeof value[k] !== 'string') throw corrupt(recordId, `field ${k} is missing`);
  };
  if (kind === 'user') {
    strings('label', 'accessKeyId', 'secretAccessKey');
    return { ...value } as unknown as IamUser;
  }
  if (kind === 'role') {
    strings('label', 'roleArn', 'sourceId');
    return { ...value } as unknown as AssumedRole;
  }
  if (kind === 'console-role') {
    strings('label', 'account', 'roleName');
    return { ...value } as unknown as ConsoleRole;
  }
  if (kind === 'sso') {
    strings('label', 'sourceId', 'accountId', 'roleName');
    return { ...value } as unknown as SsoRole;
  }
  if (kind === 'saml') {
    strings('label', 'roleArn', 'principalArn');
    return { ...value } as unknown as SamlRole;
  }
  if (kind === 'web-identity') {
    strings('label', 'roleArn', 'webIdentityToken');
    return { ...value } as unknown as WebIdentityRole;
  }
  if (typeof kind !== 'string') throw corrupt(recordId, 'missing kind');
  return { kind: 'unknown', storedKind: kind.slice(0, 64), id: recordId, label, createdAt, updatedAt, data: { ...value } };
}

/** The value to seal for a stored identity (an unknown kind is written back exactly as it was read). */
export function identityRecordValue(identity: StoredIdentity): Record<string, unknown> {
  if (identity.kind === 'unknown') return identity.data;
  return identity as unknown as Record<string, unknown>;
}

// ---- stored identities from elsewhere (a restored backup) ----

const ACCOUNT_PATTERN = /^\d{12}$/;
/** What GetCallerIdentity reports: `arn:<partition>:iam::<account>:user/…` or `:root`, or `sts::…:assumed-role/…`. */
const CALLER_ARN_PATTERN = /^arn:(aws|aws-cn|aws-us-gov):(iam|sts)::\d{12}:[\u0021-\u007E]{1,2048}$/;
const PARTITIONS: readonly string[] = ['aws', 'aws-cn', 'aws-us-gov'];

function timestamp(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw invalid(field, `${field} must be a time in ms since the epoch`);
  return value;
}

/** Drops the keys a validation normalised (a blank optional becomes absent), then puts the validated values. */
function withValidated<T extends object>(stored: Record<string, unknown>, keys: readonly string[], validated: T): Record<string, unknown> {
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(stored)) if (!keys.includes(k)) rest[k] = v;
  return { ...rest, ...validated };
}

const USER_INPUT_KEYS = ['label', 'accessKeyId', 'secretAccessKey', 'mfaSerial', 'region', 'color', 'container'] as const;
const CONSOLE_ROLE_INPUT_KEYS = ['label', 'account', 'roleName', 'displayName', 'color', 'region', 'sourceAccount'] as const;
const ROLE_INPUT_KEYS = ['label', 'roleArn', 'sourceId', 'externalId', 'mfaSerial', 'sessionName', 'durationSeconds', 'region', 'color', 'sourceIdentity', 'container'] as const;

/**
 * Checks a stored identity that comes from outside this vault (a restored backup) exactly as a new one:
 * the fields a user types go through {@link validateNewUser} / {@link validateNewRole} (label without
 * control or format characters, colour `#rrggbb`, region, key id and secret, MFA device, role ARN, …),
 * and what STS reported on a user (account, ARN, partition, root flag) must have its shape. Returns the
 * identity normalised as on entry (strings trimmed, blank optionals dropped); unknown extra properties of
 * a known kind are kept (a newer build's fields: never sent to a page, {@link toView} is an allow-list).
 * An unknown kind is kept as it is, but its label and kind name (both shown) are checked.
 * @throws SigvaultError INVALID_INPUT naming the field (its message never quotes the value)
 */
export function validateStoredIdentity(identity: StoredIdentity): StoredIdentity {
  return keepStoredRegion(identity, validateStoredRecord);
}

/**
 * A stored (or restored) record's region is checked for shape only, then put back: a region accepted when
 * the identity was added — or one AWS opened after this build's list (core/sts/regions.ts) — must not cost
 * the user the identity on a restore. New input (add, edit, import) gets the full check.
 */
function keepStoredRegion<T extends StoredIdentity>(identity: T, validate: (i: T) => T): T {
  const region = (identity as { region?: unknown }).region;
  if (typeof region !== 'string' || region.trim() === '') return validate(identity);
  const kept = validateRegion(region.trim(), 'region');
  const { region: _r, ...rest } = identity as T & { region?: unknown };
  return { ...validate(rest as unknown as T), region: kept };
}

function validateStoredRecord(identity: StoredIdentity): StoredIdentity {
  const createdAt = timestamp(identity.createdAt, 'createdAt');
  const updatedAt = timestamp(identity.updatedAt, 'updatedAt');
  if (identity.kind !== 'unknown') {
    checkProfileName(identity as unknown as Record<string, unknown>);
  }
  if (identity.kind === 'unknown') {
    const label = validateLabel(identity.label);
    if (!/^[a-z][a-z0-9-]{0,31}$/.test(identity.storedKind)) throw invalid('kind', 'kind must be a short lower-case name');
    return { ...identity, label, data: { ...identity.data, label } };
  }
  const stored = identity as unknown as Record<string, unknown>;
  if (identity.kind === 'user') {
    const user = withValidated(stored, USER_INPUT_KEYS, validateNewUser(stored));
    for (const k of ['partition', 'account', 'arn', 'isRoot'] as const) if (user[k] === null) delete user[k];
    if (user['partition'] !== undefined && !PARTITIONS.includes(user['partition'] as string)) throw invalid('partition', 'partition must be aws, aws-cn or aws-us-gov');
    if (user['account'] !== undefined && (typeof user['account'] !== 'string' || !ACCOUNT_PATTERN.test(user['account']))) throw invalid('account', 'account must be a 12-digit account id');
    if (user['arn'] !== undefined && (typeof user['arn'] !== 'string' || !CALLER_ARN_PATTERN.test(user['arn']))) throw invalid('arn', 'arn must be an IAM or STS ARN');
    if (user['isRoot'] !== undefined && typeof user['isRoot'] !== 'boolean') throw invalid('isRoot', 'isRoot must be true or false');
    return { ...user, kind: 'user', id: identity.id, createdAt, updatedAt } as unknown as IamUser;
  }
  if (identity.kind === 'console-role') {
    const role = withValidated(stored, CONSOLE_ROLE_INPUT_KEYS, validateNewConsoleRole(stored));
    return { ...role, kind: 'console-role', id: identity.id, createdAt, updatedAt } as unknown as ConsoleRole;
  }
  if (identity.kind === 'sso' || identity.kind === 'saml' || identity.kind === 'web-identity') {
    return { ...validateFederated(identity), id: identity.id, createdAt, updatedAt } as StoredIdentity;
  }
  const role = withValidated(stored, ROLE_INPUT_KEYS, validateNewRole(stored));
  if (role['sourceId'] === identity.id) throw invalid('sourceId', 'a role cannot be its own source');
  return { ...role, kind: 'role', id: identity.id, createdAt, updatedAt } as unknown as AssumedRole;
}

const SAML_PROVIDER_ARN_PATTERN = /^arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:saml-provider\/[\w.-]{1,128}$/;
/** An Identity Center role name (a permission set's name): 1–32 of `[\w+=,.@-]`; up to 64 accepted (IAM's limit). */
export const SSO_ROLE_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;

function optionalPositive(obj: Record<string, unknown>, key: string, min: number, max: number): number | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) throw invalid(key, `${key} must be a whole number from ${min} to ${max}`);
  return v;
}

/** What the user sets on any identity. */
export interface CommonInput {
  label: string;
  region?: string;
  color?: string;
  container?: ContainerPreference;
}

/**
 * Every problem of the fields any identity has (label, region — one that exists, in `partition` when
 * known — colour, container) at once: what a federated identity's edit checks.
 */
export function checkCommon(input: Record<string, unknown>, partition?: Partition): InputCheck<CommonInput> {
  const p: FieldProblem[] = [];
  const label = gather(p, () => validateLabel(input['label']));
  const region = gather(p, () => optionalRegion(input, partition));
  const color = gather(p, () => optionalColor(input));
  const container = gather(p, () => optionalContainer(input));
  return checked(p, () => {
    const out: CommonInput = { label: label! };
    if (region !== undefined) out.region = region;
    if (color !== undefined) out.color = color;
    if (container !== undefined) out.container = container;
    return out;
  });
}

/** The fields any identity has (label, region, colour, container), validated; the rest of `stored` kept. */
function validateCommon(stored: Record<string, unknown>, partition: Partition | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { ...stored };
  for (const k of ['region', 'color', 'container'] as const) delete out[k];
  return { ...out, ...orThrow(checkCommon(stored, partition)) };
}

/**
 * A federated identity from outside the vault (a backup) or built by the background (a sync, a SAML
 * capture): every field a page shows or a call sends, checked.
 * @throws SigvaultError INVALID_INPUT naming the field
 */
export function validateFederated(identity: FederatedIdentity): FederatedIdentity {
  const stored = identity as unknown as Record<string, unknown>;
  const partition = identity.kind === 'sso'
    ? (PARTITIONS.includes(stored['partition'] as string) ? (stored['partition'] as Partition) : undefined)
    : partitionOf(typeof stored['roleArn'] === 'string' ? stored['roleArn'] : undefined);
  const out = validateCommon(stored, partition);
  for (const k of ['vanishedAt', 'sessionDuration', 'durationSeconds', 'tokenExpiresAt'] as const) if (out[k] === null) delete out[k];
  if (identity.kind === 'sso') {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(String(stored['sourceId']))) throw invalid('sourceId', 'sourceId must be an Identity Center source id');
    if (!ACCOUNT_PATTERN.test(String(stored['accountId']))) throw invalid('accountId', 'accountId must be a 12-digit account id');
    if (!SSO_ROLE_NAME_PATTERN.test(String(stored['roleName']))) throw invalid('roleName', 'roleName must be 1-64 characters of letters, digits and +=,.@-_');
    const name = optionalString(stored, 'accountName');
    if (name === undefined) delete out['accountName'];
    else if ([...name].length > 128 || UNSAFE_TEXT.test(name)) throw invalid('accountName', 'accountName must be at most 128 characters without control or invisible formatting characters');
    if (out['vanishedAt'] !== undefined) timestamp(out['vanishedAt'], 'vanishedAt');
    if (out['partition'] !== undefined && !PARTITIONS.includes(out['partition'] as string)) throw invalid('partition', 'partition must be aws, aws-cn or aws-us-gov');
    return out as unknown as SsoRole;
  }
  if (typeof stored['roleArn'] !== 'string' || !ROLE_ARN_PATTERN.test(stored['roleArn'])) throw invalid('roleArn', 'roleArn must look like arn:aws:iam::123456789012:role/name');
  if (identity.kind === 'saml') {
    if (typeof stored['principalArn'] !== 'string' || !SAML_PROVIDER_ARN_PATTERN.test(stored['principalArn'])) throw invalid('principalArn', 'principalArn must look like arn:aws:iam::123456789012:saml-provider/name');
    if (partitionOf(stored['principalArn']) !== partitionOf(stored['roleArn'])) throw invalid('principalArn', 'the SAML provider and the role must be in the same partition');
    optionalPositive(stored, 'sessionDuration', 900, 43_200);
    optionalPositive(stored, 'durationSeconds', 900, 43_200);
    const idp = optionalString(stored, 'idpUrl');
    if (idp === undefined) delete out['idpUrl'];
    else if (idp.length > 2048 || !/^https?:\/\/[^\s]+$/i.test(idp)) throw invalid('idpUrl', 'idpUrl must be an http(s) URL');
    return out as unknown as SamlRole;
  }
  const token = stored['webIdentityToken'];
  if (typeof token !== 'string' || token.length < 4 || token.length > 20_000 || /\s/.test(token)) throw invalid('webIdentityToken', 'webIdentityToken must be a token of 4-20000 characters');
  if (out['tokenExpiresAt'] !== undefined) timestamp(out['tokenExpiresAt'], 'tokenExpiresAt');
  const iss = optionalString(stored, 'tokenIssuer');
  if (iss === undefined) delete out['tokenIssuer'];
  else if (iss.length > 512 || UNSAFE_TEXT.test(iss)) throw invalid('tokenIssuer', 'tokenIssuer must be at most 512 characters');
  const sessionName = optionalString(stored, 'sessionName');
  if (sessionName === undefined) delete out['sessionName'];
  else if (!SESSION_NAME_PATTERN.test(sessionName)) throw invalid('sessionName', 'sessionName must be 2-64 characters of letters, digits and +=,.@-_');
  optionalPositive(stored, 'durationSeconds', 900, 43_200);
  const providerId = optionalString(stored, 'providerId');
  if (providerId === undefined) delete out['providerId'];
  else if (providerId.length < 4 || providerId.length > 2048 || UNSAFE_TEXT.test(providerId)) throw invalid('providerId', 'providerId must be 4-2048 characters');
  return out as unknown as WebIdentityRole;
}

/** Input of `identity.addWebIdentity`, with what the token says (`exp`, `iss`) read by the caller. */
export interface NewWebIdentityInput {
  label: string;
  roleArn: string;
  webIdentityToken: string;
  sessionName?: string;
  durationSeconds?: number;
  providerId?: string;
  region?: string;
  color?: string;
}

/**
 * Validate `identity.addWebIdentity` input (the token's own checks — a JWT, not expired — are
 * ../web-identity/token.ts's).
 * @throws SigvaultError INVALID_INPUT naming the field
 */
export function validateNewWebIdentity(input: unknown): NewWebIdentityInput {
  if (!isObject(input)) throw invalid('input', 'expected an object with label, roleArn and webIdentityToken');
  const checked = validateFederated({ ...input, kind: 'web-identity', id: 'new', createdAt: 0, updatedAt: 0 } as unknown as WebIdentityRole) as WebIdentityRole;
  const out: NewWebIdentityInput = { label: checked.label, roleArn: checked.roleArn, webIdentityToken: checked.webIdentityToken };
  for (const k of ['sessionName', 'durationSeconds', 'providerId', 'region', 'color'] as const) {
    if (checked[k] !== undefined) (out as unknown as Record<string, unknown>)[k] = checked[k];
  }
  return out;
}

/**
 * A reason for refusing a stored identity, for people: the validation message, unless it quotes any of
 * the identity's own values (then only the field is named). Never the identity's contents.
 */
export function refusalReason(identity: StoredIdentity, e: unknown): string {
  if (!(e instanceof SigvaultError)) return 'it is not a valid identity';
  const field = typeof e.details.field === 'string' ? e.details.field : undefined;
  const fields = Object.entries(identity.kind === 'unknown' ? identity.data : identity).filter(([k]) => k !== 'kind' && k !== 'id');
  const values = fields.map(([, v]) => v).filter((v): v is string => typeof v === 'string' && v.length >= 3);
  const message = e.message.slice(0, 200);
  if (values.some((v) => message.includes(v))) return field ? `${field} is not valid` : 'it is not a valid identity';
  return message;
}

// ---- view model ----

interface ViewBase {
  id: string;
  label: string;
  region?: string;
  color?: string;
  /** Only when set to something but the default. */
  container?: ContainerPreference;
  createdAt: number;
  updatedAt: number;
}
export interface UserView extends ViewBase {
  kind: 'user';
  /** e.g. `AKIA…MPLE` */
  accessKeyIdMasked: string;
  mfa: boolean;
  partition?: Partition;
  account?: string;
  arn?: string;
  isRoot?: boolean;
}
export interface RoleView extends ViewBase {
  kind: 'role';
  roleArn: string;
  sourceId: string;
  mfa: boolean;
  hasExternalId: boolean;
  sessionName?: string;
  durationSeconds?: number;
}
export interface ConsoleRoleView extends ViewBase {
  kind: 'console-role';
  /** 12-digit id or account alias. */
  account: string;
  roleName: string;
  displayName?: string;
  sourceAccount?: string;
}
export interface SsoRoleView extends ViewBase {
  kind: 'sso';
  sourceId: string;
  accountId: string;
  accountName?: string;
  roleName: string;
  vanishedAt?: number;
}
export interface SamlRoleView extends ViewBase {
  kind: 'saml';
  roleArn: string;
  principalArn: string;
  sessionDuration?: number;
  idpUrl?: string;
}
export interface WebIdentityRoleView extends ViewBase {
  kind: 'web-identity';
  roleArn: string;
  tokenExpiresAt?: number;
  tokenIssuer?: string;
  sessionName?: string;
  durationSeconds?: number;
}
export interface UnknownView extends ViewBase {
  kind: 'unknown';
  storedKind: string;
}
/** What extension pages receive: no secret access key, no external id, no token, no unknown-kind data. */
export type IdentityView = UserView | RoleView | ConsoleRoleView | SsoRoleView | SamlRoleView | WebIdentityRoleView | UnknownView;

/** `AKIAIOSFODNN7EXAMPLE` → `AKIA…MPLE` (prefix and last 4). */
export function maskAccessKeyId(accessKeyId: string): string {
  return accessKeyId.length <= 8 ? '…' : `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}`;
}

/**
 * The view model of an identity: an explicit allow-list of fields, so a secret added to the stored
 * model later cannot leak by default.
 */
export function toView(identity: StoredIdentity): IdentityView {
  const base: ViewBase = { id: identity.id, label: identity.label, createdAt: identity.createdAt, updatedAt: identity.updatedAt };
  if (identity.kind !== 'unknown') {
    if (identity.region !== undefined) base.region = identity.region;
    // only a colour of the one accepted form reaches a page (a vault restored by an older build may hold others)
    if (typeof identity.color === 'string' && COLOR_PATTERN.test(identity.color)) base.color = identity.color;
    if (identity.container === 'own' || identity.container === 'none') base.container = identity.container;
  }
  if (identity.kind === 'user') {
    const view: UserView = { ...base, kind: 'user', accessKeyIdMasked: maskAccessKeyId(identity.accessKeyId), mfa: !!identity.mfaSerial };
    if (identity.partition !== undefined) view.partition = identity.partition;
    if (identity.account !== undefined) view.account = identity.account;
    if (identity.arn !== undefined) view.arn = identity.arn;
    if (identity.isRoot !== undefined) view.isRoot = identity.isRoot;
    return view;
  }
  if (identity.kind === 'role') {
    const view: RoleView = {
      ...base,
      kind: 'role',
      roleArn: identity.roleArn,
      sourceId: identity.sourceId,
      mfa: !!identity.mfaSerial,
      hasExternalId: !!identity.externalId,
    };
    if (identity.sessionName !== undefined) view.sessionName = identity.sessionName;
    if (identity.durationSeconds !== undefined) view.durationSeconds = identity.durationSeconds;
    return view;
  }
  if (identity.kind === 'console-role') {
    const view: ConsoleRoleView = { ...base, kind: 'console-role', account: identity.account, roleName: identity.roleName };
    if (identity.displayName !== undefined) view.displayName = identity.displayName;
    if (identity.sourceAccount !== undefined) view.sourceAccount = identity.sourceAccount;
    return view;
  }
  if (identity.kind === 'sso') {
    const view: SsoRoleView = { ...base, kind: 'sso', sourceId: identity.sourceId, accountId: identity.accountId, roleName: identity.roleName };
    if (identity.accountName !== undefined) view.accountName = identity.accountName;
    if (identity.vanishedAt !== undefined) view.vanishedAt = identity.vanishedAt;
    return view;
  }
  if (identity.kind === 'saml') {
    const view: SamlRoleView = { ...base, kind: 'saml', roleArn: identity.roleArn, principalArn: identity.principalArn };
    if (identity.sessionDuration !== undefined) view.sessionDuration = identity.sessionDuration;
    if (identity.idpUrl !== undefined) view.idpUrl = identity.idpUrl;
    return view;
  }
  if (identity.kind === 'web-identity') {
    const view: WebIdentityRoleView = { ...base, kind: 'web-identity', roleArn: identity.roleArn };
    if (identity.tokenExpiresAt !== undefined) view.tokenExpiresAt = identity.tokenExpiresAt;
    if (identity.tokenIssuer !== undefined) view.tokenIssuer = identity.tokenIssuer;
    if (identity.sessionName !== undefined) view.sessionName = identity.sessionName;
    if (identity.durationSeconds !== undefined) view.durationSeconds = identity.durationSeconds;
    return view;
  }
  return { ...base, kind: 'unknown', storedKind: identity.storedKind };
}
