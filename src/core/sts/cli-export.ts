/**
 * Credentials as text for the AWS CLI and SDKs, in the shapes their documentation uses: shell `export`
 * lines (with `AWS_CREDENTIAL_EXPIRATION`), PowerShell and fish variants, the `credential_process` JSON
 * (Version 1), and a `~/.aws/credentials` block. Only for a user who asked to copy them: the text is a
 * secret.
 *
 * Temporary credentials carry their session token and expiration. An IAM user's long-term keys (no
 * session token) are written without either, as `aws-vault export --no-session` does: a
 * `credential_process` answer without `Expiration` is what the CLI reads as long-term keys (botocore's
 * `ProcessProvider` then makes non-refreshing credentials). The shell formats also remove any
 * `AWS_SESSION_TOKEN`, `AWS_SECURITY_TOKEN` or `AWS_CREDENTIAL_EXPIRATION` an earlier paste left in the
 * shell: the SDKs would send that stale token with the long-term key (refused as InvalidClientTokenId),
 * or treat the keys as expiring.
 * @module
 */
import { SigvaultError } from '../errors.ts';
import { profileNameFor } from '../config-import/export.ts';

export const CLI_FORMATS = ['env', 'powershell', 'fish', 'credential_process', 'credentials'] as const;
export type CliFormat = (typeof CLI_FORMATS)[number];

export interface ExportableCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Absent for long-term keys. */
  sessionToken?: string;
  /** ms since the epoch; absent for long-term keys. */
  expiration?: number;
}

/** What a session export sets and long-term keys must not inherit from an earlier paste in the same shell. */
const SESSION_VARS = ['AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN', 'AWS_CREDENTIAL_EXPIRATION'] as const;

/** Values must be what AWS issues: base64-alphabet tokens. Anything else is refused, not quoted. */
const SAFE = /^[A-Za-z0-9/+=._-]+$/;

function check(name: string, v: string): string {
  if (!SAFE.test(v)) throw new SigvaultError('INVALID_INPUT', `${name} has characters AWS does not issue; refusing to print it into a shell.`, { field: name });
  return v;
}

/**
 * @example
 * formatCredentials({ accessKeyId: 'ASIA…', secretAccessKey: '…', sessionToken: '…', expiration: Date.now() + 3600e3 }, 'env', { region: 'eu-west-1' })
 * // export AWS_ACCESS_KEY_ID='ASIA…' …
 */
export function formatCredentials(c: ExportableCredentials, format: CliFormat, opts: { region?: string; profile?: string } = {}): string {
  const vars: [string, string][] = [
    ['AWS_ACCESS_KEY_ID', check('accessKeyId', c.accessKeyId)],
    ['AWS_SECRET_ACCESS_KEY', check('secretAccessKey', c.secretAccessKey)],
  ];
  if (c.sessionToken) vars.push(['AWS_SESSION_TOKEN', check('sessionToken', c.sessionToken)]);
  if (!c.sessionToken && c.expiration !== undefined) {
    throw new SigvaultError('INVALID_INPUT', 'Long-term keys have no expiration.', { field: 'expiration' });
  }
  const longTerm = !c.sessionToken;
  const expires = c.expiration !== undefined ? new Date(c.expiration).toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined;
  if (expires) vars.push(['AWS_CREDENTIAL_EXPIRATION', expires]);
  if (opts.region) {
    const region = check('region', opts.region);
    vars.push(['AWS_REGION', region], ['AWS_DEFAULT_REGION', region]);
  }
  switch (format) {
    case 'env':
      return script(vars.map(([k, v]) => `export ${k}='${v}'`), longTerm ? [`unset ${SESSION_VARS.join(' ')}`] : []);
    case 'powershell':
      return script(vars.map(([k, v]) => `$Env:${k}="${v}"`), longTerm ? SESSION_VARS.map((k) => `Remove-Item Env:${k} -ErrorAction SilentlyContinue`) : []);
    case 'fish':
      return script(vars.map(([k, v]) => `set -gx ${k} '${v}'`), longTerm ? [`set -e ${SESSION_VARS.join(' ')}`] : []);
    case 'credential_process': {
      const out: Record<string, string | number> = { Version: 1, AccessKeyId: c.accessKeyId, SecretAccessKey: c.secretAccessKey };
      if (c.sessionToken) out['SessionToken'] = c.sessionToken;
      if (expires) out['Expiration'] = expires;
      return JSON.stringify(out, null, 2) + '\n';
    }
    case 'credentials': {
      // the label as `~/.aws/config` export names it: no leading, trailing or doubled separators
      const profile = opts.profile ? profileNameFor(opts.profile) : 'default';
      const lines = [`[${profile}]`, `aws_access_key_id = ${c.accessKeyId}`, `aws_secret_access_key = ${c.secretAccessKey}`];
      if (c.sessionToken) lines.push(`aws_session_token = ${c.sessionToken}`);
      if (expires) lines.push(`# expires ${expires}`);
      return lines.join('\n') + '\n';
    }
    default:
      throw new SigvaultError('INVALID_INPUT', `format must be one of ${CLI_FORMATS.join(', ')}`, { field: 'format' });
  }
}

function script(set: string[], clear: string[]): string {
  return [...set, ...clear].join('\n') + '\n';
}
