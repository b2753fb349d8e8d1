/**
 * Typed errors that cross the message boundary as `{ code, message, ...details }`.
 * Codes are a contract (docs/protocol.md); messages are for people and never contain a secret.
 * @module
 */

export type ErrorCode =
  | 'INVALID_INPUT'
  | 'WRONG_PASSPHRASE'
  | 'LOCKED'
  | 'BACKOFF'
  | 'KDF_TOO_WEAK'
  | 'CORRUPT_RECORD'
  | 'VAULT_EXISTS'
  | 'NO_VAULT'
  | 'NOT_FOUND'
  | 'FORBIDDEN_SENDER'
  | 'UNKNOWN_MESSAGE'
  | 'INTERNAL'
  /** AWS STS answered with an error (StsError in src/core/sts/client.ts carries awsCode, hint...). */
  | 'STS_ERROR'
  /** The console federation endpoint (AWS Sign-In) refused a request (SigninError, src/core/sts/federation.ts). */
  | 'SIGNIN_ERROR'
  /** An MFA code is needed and none was given (MfaRequiredError: mfaSerial, details.recordId = identity). */
  | 'MFA_REQUIRED'
  /** The request never got an HTTP answer: offline, DNS, TLS, blocked host, timeout. */
  | 'NETWORK'
  /** The keys belong to an AWS account's root user: they are stored only after the user confirms. */
  | 'ROOT_KEYS'
  /** A custom endpoint's host needs an optional host permission the user has not granted yet. */
  | 'PERMISSION_REQUIRED'
  /**
   * An endpoint override that is not one of AWS's own STS or sign-in hosts: credentials would go there, so
   * the user must confirm its full URL (`url`; `urls` lists all in the request) and the page resends with
   * `confirmEndpoint: true`.
   */
  | 'CONFIRM_ENDPOINT'
  /**
   * The AWS console page does not hold what the switch-role adapter reads (sign-in endpoint, CSRF value,
   * account, session id) or holds it in another shape: the console changed. Nothing was sent.
   */
  | 'CONSOLE_CHANGED'
  /**
   * The browser lacks the API a request needs (Firefox containers: `contextualIdentities` is missing in
   * Chromium, or containers are turned off in Firefox). Nothing was changed or sent.
   */
  | 'UNSUPPORTED'
  /**
   * Only a new sign-in at the identity provider gives more credentials: an Identity Center session that
   * ended (details.recordId = the source), or a SAML role whose credentials ran out (details.recordId = the
   * identity; details.url = where the user signs in again, when known).
   */
  | 'SIGN_IN_REQUIRED'
  /**
   * IAM Identity Center (its OIDC service or its access-portal API) answered with an error, or with
   * something that is not its answer (SsoError in src/core/sso/errors.ts carries service, operation,
   * awsCode, category and hint). Category `sign-in-again`: the token or refresh token is expired or
   * invalid; the user must sign in to the source again.
   */
  | 'SSO_ERROR';

export interface ErrorDetails {
  /** INVALID_INPUT: which field is wrong (the first, when several are). */
  field?: string;
  /** INVALID_INPUT of an identity's input: every field that is wrong, in the order of the input's fields. */
  fields?: string[];
  /**
   * INVALID_INPUT: why, when a page explains it in its own words rather than by the field's usual rule
   * (`regionUnknown`, `regionPartition`, `durationFormat`, `durationRange`, `keysTogether`), with `params`
   * (values the message quotes: a region, a partition).
   */
  reason?: string;
  params?: string[];
  /** CORRUPT_RECORD / NOT_FOUND: which record. */
  recordId?: string;
  /** BACKOFF: milliseconds until the next attempt is allowed. */
  retryAfter?: number;
  /** PERMISSION_REQUIRED: the origin pattern to request with `permissions.request`. */
  origin?: string;
  /** CONFIRM_ENDPOINT: the endpoint URL to confirm, and every one in the request. */
  url?: string;
  urls?: string[];
}

export class SigvaultError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;
  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = 'SigvaultError';
    this.code = code;
    this.details = details;
  }
}

export function isSigvaultError(e: unknown): e is SigvaultError {
  return e instanceof SigvaultError;
}
