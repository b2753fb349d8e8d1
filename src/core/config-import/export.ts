/**
 * Export of the vault's non-secret configuration as `~/.aws/config` text.
 *
 * Roles become `[profile LABEL]` with `role_arn`, `source_profile` (the source identity's exported name),
 * `mfa_serial`, `external_id`, `duration_seconds`, `role_session_name` and `region`. Users become profiles
 * with `region` / `mfa_serial` and a comment saying their keys are not exported (the user adds them to
 * `~/.aws/credentials`). No secret (secret access key, session token) is ever written; the access key id
 * is not written either. Console roles (no credentials: switched to inside a signed-in console) become
 * AWS Extend Switch Roles style profiles (`aws_account_id`, `role_name`, `color` without `#`, `region`), which
 * AESR and Sigvault's AESR import read; the AWS CLI cannot use them (it ignores `role_name`). Identities of
 * unknown kinds are listed in a comment only.
 *
 * Profile names are the labels made safe for a section header (see {@link profileNameFor}) and unique.
 * @module
 */

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
  /** Console roles. */
  account?: string;
  roleName?: string;
  displayName?: string;
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
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
  return name === '' ? 'profile' : name;
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
export function exportAwsConfig(identities: readonly ExportableIdentity[]): string {
  const names = new Map<string, string>(); // id → profile name
  const used = new Set<string>();
  const exportable = identities.filter((i) => i.kind === 'user' || i.kind === 'role' || i.kind === 'console-role');
  for (const i of exportable) {
    const base = profileNameFor(i.label);
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base}-${n}`;
    used.add(name.toLowerCase());
    names.set(i.id, name);
  }
  const header = (name: string) => (name === 'default' ? '[default]' : `[profile ${name}]`);
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
  const others = identities.filter((i) => i.kind !== 'user' && i.kind !== 'role' && i.kind !== 'console-role');
  if (others.length > 0) {
    out.push('', `# Not exported (kinds this export does not know): ${others.map((o) => commentText(o.label)).join(', ')}`);
  }
  return `${out.join('\n')}\n`;
}
