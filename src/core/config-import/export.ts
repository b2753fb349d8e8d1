/**
 * Export of the vault's non-secret configuration as `~/.aws/config` text.
 *
 * Roles become `[profile LABEL]` with `role_arn`, `source_profile` (the source identity's exported name),
 * `mfa_serial`, `external_id`, `duration_seconds`, `role_session_name` and `region`. Users become profiles
 * with `region` / `mfa_serial` and a comment saying their keys are not exported (the user adds them to
 * `~/.aws/credentials`). No secret (secret access key, session token) is ever written; the access key id
 * is not written either. Console roles (no credentials: switched to inside a signed-in console) become
 * AWS Extend Switch Roles style profiles (`aws_account_id`, `role_name`, `color` without `#`, `region`), which
 * AESR and Sigvault's AESR import read; the AWS CLI cannot use them (it ignores `role_name`).
 * IAM Identity Center roles (`sso`) become `[profile LABEL]` with `sso_session`, `sso_account_id`,
 * `sso_role_name` and `region`, and their source a `[sso-session NAME]` (`sso_start_url`, `sso_region`,
 * `sso_registration_scopes = sso:account:access`): what the AWS CLI v2 reads (`aws sso login --profile LABEL`).
 * SAML roles (credentials only from an IdP sign-in in the browser) and web identity roles (the OIDC token is
 * a secret: never written) are listed in comments only, as are identities of unknown kinds.
 *
 * Profile names are the names identities were imported under (`profileName`), unchanged; else the labels made
 * safe for a section header (see {@link profileNameFor}) and unique.
 * @module
 */

import { isProfileName } from '../vault/identity.ts';

/** The fields export reads; stored identities (`Identity`, `UnknownIdentity`) fit this shape. */
export interface ExportableIdentity {
  id: string;
  label: string;
  kind: string;
  roleArn?: string;
  sourceId?: string;
  externalId?: string;
  mfaSerial?: string;
  sessionName?: string;
  durationSeconds?: number;
  region?: string;
  color?: string;
  /** `sso` identities. */
  accountId?: string;
  /** Console roles. */
  account?: string;
  roleName?: string;
  displayName?: string;
  /** The profile name it was imported under: exported unchanged (see {@link isProfileName}). */
  profileName?: string;
}

/** An IAM Identity Center source as export reads it (no token). */
export interface ExportableSsoSource {
  id: string;
  label: string;
  startUrl: string;
  region: string;
}

/**
 * A label as a profile name: characters other than letters, digits and `_ . - @ + = ,` become `-`, runs of
 * `-` collapse, leading/trailing `-` go; empty → `profile`. The CLI would accept more inside quotes, but
 * these names also work unquoted in `--profile NAME` and `AWS_PROFILE`.
 */
export function profileNameFor(label: string): string {
  const name = label
    .normalize('NFKC')
    .replace(/[^A-Za-z0-9_.@+=,-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .slice(0, 64)
    .replace(/^-+|-+$/g, ''); // after the cut, which may end on a separator
  return name === '' ? 'profile' : name;
}

/**
 * The section header of profile `name` as botocore reads it back: `[default]`, `[profile NAME]`, or, when NAME
 * has a space, a quote or a backslash (botocore splits the header with shell rules, Python's `shlex.split`),
 * `[profile "NA ME"]` with `"` and `\` escaped by a backslash.
 */
export function profileHeader(name: string): string {
  if (name === 'default') return '[default]';
  if (!/[\s"'\\]/.test(name)) return `[profile ${name}]`;
  return `[profile "${name.replace(/["\\]/g, '\\$&')}"]`;
}

function oneLine(v: string): string {
  return v.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();
}

function commentText(v: string): string {
  return oneLine(v.replace(/\p{Cc}/gu, ' '));
}

/**
 * `~/.aws/config` text for the non-secret configuration of `identities`. Deterministic (no date).
 * @example
 * const text = exportAwsConfig(vaultIdentities); // offer as a download or copy
 */
export function exportAwsConfig(identities: readonly ExportableIdentity[], ssoSources: readonly ExportableSsoSource[] = []): string {
  const names = new Map<string, string>(); // id → profile name
  const used = new Set<string>();
  const sourceById = new Map(ssoSources.map((s) => [s.id, s]));
  const exportable = identities.filter((i) => i.kind === 'user' || i.kind === 'role' || i.kind === 'console-role' || (i.kind === 'sso' && i.sourceId !== undefined && sourceById.has(i.sourceId)));
  // the names identities were imported under first, unchanged (a second identity with the same one gets a derived name)
  for (const i of exportable) {
    if (!isProfileName(i.profileName) || names.has(i.id) || [...names.values()].includes(i.profileName)) continue;
    names.set(i.id, i.profileName);
    used.add(i.profileName.toLowerCase());
  }
  for (const i of exportable) {
    if (names.has(i.id)) continue;
    const base = profileNameFor(i.label);
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base}-${n}`;
    used.add(name.toLowerCase());
    names.set(i.id, name);
  }
  const header = profileHeader;
  const out: string[] = [
    '# ~/.aws/config exported by Sigvault: configuration only, no secrets.',
    '# Access keys are not exported: add them to ~/.aws/credentials as [PROFILE] with aws_access_key_id and',
    '# aws_secret_access_key, or use Sigvault to copy CLI credentials.',
  ];
  const line = (key: string, value: string | number | undefined) => {
    if (value === undefined || value === '') return;
    const v = oneLine(String(value));
    if (v !== '') out.push(`${key} = ${v}`);
  };
  for (const i of exportable.filter((x) => x.kind === 'user')) {
    const name = names.get(i.id) as string;
    out.push('', header(name));
    if (name !== i.label) out.push(`# Sigvault label: ${commentText(i.label)}`);
    out.push('# IAM user: access keys not exported');
    line('region', i.region);
    line('mfa_serial', i.mfaSerial);
  }
  for (const i of exportable.filter((x) => x.kind === 'role')) {
    const name = names.get(i.id) as string;
    out.push('', header(name));
    if (name !== i.label) out.push(`# Sigvault label: ${commentText(i.label)}`);
    line('role_arn', i.roleArn);
    const source = i.sourceId === undefined ? undefined : names.get(i.sourceId);
    if (source !== undefined) line('source_profile', source);
    else out.push('# source identity is not exported: set source_profile');
    line('mfa_serial', i.mfaSerial);
    line('external_id', i.externalId);
    line('duration_seconds', i.durationSeconds);
    line('role_session_name', i.sessionName);
    line('region', i.region);
  }
  for (const i of exportable.filter((x) => x.kind === 'console-role')) {
    const name = names.get(i.id) as string;
    out.push('', header(name));
    if (name !== i.label) out.push(`# Sigvault label: ${commentText(i.label)}`);
    out.push('# console role (AWS Extend Switch Roles style): switch to it inside a signed-in console; the AWS CLI cannot use it');
    if (i.displayName !== undefined) out.push(`# display name: ${commentText(i.displayName)}`);
    line('aws_account_id', i.account);
    line('role_name', i.roleName);
    if (i.color !== undefined && /^#[0-9a-fA-F]{6}$/.test(i.color)) line('color', i.color.slice(1).toLowerCase());
    line('region', i.region);
  }
  const ssoIds = exportable.filter((x) => x.kind === 'sso');
  const sessionNames = new Map<string, string>(); // source id → sso-session name
  const usedSessions = new Set<string>();
  for (const i of ssoIds) {
    const src = sourceById.get(i.sourceId as string) as ExportableSsoSource;
    if (sessionNames.has(src.id)) continue;
    const base = profileNameFor(src.label);
    let name = base;
    for (let n = 2; usedSessions.has(name.toLowerCase()); n++) name = `${base}-${n}`;
    usedSessions.add(name.toLowerCase());
    sessionNames.set(src.id, name);
  }
  for (const i of ssoIds) {
    const name = names.get(i.id) as string;
    out.push('', header(name));
    if (name !== i.label) out.push(`# Sigvault label: ${commentText(i.label)}`);
    out.push('# IAM Identity Center role: sign in with `aws sso login --profile NAME`');
    line('sso_session', sessionNames.get(i.sourceId as string));
    line('sso_account_id', i.accountId);
    line('sso_role_name', i.roleName);
    line('region', i.region);
  }
  for (const [id, session] of sessionNames) {
    const src = sourceById.get(id) as ExportableSsoSource;
    out.push('', `[sso-session ${session}]`);
    if (session !== src.label) out.push(`# Sigvault source: ${commentText(src.label)}`);
    line('sso_start_url', src.startUrl);
    line('sso_region', src.region);
    line('sso_registration_scopes', 'sso:account:access');
  }
  const notes: string[] = [];
  for (const i of identities) {
    if (i.kind === 'saml') notes.push(`# ${commentText(i.label)}: SAML role, not exported (its credentials come from a sign-in at your identity provider in the browser; the AWS CLI has no SAML provider)`);
    else if (i.kind === 'web-identity') notes.push(`# ${commentText(i.label)}: web identity role (${commentText(i.roleArn ?? '')}), not exported: its OIDC token is a secret and is not written here; for the AWS CLI set role_arn and web_identity_token_file (a file holding the token) yourself`);
    else if (i.kind === 'sso' && !exportable.includes(i)) notes.push(`# ${commentText(i.label)}: IAM Identity Center role whose source is not in the vault, not exported`);
  }
  if (notes.length > 0) out.push('', '# Not exported:', ...notes);
  const others = identities.filter((i) => !['user', 'role', 'console-role', 'sso', 'saml', 'web-identity'].includes(i.kind));
  if (others.length > 0) {
    out.push('', `# Not exported (kinds this export does not know): ${others.map((o) => commentText(o.label)).join(', ')}`);
  }
  return `${out.join('\n')}\n`;
}
