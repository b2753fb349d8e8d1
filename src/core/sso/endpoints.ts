/**
 * Where Identity Center requests go, and what a start URL may be.
 *
 * - OIDC: `https://oidc.<region>.<dnsSuffix>/` (China: `.amazonaws.com.cn`), or the `oidcEndpoint`
 *   setting: a base URL (http(s), no credentials, query or fragment; a path prefix is kept, as STS
 *   overrides are normalised by ../sts/endpoints.ts `normalizeEndpoint`).
 * - Portal: `https://portal.sso.<region>.<dnsSuffix>/`, or the `portalEndpoint` setting.
 * - Start URL: `https://<alias or d-xxxxxxxxxx>.awsapps.com/start…` or the newer issuer form
 *   `https://identitycenter.amazonaws.com/ssoins-…` (../shared/aws-examples/sso/README.md), and in AWS
 *   GovCloud (US) `https://start.us-gov-home.awsapps.com/directory/<id or alias>` (AWS GovCloud (US) User
 *   Guide, "AWS IAM Identity Center in AWS GovCloud (US)"). China's portal host is not accepted: no AWS
 *   source for it was at hand.
 *
 * `region` is the Identity Center instance's region (`sso_region`), checked by ../sts/partition.ts.
 * @module
 */

import { SigvaultError } from '../errors.ts';
import { normalizeEndpoint } from '../sts/endpoints.ts';
import { percentEncode } from '../sts/params.ts';
import { partitionInfo, partitionOfRegion, validateRegion } from '../sts/partition.ts';

function invalid(field: string, message: string): SigvaultError {
  return new SigvaultError('INVALID_INPUT', message, { field });
}

/** Base URL (ending in `/`) of the OIDC service for `region`, or the normalised override. */
export function oidcBaseUrl(region: string, endpoint?: string): string {
  validateRegion(region);
  if (endpoint !== undefined && endpoint !== '') return normalizeEndpoint(endpoint, 'oidcEndpoint');
  return `https://oidc.${region}.${partitionInfo(partitionOfRegion(region)).dnsSuffix}/`;
}

/** Base URL (ending in `/`) of the access-portal API for `region`, or the normalised override. */
export function portalBaseUrl(region: string, endpoint?: string): string {
  validateRegion(region);
  if (endpoint !== undefined && endpoint !== '') return normalizeEndpoint(endpoint, 'portalEndpoint');
  return `https://portal.sso.${region}.${partitionInfo(partitionOfRegion(region)).dnsSuffix}/`;
}

const AWSAPPS = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.awsapps\.com$/;
const ISSUER_PATH = /^\/ssoins-[0-9a-f]{16}$|^\/ssoins-[0-9a-z]{8,32}$/;
const NOT_SSO =
  'is not an IAM Identity Center start URL: it must look like https://<your-alias>.awsapps.com/start (the "AWS access portal URL" in the Identity Center console) or https://identitycenter.amazonaws.com/ssoins-…';

/**
 * Check and normalise an Identity Center start URL: https, no credentials or port, an `awsapps.com`
 * host with a path starting `/start`, or `identitycenter.amazonaws.com/ssoins-…`. The fragment
 * (`#/`, as the portal shows it) and a trailing `/` are dropped; the host is lower-cased.
 * @throws SigvaultError INVALID_INPUT (field `startUrl`) saying what a start URL looks like
 * @example validateStartUrl('https://my-org.awsapps.com/start/#/') // 'https://my-org.awsapps.com/start'
 */
export function validateStartUrl(value: unknown, field = 'startUrl'): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(field, `${field} must be the Identity Center start URL (https://<your-alias>.awsapps.com/start)`);
  const raw = value.trim();
  if (raw.length > 512) throw invalid(field, `${field} must be at most 512 characters`);
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/i.exec(raw);
  if (!m) throw invalid(field, `${field} ${NOT_SSO}`);
  const scheme = m[1]!.toLowerCase();
  const authority = m[2]!;
  if (scheme !== 'https') throw invalid(field, `${field} must start with https:// (${NOT_SSO.replace(/^is /, 'it is ')})`);
  if (authority.includes('@')) throw invalid(field, `${field} must not contain a user name or password`);
  if (/:/.test(authority)) throw invalid(field, `${field} must not name a port`);
  const host = authority.toLowerCase();
  const path = m[3]!.replace(/\/+$/, '');
  if (/[\s\\<>"'`]/.test(path) || /%(?![0-9a-f]{2})/i.test(path)) throw invalid(field, `${field} has an invalid path`);
  if (m[4] && m[4] !== '?') throw invalid(field, `${field} must not have a query (?…): copy the AWS access portal URL as the console shows it`);
  if (host === 'start.us-gov-home.awsapps.com') {
    // AWS GovCloud (US): https://start.us-gov-home.awsapps.com/directory/<IdentityStoreId or alias> (GovCloud User Guide, govcloud-sso).
    if (!/^\/directory\/[A-Za-z0-9-]{1,63}$/.test(path)) throw invalid(field, `${field}: a GovCloud start URL is https://start.us-gov-home.awsapps.com/directory/<identity store id or alias>`);
    return `https://${host}${path}`;
  }
  if (AWSAPPS.test(host)) {
    if (!/^\/start(\/|$)/.test(path)) throw invalid(field, `${field}: ${host} is an AWS access portal host, but the start URL's path is /start (https://${host}/start)`);
    return `https://${host}${path}`;
  }
  if (host === 'identitycenter.amazonaws.com') {
    if (!ISSUER_PATH.test(path)) throw invalid(field, `${field}: an identitycenter.amazonaws.com start URL must be https://identitycenter.amazonaws.com/ssoins-<instance id>`);
    return `https://${host}${path}`;
  }
  throw invalid(field, `${field} (${host.slice(0, 100)}) ${NOT_SSO}`);
}

/**
 * A loopback redirect URI for the PKCE flow: `http://127.0.0.1:<port>/<path>` (or `[::1]`); RFC 8252
 * §7.3. `localhost` is refused (it may resolve elsewhere).
 * @throws SigvaultError INVALID_INPUT (field `redirectUri`)
 */
export function validateRedirectUri(value: unknown, field = 'redirectUri'): string {
  if (typeof value !== 'string' || !/^http:\/\/(127\.0\.0\.1|\[::1\])(:\d{1,5})?\/[A-Za-z0-9\-._~/]*$/.test(value)) {
    throw invalid(field, `${field} must be a loopback URL such as http://127.0.0.1:PORT/oauth/callback (no query or fragment)`);
  }
  const port = /:(\d{1,5})\//.exec(value.slice(7))?.[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) throw invalid(field, `${field} has an invalid port`);
  return value;
}


/** `a=1&b=2` with RFC 3986 percent-encoding (the core has no URLSearchParams). */
export function queryString(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .join('&');
}

/** Parse `a=1&b=2` (`+` is a space); the first value of a repeated name wins; undefined when malformed. */
export function parseQuery(query: string): Map<string, string> | undefined {
  const out = new Map<string, string>();
  for (const part of query.replace(/^\?/, '').split('&')) {
    if (part === '') continue;
    const i = part.indexOf('=');
    try {
      const k = decodeURIComponent((i >= 0 ? part.slice(0, i) : part).replace(/\+/g, ' '));
      const v = decodeURIComponent((i >= 0 ? part.slice(i + 1) : '').replace(/\+/g, ' '));
      if (!out.has(k)) out.set(k, v);
    } catch {
      return undefined;
    }
  }
  return out;
}
