/**
 * STS failures: {@link StsError} (AWS's code and message, cleaned of secrets, plus a category and a
 * one-line hint), reading `<ErrorResponse>` bodies, and which failures are worth a retry.
 *
 * Retries follow botocore's *standard* retry mode (`botocore/retries/standard.py`,
 * `StandardRetryConditions`): a response is retried when its HTTP status is 500, 502, 503 or 504
 * (`TransientRetryableChecker`), its code is a transient one (`RequestTimeout`,
 * `RequestTimeoutException`, `PriorRequestNotComplete`) or one of botocore's throttling codes
 * (`ThrottledRetryableChecker`), or it is STS's `IDPCommunicationError` (`special.py`,
 * `RetryIDPCommunicationError`). Nothing else: not any other 5xx, and not a bare HTTP 429 (standard
 * mode looks at the code, not at 429; only botocore's legacy mode, `_retry.json`, retries 429 and 509).
 * Unlike botocore, a failure to connect is not retried: in a browser it cannot be told apart from a
 * blocked host, a timeout already spent the whole time budget, and a lock must stop at once.
 *
 * Clock skew: botocore has no skew correction; the codes are those the AWS SDK for JavaScript v3
 * treats as clock skew (`@smithy/service-error-classification`, `CLOCK_SKEW_ERROR_CODES`).
 * `RequestTimeTooSkewed`, `RequestInTheFuture` and `RequestExpired` always mean skew; with
 * `SignatureDoesNotMatch`, `InvalidSignatureException` and `AuthFailure` it is skew only when the
 * answer's `Date` is more than 5 minutes off (see the client).
 * @module
 */

import { SigvaultError } from '../errors.ts';
import { XmlError, childElement, childText, directText, parseXml, type XmlElement } from './xml.ts';

/** What kind of failure an {@link StsError} is, for UI decisions (re-prompt for MFA, drop cache...). */
export type StsErrorCategory =
  | 'mfa'
  | 'access-denied'
  | 'expired-token'
  | 'invalid-client-token'
  | 'signature'
  /** The endpoint wants another region in the credential scope (AWS: "Credential should be scoped to a valid region"). */
  | 'signing-region'
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

/** STS refused the MFA code itself (wrong, or already used): asking for another code can succeed. */
export function isWrongMfaCode(e: unknown): e is StsError {
  return e instanceof StsError && e.category === 'mfa' && /invalid MFA one time pass code/i.test(e.awsMessage);
}

/** botocore standard mode's `ThrottledRetryableChecker._THROTTLED_ERROR_CODES`. */
export const THROTTLING_CODES: ReadonlySet<string> = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
]);

/** botocore standard mode's `TransientRetryableChecker`: codes and HTTP statuses. */
export const TRANSIENT_CODES: ReadonlySet<string> = new Set(['RequestTimeout', 'RequestTimeoutException', 'PriorRequestNotComplete']);
export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([500, 502, 503, 504]);

/** Codes that always mean the request's time was off (the skew-correction retry applies). */
export const CLOCK_SKEW_CODES: ReadonlySet<string> = new Set(['RequestTimeTooSkewed', 'RequestInTheFuture', 'RequestExpired']);
/** Codes that mean clock skew only when the server's `Date` is far from ours. */
export const MAYBE_CLOCK_SKEW_CODES: ReadonlySet<string> = new Set(['SignatureDoesNotMatch', 'InvalidSignatureException', 'AuthFailure']);

const SERVER_CODES: ReadonlySet<string> = new Set(['InternalFailure', 'InternalError', 'ServiceUnavailable', 'ServiceUnavailableException']);

/** Whether a failure is worth retrying after a pause: botocore's standard retry mode (see the module doc). */
export function isRetryable(awsCode: string, status: number): boolean {
  return TRANSIENT_STATUSES.has(status) || TRANSIENT_CODES.has(awsCode) || THROTTLING_CODES.has(awsCode) || awsCode === 'IDPCommunicationError';
}

const WRONG_SIGNING_REGION = /Credential should be scoped to a valid region|credential must be scoped to a valid region/i;

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
    case 'AuthFailure':
      if (/Signature expired|not yet current/i.test(msg)) {
        return { category: 'clock-skew', hint: "This computer's clock is off by more than 5 minutes: set it to update automatically." };
      }
      if (WRONG_SIGNING_REGION.test(msg)) {
        return {
          category: 'signing-region',
          hint: "The STS endpoint expects requests signed for another region: set the endpoint's signing region (the global endpoint sts.amazonaws.com accepts only us-east-1), or use the regional endpoint.",
        };
      }
      return { category: 'signature', hint: 'The secret access key does not match the access key ID: re-enter the secret key.' };
    case 'IncompleteSignature':
    case 'MissingAuthenticationToken':
      return { category: 'signature', hint: 'The request reached the endpoint without a complete signature: a proxy may have altered it; check the STS endpoint setting.' };
    case 'RequestExpired':
      return { category: 'clock-skew', hint: "The request was stale on arrival: this computer's clock is probably off; set it to update automatically." };
    case 'RequestTimeTooSkewed':
    case 'RequestInTheFuture':
      return { category: 'clock-skew', hint: "This computer's clock is too far from AWS's: set it to update automatically." };
    case 'IDPCommunicationError':
      return { category: 'server', hint: 'STS could not reach the identity provider: try again in a moment.' };
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
  if (THROTTLING_CODES.has(awsCode) || httpStatus === 429) {
    return { category: 'throttled', hint: 'AWS is throttling requests: wait a moment and try again.' };
  }
  if (SERVER_CODES.has(awsCode) || TRANSIENT_CODES.has(awsCode) || httpStatus >= 500) {
    return { category: 'server', hint: 'STS had a temporary problem: try again in a moment.' };
  }
  return { category: 'other', hint: 'See the AWS message for details.' };
}

export interface ParsedError {
  awsCode: string;
  awsMessage: string;
  requestId?: string;
}

/** `<ErrorResponse><Error><Code/><Message/></Error><RequestId/></ErrorResponse>` (also IAM's namespace, and the JSON variant). */
export function parseErrorBody(body: string): ParsedError | undefined {
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
export function cleanMessage(message: string, secrets: readonly string[]): string {
  let m = message;
  const cut = m.search(/\n\s*The Canonical String for this request should have been/i);
  if (cut >= 0) m = m.slice(0, cut);
  const cut2 = m.search(/\n\s*The String-to-Sign should have been/i);
  if (cut2 >= 0) m = m.slice(0, cut2);
  for (const s of secrets) if (s.length >= 8) m = m.split(s).join('[redacted]');
  // A piece of a long secret (AWS's constraint messages quote a value, maybe truncated or re-encoded):
  // any run of 16+ token characters found inside one of the secrets goes too.
  const long = secrets.filter((s) => s.length >= 16);
  if (long.length > 0) m = m.replace(/[A-Za-z0-9+/=_.~%|-]{16,}/g, (run) => (long.some((s) => s.includes(run)) ? '[redacted]' : run));
  m = m.trim();
  return m.length > 1000 ? m.slice(0, 1000) + '…' : m;
}
