/**
 * AWS STS Query-API client (version 2011-06-15): GetCallerIdentity, GetSessionToken, AssumeRole,
 * GetFederationToken (signed), AssumeRoleWithSAML and AssumeRoleWithWebIdentity (unsigned). Pure: the
 * network (`fetch`), the clock (`now`), waiting (`sleep`) and jitter (`random`) are injected, so it runs
 * in a service worker, in Node and in instant tests alike.
 *
 * - Parameters: ./params.ts (checked against the STS model, RFC 3986 form encoding).
 * - Endpoint and signing region (./endpoints.ts): `https://sts.<region>.<dnsSuffix>/` signed for the
 *   region, or the region's partition's override, signed for the override's signing region.
 * - Sending, signing or not, error parsing ({@link StsError}, secrets — including a SAML assertion or
 *   web identity token — cut and redacted), retries with backoff and the clock-skew retry: ./transport.ts.
 * - Responses: ./response.ts.
 * @module
 */

import type { HttpFetch } from '../http/exchange.ts';
import type { Credentials } from '../sigv4/index.ts';
import { resolveStsEndpoint, validateEndpointOverrides, type EndpointOverrides } from './endpoints.ts';
import { assumeRoleParams, federationTokenParams, invalid, samlParams, sessionTokenParams, webIdentityParams } from './params.ts';
import { validateRegion } from './partition.ts';
import { readAssumeRole, readAssumeRoleWithSaml, readAssumeRoleWithWebIdentity, readCallerIdentity, readFederationToken, readSessionToken } from './response.ts';
import { createStsTransport } from './transport.ts';
import { defaultSleep } from '../http/pause.ts';
import type * as T from './types.ts';
import type { XmlElement } from './xml.ts';

// The module's public surface, wherever it now lives.
export type { HttpFetch, HttpRequestInit, HttpResponseLike } from '../http/exchange.ts';
export { originOf } from '../http/exchange.ts';
export type * from './types.ts';
export { StsError, classifyStsError, isStsError, type StsErrorCategory, type StsErrorInit } from './errors.ts';
export { formBody, percentEncode } from './params.ts';
export { parseHttpDate, parseIsoTimestamp } from './response.ts';
export { normalizeEndpoint, type EndpointOverride, type EndpointOverrides } from './endpoints.ts';

export interface StsClientOptions {
  fetch: HttpFetch;
  /** Clock, ms since the epoch. Default `Date.now`. */
  now?: () => number;
  /** Wait this many ms. Default: a setTimeout promise. */
  sleep?: (ms: number) => Promise<void>;
  /** [0, 1) for backoff jitter. Default `Math.random`. */
  random?: () => number;
  /**
   * Per-partition base URLs replacing AWS's regional STS hosts (a VPC endpoint, LocalStack, the test
   * stand-in), each with an optional signing region. A region whose partition has none uses AWS's
   * `https://sts.<region>.<dnsSuffix>/`. http(s), no query, no credentials; a path prefix is kept.
   */
  endpoints?: EndpointOverrides;
  /** Retries for throttling and transient failures (default 3; 0 disables). */
  maxRetries?: number;
  /** First backoff ceiling in ms (default 300); doubles per retry. */
  baseDelayMs?: number;
  /** Backoff ceiling in ms (default 5000). */
  maxDelayMs?: number;
  /** Limit for one exchange, headers and body (default 30000; 0 = none). */
  timeoutMs?: number;
  /** Largest answer accepted, in bytes (default 1 MiB). */
  maxResponseBytes?: number;
  /**
   * Aborts every request in flight and every retry pause (the background aborts on lock). A
   * SigvaultError reason (e.g. LOCKED) is what the call rejects with; any other reason gives NETWORK.
   */
  signal?: AbortSignal;
  /** Initial clock offset (server − local, ms), e.g. one kept from an earlier run. */
  clockOffsetMs?: number;
}

export interface StsClient {
  getCallerIdentity(creds: Credentials, region: string): Promise<T.CallerIdentity>;
  getSessionToken(creds: Credentials, params: T.SessionTokenParams, region: string): Promise<T.SessionTokenResult>;
  assumeRole(creds: Credentials, params: T.AssumeRoleParams, region: string): Promise<T.AssumeRoleResult>;
  getFederationToken(creds: Credentials, params: T.FederationTokenParams, region: string): Promise<T.FederationTokenResult>;
  /** Unsigned: the base64 SAML response is the proof. It never appears in an error message. */
  assumeRoleWithSaml(params: T.SamlRoleParams, region: string): Promise<T.SamlRoleResult>;
  /** Unsigned: the OIDC / OAuth 2.0 token is the proof. It never appears in an error message. */
  assumeRoleWithWebIdentity(params: T.WebIdentityRoleParams, region: string): Promise<T.WebIdentityRoleResult>;
  /** The URL requests for this region go to. */
  endpointFor(region: string): string;
  /** Learned clock offset: server time − local time, in ms (0 until a skew was detected). */
  readonly clockOffsetMs: number;
  /** `now() + clockOffsetMs`: the server's idea of now, to compare with credential expirations. */
  serverNow(): number;
}

const secretOf = (v: unknown): string[] => (typeof v === 'string' ? [v] : []);

/**
 * Create an STS client.
 * @throws SigvaultError INVALID_INPUT for a bad option (fetch, endpoints)
 * @example
 * const sts = createStsClient({ fetch: (u, i) => fetch(u, i), signal: lockSignal });
 * const me = await sts.getCallerIdentity({ accessKeyId, secretAccessKey }, 'eu-west-1');
 */
export function createStsClient(options: StsClientOptions): StsClient {
  if (typeof options?.fetch !== 'function') throw invalid('fetch', 'fetch must be a function');
  const now = options.now ?? (() => Date.now());
  const overrides = validateEndpointOverrides(options.endpoints);
  const transport = createStsTransport({
    fetch: options.fetch,
    now,
    sleep: options.sleep ?? defaultSleep,
    random: options.random ?? Math.random,
    overrides,
    maxRetries: options.maxRetries ?? 3,
    baseDelayMs: options.baseDelayMs ?? 300,
    maxDelayMs: options.maxDelayMs ?? 5000,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.maxResponseBytes !== undefined ? { maxResponseBytes: options.maxResponseBytes } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    clockOffsetMs: Number.isFinite(options.clockOffsetMs) ? (options.clockOffsetMs as number) : 0,
  });
  const run = <T>(action: string, params: () => Record<string, string>, creds: Credentials | undefined, region: string, read: (r: XmlElement, id: string | undefined) => T, secrets?: string[]): Promise<T> =>
    transport.run({ action, params, creds, region, read, ...(secrets ? { secrets } : {}) });

  function endpointFor(region: string): string {
    validateRegion(region);
    return resolveStsEndpoint(region, overrides).url;
  }

  return {
    endpointFor,
    get clockOffsetMs() {
      return transport.clockOffsetMs;
    },
    serverNow() {
      return now() + transport.clockOffsetMs;
    },
    async getCallerIdentity(creds, region) {
      return run('GetCallerIdentity', () => ({}), creds, region, readCallerIdentity);
    },
    async getSessionToken(creds, params, region) {
      return run('GetSessionToken', () => sessionTokenParams(params), creds, region, readSessionToken);
    },
    async assumeRole(creds, params, region) {
      return run('AssumeRole', () => assumeRoleParams(params), creds, region, readAssumeRole);
    },
    async getFederationToken(creds, params, region) {
      return run('GetFederationToken', () => federationTokenParams(params), creds, region, readFederationToken);
    },
    async assumeRoleWithSaml(params, region) {
      return run('AssumeRoleWithSAML', () => samlParams(params), undefined, region, readAssumeRoleWithSaml, secretOf(params?.samlAssertion));
    },
    async assumeRoleWithWebIdentity(params, region) {
      return run('AssumeRoleWithWebIdentity', () => webIdentityParams(params), undefined, region, readAssumeRoleWithWebIdentity, secretOf(params?.webIdentityToken));
    },
  };
}
