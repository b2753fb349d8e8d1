/**
 * AWS STS Query-API client (version 2011-06-15): GetCallerIdentity, GetSessionToken, AssumeRole,
 * GetFederationToken. Pure: the network (`fetch`), the clock (`now`), waiting (`sleep`) and jitter
 * (`random`) are injected, so it runs in a service worker, in Node and in instant tests alike.
 *
 * - Requests: `POST <endpoint>` with a form body `Action=…&Version=2011-06-15&…` (./params.ts: checked
 *   against the STS model, RFC 3986 percent encoding), signed with SigV4 (service `sts`) by our signer
 *   (../sigv4). Every exchange is bounded in time and size and can be aborted (../http/exchange.ts).
 * - Endpoint and signing region (./endpoints.ts): `https://sts.<region>.<dnsSuffix>/` signed for the
 *   region, or the region's partition's override, signed for the override's signing region (given, or
 *   derived from an AWS host such as `sts.amazonaws.com` → us-east-1, else the request's region).
 * - Responses: ./response.ts. Errors: `<ErrorResponse>` (or the JSON variant STS was once seen
 *   sending) → {@link StsError} with AWS's code and message (secrets cut and redacted) plus a one-line
 *   hint (./errors.ts).
 * - Retries: botocore's standard mode (HTTP 500/502/503/504, transient and throttling codes,
 *   IDPCommunicationError), up to `maxRetries` (default 3) with full-jitter exponential backoff.
 * - Clock skew: on `RequestExpired`, `RequestTimeTooSkewed` or `RequestInTheFuture`, or on
 *   `SignatureDoesNotMatch`/`InvalidSignatureException`/`AuthFailure` when the response `Date` is more
 *   than 5 minutes from our (corrected) clock, the offset is learned from `Date` and the call retried
 *   once; the offset is kept for later calls ({@link StsClient.clockOffsetMs}).
 * @module
 */

import { SigvaultError } from '../errors.ts';
import { exchange, type HttpFetch } from '../http/exchange.ts';
import { signRequest, type Credentials } from '../sigv4/index.ts';
import { resolveStsEndpoint, validateEndpointOverrides, type EndpointOverrides } from './endpoints.ts';
import { CLOCK_SKEW_CODES, MAYBE_CLOCK_SKEW_CODES, StsError, cleanMessage, isRetryable, parseErrorBody, type ParsedError } from './errors.ts';
import { assumeRoleParams, federationTokenParams, formBody, invalid, sessionTokenParams } from './params.ts';
import { validateRegion } from './partition.ts';
import { BadResponse, parseHttpDate, readAssumeRole, readCallerIdentity, readFederationToken, readSessionToken, successResult } from './response.ts';
import type { AssumeRoleParams, AssumeRoleResult, CallerIdentity, FederationTokenParams, FederationTokenResult, SessionTokenParams, SessionTokenResult } from './types.ts';
import { XmlError, parseXml, type XmlElement } from './xml.ts';

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
  getCallerIdentity(creds: Credentials, region: string): Promise<CallerIdentity>;
  getSessionToken(creds: Credentials, params: SessionTokenParams, region: string): Promise<SessionTokenResult>;
  assumeRole(creds: Credentials, params: AssumeRoleParams, region: string): Promise<AssumeRoleResult>;
  getFederationToken(creds: Credentials, params: FederationTokenParams, region: string): Promise<FederationTokenResult>;
  /** The URL requests for this region go to. */
  endpointFor(region: string): string;
  /** Learned clock offset: server time − local time, in ms (0 until a skew was detected). */
  readonly clockOffsetMs: number;
  /** `now() + clockOffsetMs`: the server's idea of now, to compare with credential expirations. */
  serverNow(): number;
}

const SKEW_THRESHOLD_MS = 5 * 60_000;
const CONTENT_TYPE = 'application/x-www-form-urlencoded; charset=utf-8';

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, ms);
  });
}

function collectSecrets(creds: Credentials): string[] {
  const out = [creds.secretAccessKey];
  if (creds.sessionToken) out.push(creds.sessionToken);
  return out;
}

/**
 * Create an STS client.
 * @throws SigvaultError INVALID_INPUT for a bad option (fetch, endpoints)
 * @example
 * const sts = createStsClient({ fetch: (u, i) => fetch(u, i), signal: lockSignal });
 * const me = await sts.getCallerIdentity({ accessKeyId, secretAccessKey }, 'eu-west-1');
 */
export function createStsClient(options: StsClientOptions): StsClient {
  if (typeof options?.fetch !== 'function') throw invalid('fetch', 'fetch must be a function');
  const fetchFn = options.fetch;
  const now = options.now ?? (() => Date.now());
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const maxRetries = options.maxRetries ?? 3;
  const baseDelay = options.baseDelayMs ?? 300;
  const maxDelay = options.maxDelayMs ?? 5000;
  const signal = options.signal;
  const overrides = validateEndpointOverrides(options.endpoints);
  const exchangeOpts = {
    what: 'STS',
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.maxResponseBytes !== undefined ? { maxBytes: options.maxResponseBytes } : {}),
    ...(signal ? { signal } : {}),
  };
  let clockOffsetMs = Number.isFinite(options.clockOffsetMs) ? (options.clockOffsetMs as number) : 0;

  function endpointFor(region: string): string {
    validateRegion(region);
    return resolveStsEndpoint(region, overrides).url;
  }

  /** A retry pause that ends early (rejecting) when the signal aborts. */
  async function pause(ms: number): Promise<void> {
    if (!signal) return sleep(ms);
    const aborted = (): SigvaultError => (signal.reason instanceof SigvaultError ? signal.reason : new SigvaultError('NETWORK', 'The request to STS was cancelled.'));
    if (signal.aborted) throw aborted();
    let onAbort = (): void => undefined;
    try {
      await Promise.race([
        sleep(ms),
        new Promise<never>((_, reject) => {
          onAbort = () => reject(aborted());
          signal.addEventListener('abort', onAbort, { once: true });
        }),
      ]);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  async function call(action: string, params: Record<string, string>, creds: Credentials, region: string): Promise<{ root: XmlElement; requestId: string | undefined }> {
    const { url, signingRegion } = resolveStsEndpoint(region, overrides);
    const body = formBody(action, params);
    const secrets = collectSecrets(creds);
    let attempt = 0;
    let skewRetried = false;
    for (;;) {
      const signed = signRequest({ method: 'POST', url, headers: { 'Content-Type': CONTENT_TYPE }, body }, creds, {
        region: signingRegion,
        service: 'sts',
        datetime: new Date(now() + clockOffsetMs),
      });
      const res = await exchange(fetchFn, signed.url, { method: 'POST', headers: signed.headers, body }, exchangeOpts);
      const headerRequestId = res.headers.get('x-amzn-RequestId') ?? res.headers.get('x-amz-request-id') ?? undefined;

      let failure: ParsedError | undefined;
      if (res.status >= 200 && res.status < 300) {
        let root: XmlElement | undefined;
        try {
          root = parseXml(res.text);
        } catch (e) {
          if (!(e instanceof XmlError)) throw e;
        }
        if (root && root.localName !== 'ErrorResponse') return { root, requestId: headerRequestId };
        failure = root ? parseErrorBody(res.text) : undefined;
        if (!failure) {
          throw new StsError({ action, awsCode: 'InvalidResponse', awsMessage: `HTTP ${res.status} with a body that is not an STS response`, httpStatus: res.status, ...(headerRequestId ? { requestId: headerRequestId } : {}) });
        }
      } else {
        failure = parseErrorBody(res.text) ?? { awsCode: res.status >= 500 ? 'ServiceUnavailable' : 'InvalidResponse', awsMessage: `HTTP ${res.status} without an STS error body` };
      }
      const requestId = failure.requestId ?? headerRequestId;
      const awsMessage = cleanMessage(failure.awsMessage, secrets);

      // Clock skew: learn the offset from the server's Date and retry once.
      if (!skewRetried) {
        const serverDate = parseHttpDate(res.headers.get('date'));
        const code = failure.awsCode;
        const certain = CLOCK_SKEW_CODES.has(code);
        if ((certain || MAYBE_CLOCK_SKEW_CODES.has(code)) && serverDate !== undefined) {
          const local = now();
          const off = serverDate - (local + clockOffsetMs);
          if (certain || Math.abs(off) > SKEW_THRESHOLD_MS) {
            clockOffsetMs = serverDate - local;
            skewRetried = true;
            continue;
          }
        }
      }
      if (attempt < maxRetries && isRetryable(failure.awsCode, res.status)) {
        const ceiling = Math.min(maxDelay, baseDelay * 2 ** attempt);
        attempt++;
        await pause(Math.floor(random() * ceiling));
        continue;
      }
      throw new StsError({ action, awsCode: failure.awsCode, awsMessage, httpStatus: res.status, ...(requestId ? { requestId } : {}) });
    }
  }

  async function run<T>(action: string, params: () => Record<string, string>, creds: Credentials, region: string, read: (result: XmlElement, requestId: string | undefined) => T): Promise<T> {
    validateRegion(region);
    const { root, requestId: headerId } = await call(action, params(), creds, region);
    try {
      const { result, requestId } = successResult(action, root);
      return read(result, requestId ?? headerId);
    } catch (e) {
      if (e instanceof BadResponse) {
        throw new StsError({ action, awsCode: 'InvalidResponse', awsMessage: `unexpected response: ${e.message}`, httpStatus: 200, ...(headerId ? { requestId: headerId } : {}) });
      }
      throw e;
    }
  }

  return {
    endpointFor,
    get clockOffsetMs() {
      return clockOffsetMs;
    },
    serverNow() {
      return now() + clockOffsetMs;
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
  };
}
