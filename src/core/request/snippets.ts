/**
 * "Copy as curl" and "Copy as fetch" for the request console: the request as a command or a script that
 * signs it itself, with the credentials as the `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` /
 * `AWS_SESSION_TOKEN` environment variables — never their values, which these functions are never given.
 * curl signs with `--aws-sigv4` (curl 7.75+; SigV4 only, so a SigV4a request cannot be copied as curl);
 * the fetch snippet signs with aws4fetch. Everything the user typed is quoted for its language (POSIX
 * shell single quotes, JSON string literals), so no value can break out into a command. Pure.
 * @module
 */

export interface SnippetRequest {
  method: string;
  /** An http(s) URL (an `s3://` one already turned into its object URL). */
  url: string;
  headers: Record<string, string>;
  body?: string;
  service: string;
  region: string;
  /** The identity signs with temporary credentials: the snippet sends `$AWS_SESSION_TOKEN` too. */
  sessionToken: boolean;
}

/** `s` as one POSIX shell word: single-quoted, a `'` written as `'\''`. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Headers curl or the signer sets itself: copying them would send stale or duplicate values. */
const SIGNER_HEADERS = /^(authorization|x-amz-date|x-amz-security-token|x-amz-content-sha256|host|content-length)$/i;

/**
 * A curl command that signs the request with `--aws-sigv4 "aws:amz:<region>:<service>"`, the keys from
 * `$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY` (double quotes: the shell expands them, nothing else in
 * them) and, for temporary credentials, `-H "x-amz-security-token: $AWS_SESSION_TOKEN"`.
 * @throws Error when service or region hold anything but letters, digits, `.`, `_` and `-` (they go
 *   into the `--aws-sigv4` provider string, which curl splits at `:`)
 */
export function curlCommand(r: SnippetRequest): string {
  if (!/^[A-Za-z0-9._-]+$/.test(r.service) || !/^[A-Za-z0-9._-]+$/.test(r.region)) throw new Error('service and region must be plain names.');
  const lines = [
    `curl --aws-sigv4 ${shellQuote(`aws:amz:${r.region}:${r.service}`)}`,
    `  --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"`,
  ];
  if (r.sessionToken) lines.push(`  -H "x-amz-security-token: $AWS_SESSION_TOKEN"`);
  if (r.method !== 'GET' || (r.body !== undefined && r.body !== '')) lines.push(`  -X ${shellQuote(r.method)}`);
  for (const [k, v] of Object.entries(r.headers)) {
    if (SIGNER_HEADERS.test(k)) continue;
    lines.push(`  -H ${shellQuote(`${k}: ${v}`)}`);
  }
  // S3 needs the payload hash header; curl computes it for the s3 service only from 8.x, so send it
  if (r.service === 's3') lines.push(`  -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD'`);
  if (r.body !== undefined && r.body !== '') lines.push(`  --data-binary ${shellQuote(r.body)}`);
  lines.push(`  ${shellQuote(r.url)}`);
  return lines.join(' \\\n');
}

/**
 * A JavaScript module snippet (Node 18+ or a bundler) that signs with aws4fetch and reads the keys from
 * `process.env`; every value the user typed is a JSON string literal.
 */
export function fetchSnippet(r: SnippetRequest): string {
  const headers = Object.fromEntries(Object.entries(r.headers).filter(([k]) => !SIGNER_HEADERS.test(k)));
  const init: string[] = [`  method: ${JSON.stringify(r.method)},`];
  if (Object.keys(headers).length) init.push(`  headers: ${JSON.stringify(headers)},`);
  if (r.body !== undefined && r.body !== '') init.push(`  body: ${JSON.stringify(r.body)},`);
  return [
    `import { AwsClient } from 'aws4fetch';`,
    ``,
    `const aws = new AwsClient({`,
    `  accessKeyId: process.env.AWS_ACCESS_KEY_ID,`,
    `  secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY,`,
    ...(r.sessionToken ? [`  sessionToken: process.env.AWS_SESSION_TOKEN,`] : []),
    `  service: ${JSON.stringify(r.service)},`,
    `  region: ${JSON.stringify(r.region)},`,
    `});`,
    `const res = await aws.fetch(${JSON.stringify(r.url)}, {`,
    ...init,
    `});`,
    `console.log(res.status, await res.text());`,
  ].join('\n');
}
