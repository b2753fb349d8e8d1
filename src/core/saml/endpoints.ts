/**
 * Where identity providers post SAML responses to AWS (the sign-in service's assertion consumer
 * service, "ACS"), for the capture's `webRequest` listener: exact URL recognition, match patterns for
 * the listener's filter, and the user's extra endpoints (setting `samlEndpoints`).
 *
 * AWS's ACS URLs (../shared/aws-examples/saml/README.md, federation/signin-endpoints.md):
 * - `https://signin.aws.amazon.com/saml` and regional `https://<region>.signin.aws.amazon.com/saml`
 *   (us-east-1 both un-prefixed and prefixed);
 * - GovCloud `https://signin.amazonaws-us-gov.com/saml`, regional `https://us-gov-east-1.signin.amazonaws-us-gov.com/saml`
 *   (and the prefixed us-gov-west-1 form);
 * - China `https://signin.amazonaws.cn/saml`, regional `https://<cn-region>.signin.amazonaws.cn/saml`;
 * - with SAML encryption, `…/saml/acs/<IdP-ID>` on the same hosts; the IAM User Guide (2023) also names
 *   `https://signin.aws.amazon.com/static/saml`.
 * A query string is allowed; nothing else is: https only, the exact host (a region in that partition),
 * no port, no user info, no fragment, and exactly those paths (no `/saml/../x`, no `/samlx`).
 * @module
 */

import { SigvaultError } from '../errors.ts';
import { awsPartitionOfRegion, type Partition } from '../sts/partition.ts';

const SIGNIN_DOMAINS: ReadonlyArray<{ partition: Partition; domain: string }> = [
  { partition: 'aws', domain: 'signin.aws.amazon.com' },
  { partition: 'aws-us-gov', domain: 'signin.amazonaws-us-gov.com' },
  { partition: 'aws-cn', domain: 'signin.amazonaws.cn' },
];

const ACS_PATH = /^\/(?:saml|saml\/acs\/[A-Za-z0-9_-]{1,128}|static\/saml)$/;

function parse(url: unknown): URL | undefined {
  if (typeof url !== 'string' || url.length > 8192) return undefined;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** The partition of one of AWS's SAML ACS URLs, or undefined when `url` is not one. */
export function partitionOfSamlEndpoint(url: string): Partition | undefined {
  const u = parse(url);
  if (!u || u.protocol !== 'https:' || u.port !== '' || u.username !== '' || u.password !== '' || u.hash !== '') return undefined;
  if (!ACS_PATH.test(u.pathname)) return undefined;
  const host = u.hostname;
  for (const { partition, domain } of SIGNIN_DOMAINS) {
    if (host === domain) return partition;
    if (host.endsWith('.' + domain)) {
      const region = host.slice(0, -domain.length - 1);
      if (awsPartitionOfRegion(region) === partition) return partition;
    }
  }
  return undefined;
}

/** An extra endpoint normalised for comparison: `scheme://host[:port]/path`. */
function extraKey(u: URL): string {
  return `${u.protocol}//${u.host}${u.pathname}`;
}

/**
 * Whether a request URL is a SAML ACS the capture listens on: one of AWS's, or one of `extra` (the
 * `samlEndpoints` setting, compared exactly on scheme, host, port and path; a query is allowed).
 */
export function isSamlEndpoint(url: string, extra: readonly string[] = []): boolean {
  if (partitionOfSamlEndpoint(url) !== undefined) return true;
  const u = parse(url);
  if (!u || u.username !== '' || u.password !== '' || u.hash !== '' || (u.protocol !== 'https:' && u.protocol !== 'http:')) return false;
  const key = extraKey(u);
  return extra.some((e) => {
    const x = parse(e);
    return x !== undefined && extraKey(x) === key;
  });
}

/**
 * Match patterns for the `webRequest` filter (`urls`), valid in Chrome and Firefox: AWS's hosts with a
 * `*.` wildcard for the regional ones, and each extra endpoint as `scheme://host/path*` (match patterns
 * cannot name a port in Firefox). Broader than {@link isSamlEndpoint}: the listener must check each URL
 * with it.
 */
export function samlUrlPatterns(extra: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const { domain } of SIGNIN_DOMAINS) {
    for (const host of [domain, `*.${domain}`]) out.push(`https://${host}/saml*`, `https://${host}/static/saml*`);
  }
  for (const e of extra) {
    const u = parse(e);
    if (!u) continue;
    const p = `${u.protocol}//${u.hostname}${u.pathname}*`;
    if (!out.includes(p)) out.push(p);
  }
  return out;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Check one `samlEndpoints` setting entry and return it normalised (`scheme://host[:port]/path`).
 * https, or http on a loopback host (tests); no user name or password, no query, no fragment.
 * @throws SigvaultError INVALID_INPUT (details.field = `field`)
 * @example validateSamlEndpoint('http://127.0.0.1:8080/saml') // 'http://127.0.0.1:8080/saml'
 */
export function validateSamlEndpoint(url: unknown, field = 'samlEndpoints'): string {
  const bad = (m: string) => new SigvaultError('INVALID_INPUT', m, { field });
  const u = parse(url);
  if (!u) throw bad('A SAML endpoint must be a URL such as https://sso.example.com/saml.');
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && LOOPBACK.has(u.hostname))) throw bad('A SAML endpoint must be an https:// URL (http:// only for 127.0.0.1 or localhost).');
  if (u.username !== '' || u.password !== '') throw bad('A SAML endpoint must not contain a user name or password.');
  if (u.search !== '' || u.hash !== '' || /[?#]/.test(url as string)) throw bad('A SAML endpoint must not have a query or fragment.');
  if (/[*\s]/.test(u.pathname)) throw bad('A SAML endpoint must be one exact URL (no wildcards or spaces).');
  return extraKey(u);
}
