/**
 * AWS STS Query-API client (version 2011-06-15): GetCallerIdentity, GetSessionToken, AssumeRole,
 * GetFederationToken. Pure: the network (`fetch`), the clock (`now`), waiting (`sleep`) and jitter
 * (`random`) are injected, so it runs in a service worker, in Node and in instant tests alike.
 *
 * - Requests: `POST <endpoint>` with a form body `Action=…&Version=2011-06-15&…` (RFC 3986 percent
 *   encoding, `Action` and `Version` first, other keys sorted), signed with SigV4 (service `sts`,
 *   region = the region argument) by our signer (../sigv4).
 * - Endpoint: `https://sts.<region>.amazonaws.com/` (`.amazonaws.com.cn` in China), or the `endpoint`
 *   override (its path is kept; the region still names the signing scope).
 * - Responses: parsed by local name with ./xml.ts; credentials' whitespace is stripped (the API
 *   reference samples wrap tokens), `Expiration` becomes ms since the epoch.
 * - Errors: `<ErrorResponse>` (or the JSON variant STS was once seen sending) → {@link StsError} with
 *   AWS's code and message plus a one-line hint. No secret ever reaches a message: AWS's
 *   SignatureDoesNotMatch message quotes the canonical request, which contains the session token, so
 *   that part is cut and any credential string is redacted.
 * - Retries: Throttling/ThrottlingException/RequestLimitExceeded/…, HTTP 429 and 5xx, up to
 *   `maxRetries` (default 3) with full-jitter exponential backoff.
 * - Clock skew: on `RequestExpired`, or `SignatureDoesNotMatch`/`InvalidSignatureException` when the
 *   response `Date` is more than 5 minutes from our (corrected) clock, the offset is learned from `Date`
 *   and the call retried once; the offset is kept for later calls ({@link StsClient.clockOffsetMs}).
 * @module
 */

import { SigvaultError } from '../errors.ts';
import { signRequest, type Credentials } from '../sigv4/index.ts';
import { validateRegion, stsUrl, isRootArn } from './partition.ts';
import { XmlError, childElement, childText, directText, parseXml, type XmlElement } from './xml.ts';

// ---- injected platform ----

/** The response surface the client reads (a WHATWG `Response` satisfies it). */
export interface HttpResponseLike {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** The part of `fetch` the client uses. `globalThis.fetch` satisfies it. */
export type HttpFetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<HttpResponseLike>;

// ---- public types ----

/** Temporary credentials as STS returns them. `expiration` is ms since the epoch (server clock). */
export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: number;
}

export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
  /** The ARN is `arn:<partition>:iam::<account>:root`: root-user keys. */
  isRoot: boolean;
  requestId?: string;
}

export interface SessionTokenParams {
  /** 900–129600 (AWS default 43200; root keys are capped at 3600 by AWS). */
  durationSeconds?: number;
  /** MFA device: virtual-device ARN or hardware serial. Both or neither of serialNumber/tokenCode. */
  serialNumber?: string;
  /** Six digits. */
  tokenCode?: string;
}

export interface SessionTokenResult {
  credentials: TemporaryCredentials;
  requestId?: string;
}

export interface Tag {
  key: string;
  value: string;
}

export interface AssumeRoleParams {
  roleArn: string;
  /** 2–64 characters of `[\w+=,.@-]`. */
  roleSessionName: string;
  /** 900–43200 (AWS default 3600; ≤ the role's MaxSessionDuration; ≤ 3600 when role chaining). */
  durationSeconds?: number;
  externalId?: string;
  serialNumber?: string;
  tokenCode?: string;
  /** 2–64 characters of `[\w+=,.@-]`, not starting with `aws:`. */
  sourceIdentity?: string;
  /** Inline session policy (JSON text, ≤ 2048 characters). */
  policy?: string;
  /** Managed session policy ARNs (≤ 10). */
  policyArns?: string[];
  /** Session tags (≤ 50). */
  tags?: Tag[];
  transitiveTagKeys?: string[];
}

export interface AssumedRoleUser {
  arn: string;
  assumedRoleId: string;
}

export interface AssumeRoleResult {
  credentials: TemporaryCredentials;
  assumedRoleUser: AssumedRoleUser;
  /** Percentage of the allowed size the session policy/tags use (only when some were passed). */
  packedPolicySize?: number;
  sourceIdentity?: string;
  requestId?: string;
}

export interface FederationTokenParams {
  /** 2–32 characters of `[\w+=,.@-]`. */
  name: string;
  /** Session policy JSON. Without one (and without policyArns) the session has no permissions. */
  policy?: string;
  policyArns?: string[];
  /** 900–129600 (AWS default 43200; root max 3600). */
  durationSeconds?: number;
  tags?: Tag[];
}

export interface FederatedUser {
  arn: string;
  federatedUserId: string;
}

export interface FederationTokenResult {
  credentials: TemporaryCredentials;
  federatedUser: FederatedUser;
  packedPolicySize?: number;
  requestId?: string;
}

export interface StsClientOptions {
  fetch: HttpFetch;
  /** Clock, ms since the epoch. Default `Date.now`. */
  now?: () => number;
  /** Wait this many ms. Default: a setTimeout promise. */
  sleep?: (ms: number) => Promise<void>;
  /** [0, 1) for backoff jitter. Default `Math.random`. */
  random?: () => number;
  /**
   * Base URL replacing `https://sts.<region>.amazonaws.com` for every region (VPC endpoint,
   * LocalStack, the test stand-in). http(s), no query, no credentials; a path prefix is kept.
   */
  endpoint?: string;
  /** Retries for throttling and 5xx (default 3; 0 disables). */
  maxRetries?: number;
  /** First backoff ceiling in ms (default 300); doubles per retry. */
  baseDelayMs?: number;
  /** Backoff ceiling in ms (default 5000). */
  maxDelayMs?: number;
  /** Give up on a request after this many ms without an answer (default 30000; 0 = never). */
  timeoutMs?: number;
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

// ---- errors ----

/** What kind of failure an {@link StsError} is, for UI decisions (re-prompt for MFA, drop cache...). */
export type StsErrorCategory =
  | 'mfa'
  | 'access-denied'
  | 'expired-token'
  | 'invalid-client-token'
  | 'signature'
  | 'clock-skew'
  | 'region-disabled'
  | 'policy'
  | 'validation'
  | 'throttled'
  | 'server'
  | 'bad-response'
  | 'other';

export interface StsErrorInit {
  action: string;
  awsCode: string;
  awsMessage: string;
  httpStatus: number;
  requestId?: string;
}

/**
 * STS said no. `code` is always `STS_ERROR`; `awsCode`/`awsMessage` are AWS's own (message cleaned of
 * anything secret); `hint` says what to do in one line. `awsCode` is `InvalidResponse` (not an AWS
 * code) when the endpoint answered with something that is not an STS response.
 */
export class StsError extends SigvaultError {
  readonly action: string;
  readonly awsCode: string;
  readonly awsMessage: string;
  readonly requestId: string | undefined;
  readonly httpStatus: number;
  readonly hint: string;
  readonly category: StsErrorCategory;
  constructor(init: StsErrorInit) {
    const { category, hint } = classifyStsError(init.awsCode, init.awsMessage, init.httpStatus, init.action);
    super('STS_ERROR', `${init.action} failed: ${init.awsCode}: ${init.awsMessage}`);
    this.name = 'StsError';
    this.action = init.action;
    this.awsCode = init.awsCode;
    this.awsMessage = init.awsMessage;
    this.requestId = init.requestId;
    this.httpStatus = init.httpStatus;
    this.category = category;
    this.hint = hint;
  }
  /** The fields to send across the message boundary (no stack, no secrets). */
  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      action: this.action,
      awsCode: this.awsCode,
      awsMessage: this.awsMessage,
      requestId: this.requestId,
      httpStatus: this.httpStatus,
      hint: this.hint,
      category: this.category,
    };
  }
}

export function isStsError(e: unknown): e is StsError {
  return e instanceof StsError;
}

const THROTTLE_CODES: ReadonlySet<string> = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'RequestThrottled',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
]);

const SERVER_CODES: ReadonlySet<string> = new Set(['InternalFailure', 'InternalError', 'ServiceUnavailable', 'ServiceUnavailableException']);

/** Whether a failure is worth retrying after a pause. */
function isRetryable(awsCode: string, status: number): boolean {
  return THROTTLE_CODES.has(awsCode) || SERVER_CODES.has(awsCode) || status === 429 || (status >= 500 && status <= 599);
}

/** Category and one-line hint for an STS error. Exported for tests and for UIs that rebuild errors. */
export function classifyStsError(awsCode: string, awsMessage: string, httpStatus: number, action = ''): { category: StsErrorCategory; hint: string } {
  const msg = awsMessage;
  if (/MultiFactorAuthentication/i.test(msg) || (awsCode === 'AccessDenied' && /\bMFA\b/.test(msg))) {
    if (/invalid MFA one time pass code/i.test(msg)) {
      return { category: 'mfa', hint: 'The MFA code was wrong or already used: wait for the next code from your device and try again.' };
    }
    if (/unable to validate MFA code/i.test(msg)) {
      return { category: 'mfa', hint: 'Check the MFA device ARN (arn:aws:iam::ACCOUNT:mfa/NAME, not the user ARN) belongs to this user, and that the device clock is right.' };
    }
    if (/must provide both/i.test(msg)) {
      return { category: 'mfa', hint: 'Both the MFA device and a 6-digit code are needed: set the MFA device on this identity.' };
    }
    return { category: 'mfa', hint: 'MFA failed: check the MFA device set on this identity and enter a fresh code.' };
  }
  switch (awsCode) {
    case 'AccessDenied':
    case 'AccessDeniedException':
      if (/Roles may not be assumed by root accounts/i.test(msg)) {
        return { category: 'access-denied', hint: 'Root-user keys cannot assume roles: create an IAM user and use its keys as the source instead.' };
      }
      if (/with session credentials/i.test(msg)) {
        return { category: 'access-denied', hint: `${action || 'This call'} needs long-term IAM user keys, not temporary credentials.` };
      }
      if (action === 'AssumeRole' || /sts:AssumeRole/.test(msg)) {
        return {
          category: 'access-denied',
          hint: "The role's trust policy or the source's permissions refuse this: check the role ARN, the external ID, whether the role requires MFA, and that the source may call sts:AssumeRole on it.",
        };
      }
      return { category: 'access-denied', hint: "AWS refused the request: check this identity's IAM permissions." };
    case 'ExpiredToken':
    case 'ExpiredTokenException':
      return { category: 'expired-token', hint: 'These temporary credentials have expired: get fresh ones (the cached session must be dropped).' };
    case 'InvalidClientTokenId':
      return {
        category: 'invalid-client-token',
        hint: 'AWS does not know this access key: it may be deleted, inactive or mistyped, belong to another partition (China, GovCloud), or be a session token this region does not accept.',
      };
    case 'SignatureDoesNotMatch':
    case 'InvalidSignatureException':
      if (/Signature expired|not yet current/i.test(msg)) {
        return { category: 'clock-skew', hint: "This computer's clock is off by more than 5 minutes: set it to update automatically." };
      }
      return { category: 'signature', hint: 'The secret access key does not match the access key ID: re-enter the secret key.' };
    case 'IncompleteSignature':
    case 'MissingAuthenticationToken':
      return { category: 'signature', hint: 'The request reached the endpoint without a complete signature: a proxy may have altered it; check the STS endpoint setting.' };
    case 'RequestExpired':
      return { category: 'clock-skew', hint: "The request was stale on arrival: this computer's clock is probably off; set it to update automatically." };
    case 'RegionDisabledException':
      return {
        category: 'region-disabled',
        hint: "STS is not activated in this region for the account: pick another region for this identity, or ask an administrator to activate it (IAM console → Account settings).",
      };
    case 'MalformedPolicyDocument':
    case 'MalformedPolicyDocumentException':
      return { category: 'policy', hint: 'The session policy is not a valid IAM policy document: fix its JSON.' };
    case 'PackedPolicyTooLarge':
    case 'PackedPolicyTooLargeException':
      return { category: 'policy', hint: 'The session policy or session tags are too large: shorten them.' };
    case 'ValidationError':
      if (/role chaining/i.test(msg)) {
        return { category: 'validation', hint: 'AWS limits roles reached with temporary credentials (role chaining) to 1 hour: set the duration to 3600 seconds or less.' };
      }
      if (/MaxSessionDuration/i.test(msg)) {
        return { category: 'validation', hint: "The duration is longer than the role's maximum session duration: lower it, or raise MaxSessionDuration on the role in IAM." };
      }
      return { category: 'validation', hint: "AWS rejected a parameter: check this identity's settings (ARN, session name, duration, external ID)." };
    case 'InvalidIdentityToken':
    case 'InvalidIdentityTokenException':
    case 'IDPRejectedClaim':
      return { category: 'access-denied', hint: "The identity provider's token or assertion was rejected: sign in to the identity provider again." };
    case 'InvalidAction':
    case 'InvalidParameterValue':
    case 'MissingParameter':
    case 'MalformedQueryString':
      return { category: 'validation', hint: 'The endpoint did not accept the request: check the STS endpoint setting.' };
    case 'OptInRequired':
      return { category: 'access-denied', hint: 'The account is not subscribed to this service: ask the account administrator.' };
    case 'InvalidResponse':
      return { category: 'bad-response', hint: 'The endpoint did not answer like STS: check the STS endpoint setting (and any proxy in between).' };
    default:
      break;
  }
  if (THROTTLE_CODES.has(awsCode) || httpStatus === 429) {
    return { category: 'throttled', hint: 'AWS is throttling requests: wait a moment and try again.' };
  }
  if (SERVER_CODES.has(awsCode) || httpStatus >= 500) {
    return { category: 'server', hint: 'STS had a temporary problem: try again in a moment.' };
  }
  return { category: 'other', hint: 'See the AWS message for details.' };
}

function invalid(field: string, message: string): SigvaultError {
  return new SigvaultError('INVALID_INPUT', message, { field });
}

// ---- form encoding ----

/** RFC 3986 percent-encoding: only `A-Z a-z 0-9 - _ . ~` stay as they are (UTF-8 bytes otherwise). */
export function percentEncode(value: string, field = 'value'): string {
  let out: string;
  try {
    out = encodeURIComponent(value);
  } catch {
    throw invalid(field, `${field} contains an unpaired surrogate character`);
  }
  return out.replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** `Action=…&Version=…&` + the other parameters sorted by name (as the AWS SDKs serialise). */
export function formBody(action: string, params: Record<string, string>): string {
  const keys = Object.keys(params).sort();
  let body = `Action=${percentEncode(action)}&Version=2011-06-15`;
  for (const k of keys) body += `&${percentEncode(k)}=${percentEncode(params[k]!, k)}`;
  return body;
}

// ---- input validation ----

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const FEDERATED_NAME = /^[\w+=,.@-]{2,32}$/;
const SERIAL = /^[\w+=/:,.@-]{9,256}$/;
const TOKEN_CODE = /^\d{6}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const POLICY_CHARS = /^[\u0009\u000A\u000D\u0020-\u00FF]+$/;

function checkDuration(v: number | undefined, min: number, max: number, field = 'durationSeconds'): void {
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw invalid(field, `${field} must be a whole number from ${min} to ${max}`);
}

function checkMfa(serialNumber: string | undefined, tokenCode: string | undefined): void {
  if ((serialNumber === undefined) !== (tokenCode === undefined)) {
    throw invalid(serialNumber === undefined ? 'serialNumber' : 'tokenCode', 'an MFA device (serialNumber) and a code (tokenCode) go together');
  }
  if (serialNumber !== undefined && (typeof serialNumber !== 'string' || !SERIAL.test(serialNumber))) {
    throw invalid('serialNumber', 'serialNumber must be an MFA device ARN or serial (9–256 characters)');
  }
  if (tokenCode !== undefined && (typeof tokenCode !== 'string' || !TOKEN_CODE.test(tokenCode))) {
    throw invalid('tokenCode', 'the MFA code must be 6 digits');
  }
}

function checkPolicy(policy: string | undefined, policyArns: string[] | undefined): void {
  if (policy !== undefined && (typeof policy !== 'string' || policy.length > 2048 || !POLICY_CHARS.test(policy))) {
    throw invalid('policy', 'policy must be 1–2048 characters of JSON (tab, newline and U+0020–U+00FF only)');
  }
  if (policyArns !== undefined) {
    if (!Array.isArray(policyArns) || policyArns.length > 10) throw invalid('policyArns', 'at most 10 policy ARNs');
    for (const a of policyArns) if (typeof a !== 'string' || a.length < 20 || a.length > 2048 || !a.startsWith('arn:')) throw invalid('policyArns', 'each policy ARN must be an ARN');
  }
}

function addPolicyAndTags(out: Record<string, string>, policy: string | undefined, policyArns: string[] | undefined, tags: Tag[] | undefined, transitive?: string[]): void {
  checkPolicy(policy, policyArns);
  if (policy !== undefined) out['Policy'] = policy;
  policyArns?.forEach((a, i) => (out[`PolicyArns.member.${i + 1}.arn`] = a));
  if (tags !== undefined) {
    if (!Array.isArray(tags) || tags.length > 50) throw invalid('tags', 'at most 50 tags');
    tags.forEach((t, i) => {
      if (typeof t?.key !== 'string' || t.key.length < 1 || t.key.length > 128 || typeof t.value !== 'string' || t.value.length > 256) {
        throw invalid('tags', 'tag keys are 1–128 characters, values 0–256');
      }
      out[`Tags.member.${i + 1}.Key`] = t.key;
      out[`Tags.member.${i + 1}.Value`] = t.value;
    });
  }
  if (transitive !== undefined) {
    if (!Array.isArray(transitive) || transitive.length > 50) throw invalid('transitiveTagKeys', 'at most 50 transitive tag keys');
    transitive.forEach((k, i) => {
      if (typeof k !== 'string' || k.length < 1 || k.length > 128) throw invalid('transitiveTagKeys', 'transitive tag keys are 1–128 characters');
      out[`TransitiveTagKeys.member.${i + 1}`] = k;
    });
  }
}

// ---- response parsing ----

/** ISO-8601 UTC timestamp (`2019-11-09T13:34:41Z`, `…41.359Z`, `…41+00:00`) → ms since the epoch. */
export function parseIsoTimestamp(s: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})$/.exec(s.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, sec] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return undefined;
  const ms = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  let t = Date.UTC(y, mo - 1, d, h, mi, sec, ms);
  if (new Date(t).getUTCDate() !== d && sec !== 60) return undefined;
  const tz = m[8]!;
  if (tz !== 'Z') {
    const sign = tz[0] === '-' ? -1 : 1;
    const digits = tz.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2));
    if (oh > 23 || om > 59) return undefined;
    t -= sign * (oh * 60 + om) * 60_000;
  }
  return t;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** HTTP `Date` (IMF-fixdate `Tue, 26 Jan 2016 21:57:47 GMT`) → ms since the epoch. */
export function parseHttpDate(s: string | null | undefined): number | undefined {
  if (!s) return undefined;
  const m = /^\s*(?:[A-Za-z]{3},\s*)?(\d{1,2})[\s-]([A-Za-z]{3})[\s-](\d{2,4})\s+(\d{2}):(\d{2}):(\d{2})\s*(?:GMT|UTC|\+0000|Z)\s*$/.exec(s);
  if (!m) return undefined;
  const mon = MONTHS.indexOf(m[2]![0]!.toUpperCase() + m[2]!.slice(1).toLowerCase());
  if (mon < 0) return undefined;
  let year = Number(m[3]);
  if (year < 100) year += year < 70 ? 2000 : 1900;
  const t = Date.UTC(year, mon, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  return Number.isNaN(t) ? undefined : t;
}

class BadResponse extends Error {}

function need(el: XmlElement, name: string): XmlElement {
  const c = childElement(el, name);
  if (!c) throw new BadResponse(`missing <${name}> in <${el.localName}>`);
  return c;
}

function needText(el: XmlElement, name: string, stripAllSpace = false): string {
  const raw = directText(need(el, name));
  const v = stripAllSpace ? raw.replace(/\s+/g, '') : raw.trim();
  if (v === '') throw new BadResponse(`empty <${name}>`);
  return v;
}

function parseCredentials(result: XmlElement): TemporaryCredentials {
  const c = need(result, 'Credentials');
  const expirationText = needText(c, 'Expiration');
  const expiration = parseIsoTimestamp(expirationText);
  if (expiration === undefined) throw new BadResponse('unreadable <Expiration>');
  return {
    accessKeyId: needText(c, 'AccessKeyId', true),
    secretAccessKey: needText(c, 'SecretAccessKey', true),
    sessionToken: needText(c, 'SessionToken', true),
    expiration,
  };
}

function optionalInt(result: XmlElement, name: string): number | undefined {
  const t = childText(result, name);
  if (t === undefined || t === '') return undefined;
  if (!/^\d+$/.test(t)) throw new BadResponse(`<${name}> is not a number`);
  return Number(t);
}

/** The `<ActionResult>` element of a success body, and the request id. */
function successResult(action: string, root: XmlElement): { result: XmlElement; requestId: string | undefined } {
  if (root.localName !== `${action}Response`) throw new BadResponse(`expected <${action}Response>, got <${root.localName}>`);
  const result = childElement(root, `${action}Result`);
  if (!result) throw new BadResponse(`missing <${action}Result>`);
  const meta = childElement(root, 'ResponseMetadata');
  const requestId = meta ? childText(meta, 'RequestId') : undefined;
  return { result, requestId: requestId || undefined };
}

interface ParsedError {
  awsCode: string;
  awsMessage: string;
  requestId?: string;
}

/** `<ErrorResponse><Error><Code/><Message/></Error><RequestId/></ErrorResponse>` (also IAM's namespace, and the JSON variant). */
function parseErrorBody(body: string): ParsedError | undefined {
  const trimmed = body.trim();
  if (trimmed.startsWith('{')) {
    try {
      const j = JSON.parse(trimmed) as Record<string, unknown>;
      const e = (j['Error'] ?? j) as Record<string, unknown>;
      const code = e['Code'] ?? e['__type'] ?? e['code'];
      const message = e['Message'] ?? e['message'] ?? '';
      if (typeof code === 'string' && code !== '') {
        const rid = j['RequestId'];
        return { awsCode: code.slice(code.lastIndexOf('#') + 1), awsMessage: String(message), ...(typeof rid === 'string' ? { requestId: rid } : {}) };
      }
    } catch {
      // Truncated or otherwise broken JSON (seen in the wild): pick the fields out if they are there.
      const code = /"Code"\s*:\s*"([A-Za-z0-9.#_-]{1,128})"/.exec(trimmed)?.[1];
      if (code) {
        const raw = /"Message"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(trimmed)?.[1];
        let message = '';
        if (raw !== undefined) {
          try {
            message = JSON.parse(`"${raw}"`) as string;
          } catch {
            message = raw;
          }
        }
        return { awsCode: code, awsMessage: message };
      }
    }
    return undefined;
  }
  let root: XmlElement;
  try {
    root = parseXml(body);
  } catch {
    return undefined;
  }
  // <ErrorResponse><Error>… or a bare <Error>… (some services).
  const err = root.localName === 'Error' ? root : root.localName === 'ErrorResponse' ? childElement(root, 'Error') : undefined;
  if (!err) return undefined;
  const code = childText(err, 'Code');
  if (!code) return undefined;
  const messageEl = childElement(err, 'Message');
  const requestId = childText(root, 'RequestId') ?? childText(err, 'RequestId');
  return { awsCode: code, awsMessage: messageEl ? directText(messageEl).trim() : '', ...(requestId ? { requestId } : {}) };
}

/**
 * AWS's message, made safe to show and store: SignatureDoesNotMatch quotes the canonical request and
 * string to sign (which contain the session token as a signed header) — cut at that point; then any
 * credential string is redacted; long messages are truncated.
 */
function cleanMessage(message: string, secrets: readonly string[]): string {
  let m = message;
  const cut = m.search(/\n\s*The Canonical String for this request should have been/i);
  if (cut >= 0) m = m.slice(0, cut);
  const cut2 = m.search(/\n\s*The String-to-Sign should have been/i);
  if (cut2 >= 0) m = m.slice(0, cut2);
  for (const s of secrets) if (s.length >= 8) m = m.split(s).join('[redacted]');
  m = m.trim();
  return m.length > 1000 ? m.slice(0, 1000) + '…' : m;
}

// ---- the client ----

const DEFAULT_TIMEOUT_MS = 30_000;
const SKEW_THRESHOLD_MS = 5 * 60_000;

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, ms);
  });
}

/** Validate an endpoint override and return the URL to POST to (trailing `/` added to the path). */
export function normalizeEndpoint(endpoint: string, field = 'endpoint'): string {
  const m = /^(https?):\/\/([^/?#@\s]+)(\/[^?#\s]*)?$/i.exec(endpoint);
  if (!m) throw invalid(field, `${field} must be an http(s) URL without credentials, query or fragment`);
  const host = m[2]!;
  if (!/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.test(host)) throw invalid(field, `${field} has an invalid host`);
  let path = m[3] ?? '/';
  if (!path.endsWith('/')) path += '/';
  return `${m[1]!.toLowerCase()}://${host.toLowerCase()}${path}`;
}

function collectSecrets(creds: Credentials): string[] {
  const out = [creds.secretAccessKey];
  if (creds.sessionToken) out.push(creds.sessionToken);
  return out;
}

/**
 * Create an STS client.
 * @example
 * const sts = createStsClient({ fetch: (u, i) => fetch(u, i) });
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
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const endpoint = options.endpoint === undefined || options.endpoint === '' ? undefined : normalizeEndpoint(options.endpoint);
  let clockOffsetMs = Number.isFinite(options.clockOffsetMs) ? (options.clockOffsetMs as number) : 0;

  function endpointFor(region: string): string {
    validateRegion(region);
    return endpoint ?? stsUrl(region);
  }

  async function send(url: string, init: { method: string; headers: Record<string, string>; body: string }): Promise<HttpResponseLike> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const request = fetchFn(url, init);
      if (timeoutMs <= 0) return await request;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new SigvaultError('NETWORK', `STS did not answer within ${Math.round(timeoutMs / 1000)} s (${originOf(url)}).`)), timeoutMs);
      });
      return await Promise.race([request, timeout]);
    } catch (e) {
      if (e instanceof SigvaultError) throw e;
      const kind = e instanceof Error ? e.name : 'error';
      throw new SigvaultError('NETWORK', `Could not reach STS at ${originOf(url)} (${kind}): offline, DNS or TLS failure, or the host is blocked.`);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
  }

  async function call(action: string, params: Record<string, string>, creds: Credentials, region: string): Promise<{ root: XmlElement; requestId: string | undefined }> {
    const url = endpointFor(region);
    const body = formBody(action, params);
    const secrets = collectSecrets(creds);
    let attempt = 0;
    let skewRetried = false;
    for (;;) {
      const signed = signRequest(
        { method: 'POST', url, headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' }, body },
        creds,
        { region, service: 'sts', datetime: new Date(now() + clockOffsetMs) },
      );
      const res = await send(signed.url, { method: 'POST', headers: signed.headers, body });
      let text: string;
      try {
        text = await res.text();
      } catch (e) {
        throw new SigvaultError('NETWORK', `The connection to ${originOf(url)} broke while reading the answer (${e instanceof Error ? e.name : 'error'}).`);
      }
      const headerRequestId = res.headers.get('x-amzn-RequestId') ?? res.headers.get('x-amz-request-id') ?? undefined;

      let failure: ParsedError | undefined;
      if (res.status >= 200 && res.status < 300) {
        let root: XmlElement | undefined;
        try {
          root = parseXml(text);
        } catch (e) {
          if (!(e instanceof XmlError)) throw e;
        }
        if (root && root.localName !== 'ErrorResponse') return { root, requestId: headerRequestId };
        failure = root ? parseErrorBody(text) : undefined;
        if (!failure) {
          throw new StsError({ action, awsCode: 'InvalidResponse', awsMessage: `HTTP ${res.status} with a body that is not an STS response`, httpStatus: res.status, ...(headerRequestId ? { requestId: headerRequestId } : {}) });
        }
      } else {
        failure = parseErrorBody(text) ?? { awsCode: res.status >= 500 ? 'ServiceUnavailable' : 'InvalidResponse', awsMessage: `HTTP ${res.status} without an STS error body` };
      }
      const requestId = failure.requestId ?? headerRequestId;
      const awsMessage = cleanMessage(failure.awsMessage, secrets);

      // Clock skew: learn the offset from the server's Date and retry once.
      if (!skewRetried) {
        const serverDate = parseHttpDate(res.headers.get('date'));
        const code = failure.awsCode;
        const skewSuspect = code === 'RequestExpired' || code === 'SignatureDoesNotMatch' || code === 'InvalidSignatureException' || code === 'RequestTimeTooSkewed';
        if (skewSuspect && serverDate !== undefined) {
          const local = now();
          const off = serverDate - (local + clockOffsetMs);
          if (code === 'RequestExpired' || Math.abs(off) > SKEW_THRESHOLD_MS) {
            clockOffsetMs = serverDate - local;
            skewRetried = true;
            continue;
          }
        }
      }
      if (attempt < maxRetries && isRetryable(failure.awsCode, res.status)) {
        const ceiling = Math.min(maxDelay, baseDelay * 2 ** attempt);
        attempt++;
        await sleep(Math.floor(random() * ceiling));
        continue;
      }
      throw new StsError({ action, awsCode: failure.awsCode, awsMessage, httpStatus: res.status, ...(requestId ? { requestId } : {}) });
    }
  }

  async function run<T>(action: string, params: Record<string, string>, creds: Credentials, region: string, parse: (result: XmlElement, requestId: string | undefined) => T): Promise<T> {
    validateRegion(region);
    const { root, requestId: headerId } = await call(action, params, creds, region);
    try {
      const { result, requestId } = successResult(action, root);
      return parse(result, requestId ?? headerId);
    } catch (e) {
      if (e instanceof BadResponse) {
        throw new StsError({ action, awsCode: 'InvalidResponse', awsMessage: `unexpected response: ${e.message}`, httpStatus: 200, ...(headerId ? { requestId: headerId } : {}) });
      }
      throw e;
    }
  }

  const rid = (requestId: string | undefined) => (requestId ? { requestId } : {});

  return {
    endpointFor,
    get clockOffsetMs() {
      return clockOffsetMs;
    },
    serverNow() {
      return now() + clockOffsetMs;
    },

    async getCallerIdentity(creds, region) {
      return run('GetCallerIdentity', {}, creds, region, (r, requestId) => {
        const arn = needText(r, 'Arn');
        return { account: needText(r, 'Account'), arn, userId: needText(r, 'UserId'), isRoot: isRootArn(arn), ...rid(requestId) };
      });
    },

    async getSessionToken(creds, params, region) {
      params ??= {};
      const p: Record<string, string> = {};
      checkDuration(params.durationSeconds, 900, 129_600);
      checkMfa(params.serialNumber, params.tokenCode);
      if (params.durationSeconds !== undefined) p['DurationSeconds'] = String(params.durationSeconds);
      if (params.serialNumber !== undefined) p['SerialNumber'] = params.serialNumber;
      if (params.tokenCode !== undefined) p['TokenCode'] = params.tokenCode;
      return run('GetSessionToken', p, creds, region, (r, requestId) => ({ credentials: parseCredentials(r), ...rid(requestId) }));
    },

    async assumeRole(creds, params, region) {
      if (typeof params?.roleArn !== 'string' || params.roleArn.length < 20 || params.roleArn.length > 2048 || !params.roleArn.startsWith('arn:')) {
        throw invalid('roleArn', 'roleArn must be a role ARN such as arn:aws:iam::123456789012:role/name');
      }
      if (typeof params.roleSessionName !== 'string' || !SESSION_NAME.test(params.roleSessionName)) {
        throw invalid('roleSessionName', 'roleSessionName must be 2–64 characters of letters, digits and +=,.@-_');
      }
      checkDuration(params.durationSeconds, 900, 43_200);
      checkMfa(params.serialNumber, params.tokenCode);
      if (params.externalId !== undefined && (typeof params.externalId !== 'string' || !EXTERNAL_ID.test(params.externalId))) {
        throw invalid('externalId', 'externalId must be 2–1224 characters of letters, digits and +=,.@:/-_');
      }
      if (params.sourceIdentity !== undefined && (typeof params.sourceIdentity !== 'string' || !SESSION_NAME.test(params.sourceIdentity) || params.sourceIdentity.toLowerCase().startsWith('aws:'))) {
        throw invalid('sourceIdentity', 'sourceIdentity must be 2–64 characters of letters, digits and +=,.@-_, not starting with "aws:"');
      }
      const p: Record<string, string> = { RoleArn: params.roleArn, RoleSessionName: params.roleSessionName };
      if (params.durationSeconds !== undefined) p['DurationSeconds'] = String(params.durationSeconds);
      if (params.externalId !== undefined) p['ExternalId'] = params.externalId;
      if (params.serialNumber !== undefined) p['SerialNumber'] = params.serialNumber;
      if (params.tokenCode !== undefined) p['TokenCode'] = params.tokenCode;
      if (params.sourceIdentity !== undefined) p['SourceIdentity'] = params.sourceIdentity;
      addPolicyAndTags(p, params.policy, params.policyArns, params.tags, params.transitiveTagKeys);
      return run('AssumeRole', p, creds, region, (r, requestId) => {
        const u = need(r, 'AssumedRoleUser');
        const out: AssumeRoleResult = {
          credentials: parseCredentials(r),
          assumedRoleUser: { arn: needText(u, 'Arn'), assumedRoleId: needText(u, 'AssumedRoleId') },
          ...rid(requestId),
        };
        const size = optionalInt(r, 'PackedPolicySize');
        if (size !== undefined) out.packedPolicySize = size;
        const si = childText(r, 'SourceIdentity');
        if (si) out.sourceIdentity = si;
        return out;
      });
    },

    async getFederationToken(creds, params, region) {
      if (typeof params?.name !== 'string' || !FEDERATED_NAME.test(params.name)) {
        throw invalid('name', 'name must be 2–32 characters of letters, digits and +=,.@-_');
      }
      checkDuration(params.durationSeconds, 900, 129_600);
      const p: Record<string, string> = { Name: params.name };
      if (params.durationSeconds !== undefined) p['DurationSeconds'] = String(params.durationSeconds);
      addPolicyAndTags(p, params.policy, params.policyArns, params.tags);
      return run('GetFederationToken', p, creds, region, (r, requestId) => {
        const u = need(r, 'FederatedUser');
        const out: FederationTokenResult = {
          credentials: parseCredentials(r),
          federatedUser: { arn: needText(u, 'Arn'), federatedUserId: needText(u, 'FederatedUserId') },
          ...rid(requestId),
        };
        const size = optionalInt(r, 'PackedPolicySize');
        if (size !== undefined) out.packedPolicySize = size;
        return out;
      });
    },
  };
}

/** `scheme://host[:port]` of a URL, for messages (never the path or query). */
export function originOf(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)/i.exec(url);
  const origin = m ? m[1]! : 'the endpoint';
  return origin.replace(/\/\/[^@/]*@/, '//');
}
