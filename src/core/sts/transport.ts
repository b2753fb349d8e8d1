/**
 * The STS client's transport: one Query-API call from form parameters to the parsed `<ActionResult>`.
 * Pure: the network (`fetch`), the clock (`now`), waiting (`sleep`) and jitter (`random`) are injected.
 *
 * - Request: `POST <endpoint>` with the form body (./params.ts), signed with SigV4 (service `sts`) by
 *   our signer — or sent **unsigned** (no `Authorization`, no `X-Amz-Security-Token`, no `X-Amz-Date`)
 *   when no credentials are given: AssumeRoleWithSAML and AssumeRoleWithWebIdentity are unsigned; the
 *   assertion or token is the proof. Every exchange is bounded in time and size and can be aborted
 *   (../http/exchange.ts).
 * - Errors: `<ErrorResponse>` (or the JSON variant STS was once seen sending) → {@link StsError} with
 *   AWS's code and message, cleaned of the call's secrets (secret key, session token, SAML assertion,
 *   web identity token — whole, or any long piece of one that AWS may quote), plus a hint (./errors.ts).
 * - Retries: botocore's standard mode (HTTP 500/502/503/504, transient and throttling codes,
 *   IDPCommunicationError), up to `maxRetries` with full-jitter exponential backoff; the pause ends
 *   early when the caller's signal aborts.
 * - Clock skew: on `RequestExpired`, `RequestTimeTooSkewed` or `RequestInTheFuture`, or on
 *   `SignatureDoesNotMatch`/`InvalidSignatureException`/`AuthFailure` when the response `Date` is more
 *   than 5 minutes from our (corrected) clock, the offset is learned from `Date` and the call retried
 *   once; the offset is kept for later calls.
 * @module
 */

import { SigvaultError } from '../errors.ts';
import { exchange, type HttpFetch } from '../http/exchange.ts';
import { pause } from '../http/pause.ts';
import { signRequest, type Credentials } from '../sigv4/index.ts';
import { resolveStsEndpoint, type EndpointOverrides } from './endpoints.ts';
import { CLOCK_SKEW_CODES, MAYBE_CLOCK_SKEW_CODES, StsError, cleanMessage, isRetryable, parseErrorBody, type ParsedError } from './errors.ts';
import { formBody } from './params.ts';
import { validateRegion } from './partition.ts';
import { BadResponse, parseHttpDate, successResult } from './response.ts';
import { XmlError, parseXml, type XmlElement } from './xml.ts';

export interface StsTransportOptions {
  fetch: HttpFetch;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** Already validated (validateEndpointOverrides). */
  overrides: EndpointOverrides;
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs?: number;
  maxResponseBytes?: number;
  signal?: AbortSignal;
  clockOffsetMs: number;
}

/** One STS call. `creds` undefined = unsigned. `secrets`: more values to keep out of error messages. */
export interface StsCall<T> {
  action: string;
  params: () => Record<string, string>;
  creds: Credentials | undefined;
  region: string;
  read: (result: XmlElement, requestId: string | undefined) => T;
  secrets?: readonly string[];
}

export interface StsTransport {
  run<T>(call: StsCall<T>): Promise<T>;
  readonly clockOffsetMs: number;
}

const SKEW_THRESHOLD_MS = 5 * 60_000;
const CONTENT_TYPE = 'application/x-www-form-urlencoded; charset=utf-8';


export function createStsTransport(o: StsTransportOptions): StsTransport {
  const { fetch: fetchFn, now, sleep, random, overrides, signal } = o;
  const exchangeOpts = {
    what: 'STS',
    ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    ...(o.maxResponseBytes !== undefined ? { maxBytes: o.maxResponseBytes } : {}),
    ...(signal ? { signal } : {}),
  };
  let clockOffsetMs = o.clockOffsetMs;

  /** A retry pause that ends early (rejecting) when the signal aborts. */
  const wait = (ms: number): Promise<void> => pause(sleep, ms, signal, 'STS');

  function request(url: string, signingRegion: string, body: string, creds: Credentials | undefined): { url: string; headers: Record<string, string> } {
    const headers = { 'Content-Type': CONTENT_TYPE };
    if (!creds) return { url, headers };
    return signRequest({ method: 'POST', url, headers, body }, creds, { region: signingRegion, service: 'sts', datetime: new Date(now() + clockOffsetMs) });
  }

  async function call(action: string, params: Record<string, string>, creds: Credentials | undefined, region: string, secrets: string[]): Promise<{ root: XmlElement; requestId: string | undefined }> {
    const { url, signingRegion } = resolveStsEndpoint(region, overrides);
    const body = formBody(action, params);
    let attempt = 0;
    let skewRetried = false;
    for (;;) {
      const req = request(url, signingRegion, body, creds);
      const res = await exchange(fetchFn, req.url, { method: 'POST', headers: req.headers, body }, exchangeOpts);
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
      if (attempt < o.maxRetries && isRetryable(failure.awsCode, res.status)) {
        const ceiling = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** attempt);
        attempt++;
        await wait(Math.floor(random() * ceiling));
        continue;
      }
      throw new StsError({ action, awsCode: failure.awsCode, awsMessage, httpStatus: res.status, ...(requestId ? { requestId } : {}) });
    }
  }

  return {
    get clockOffsetMs() {
      return clockOffsetMs;
    },
    async run<T>(c: StsCall<T>): Promise<T> {
      validateRegion(c.region);
      const secrets = [...(c.secrets ?? [])];
      if (c.creds) {
        secrets.push(c.creds.secretAccessKey);
        if (c.creds.sessionToken) secrets.push(c.creds.sessionToken);
      }
      const { root, requestId: headerId } = await call(c.action, c.params(), c.creds, c.region, secrets);
      try {
        const { result, requestId } = successResult(c.action, root);
        return c.read(result, requestId ?? headerId);
      } catch (e) {
        if (e instanceof BadResponse) {
          throw new StsError({ action: c.action, awsCode: 'InvalidResponse', awsMessage: `unexpected response: ${e.message}`, httpStatus: 200, ...(headerId ? { requestId: headerId } : {}) });
        }
        throw e;
      }
    },
  };
}
