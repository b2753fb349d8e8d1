/**
 * IAM Identity Center failures: {@link SsoError} (code `SSO_ERROR`) for the OIDC service and the
 * access-portal API, with AWS's code, a category the background acts on, and a one-line hint.
 *
 * Error bodies (../shared/aws-examples/sso/api-syntax.md):
 * - OIDC: RFC 6749 `{"error":"invalid_grant","error_description":"…"}`, the exception name in the
 *   header `x-amzn-ErrorType: InvalidGrantException:http://internal.amazon.com/coral/…` (cut at `:`).
 * - Portal: AWS JSON `{"message":"…","__type":"com.amazonaws.switchboard.portal#UnauthorizedException"}`.
 *
 * `awsCode` is the exception name when one is known (header, `__type`, or the OIDC `error` value mapped
 * through the model's table), else the `error` value; `oauthError` keeps the RFC 6749 value.
 * Messages never carry a secret: AWS's text is cleaned of every secret the call sent.
 * @module
 */

import { SigvaultError } from '../errors.ts';
import { cleanMessage } from '../sts/errors.ts';

/** What kind of failure an {@link SsoError} is, for the background's decisions. */
export type SsoErrorCategory =
  /** The access token (portal 401) or the refresh token is expired or invalid: sign in again. */
  | 'sign-in-again'
  /** The client registration is unknown or expired (invalid_client): register a new client, then sign in. */
  | 'register-again'
  /** Device flow: the user has not approved yet (kept polling; surfaces only from createToken). */
  | 'authorization-pending'
  /** Device flow: poll more slowly (surfaces only from createToken). */
  | 'slow-down'
  /** The user refused the sign-in in the browser (access_denied). */
  | 'denied'
  /** The device sign-in code expired before it was approved (expired_token or our own clock). */
  | 'code-expired'
  /** The start URL is not one Identity Center knows (or not an Identity Center URL at all). */
  | 'start-url'
  | 'throttled'
  | 'server'
  | 'not-found'
  | 'invalid-request'
  /** The endpoint answered with something that is not Identity Center's answer. */
  | 'bad-response'
  | 'other';

export type SsoService = 'oidc' | 'portal';

export interface SsoErrorInit {
  service: SsoService;
  operation: string;
  awsCode: string;
  awsMessage: string;
  httpStatus: number;
  oauthError?: string;
  requestId?: string;
  /** Override the classification (e.g. pollDeviceToken's own expiry). */
  category?: SsoErrorCategory;
  hint?: string;
}

/** Identity Center said no (or answered nonsense). `code` is always `SSO_ERROR`. */
export class SsoError extends SigvaultError {
  readonly service: SsoService;
  readonly operation: string;
  readonly awsCode: string;
  readonly awsMessage: string;
  readonly httpStatus: number;
  readonly oauthError: string | undefined;
  readonly requestId: string | undefined;
  readonly category: SsoErrorCategory;
  readonly hint: string;
  constructor(init: SsoErrorInit) {
    const c = classifySsoError(init.service, init.operation, init.awsCode, init.oauthError, init.awsMessage, init.httpStatus);
    const category = init.category ?? c.category;
    const hint = init.hint ?? c.hint;
    super('SSO_ERROR', `${init.operation} failed: ${init.awsCode}${init.awsMessage ? `: ${init.awsMessage}` : ''} — ${hint}`);
    this.name = 'SsoError';
    this.service = init.service;
    this.operation = init.operation;
    this.awsCode = init.awsCode;
    this.awsMessage = init.awsMessage;
    this.httpStatus = init.httpStatus;
    this.oauthError = init.oauthError;
    this.requestId = init.requestId;
    this.category = category;
    this.hint = hint;
  }
  /** The fields to send across the message boundary (no stack, no secrets). */
  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      service: this.service,
      operation: this.operation,
      awsCode: this.awsCode,
      awsMessage: this.awsMessage,
      httpStatus: this.httpStatus,
      oauthError: this.oauthError,
      requestId: this.requestId,
      category: this.category,
      hint: this.hint,
    };
  }
}

export function isSsoError(e: unknown): e is SsoError {
  return e instanceof SsoError;
}

/** The OIDC model's exception for each RFC 6749 `error` value (botocore sso-oidc service-2.json). */
export const OIDC_EXCEPTIONS: Readonly<Record<string, string>> = {
  access_denied: 'AccessDeniedException',
  authorization_pending: 'AuthorizationPendingException',
  expired_token: 'ExpiredTokenException',
  server_error: 'InternalServerException',
  invalid_client: 'InvalidClientException',
  invalid_client_metadata: 'InvalidClientMetadataException',
  invalid_grant: 'InvalidGrantException',
  invalid_redirect_uri: 'InvalidRedirectUriException',
  invalid_request: 'InvalidRequestException',
  invalid_scope: 'InvalidScopeException',
  slow_down: 'SlowDownException',
  unauthorized_client: 'UnauthorizedClientException',
  unsupported_grant_type: 'UnsupportedGrantTypeException',
};

/** Category and hint for an Identity Center error. Exported for tests and UIs. */
export function classifySsoError(
  service: SsoService,
  operation: string,
  awsCode: string,
  oauthError: string | undefined,
  awsMessage: string,
  httpStatus: number,
): { category: SsoErrorCategory; hint: string } {
  const oauth = oauthError ?? '';
  if (service === 'portal') {
    if (awsCode === 'UnauthorizedException' || httpStatus === 401) {
      return { category: 'sign-in-again', hint: 'The Identity Center sign-in expired or is no longer valid (token expired/invalid): sign in again.' };
    }
    if (awsCode === 'TooManyRequestsException' || httpStatus === 429) return { category: 'throttled', hint: 'Identity Center is throttling requests: wait a moment and try again.' };
    if (awsCode === 'ResourceNotFoundException' || httpStatus === 404) {
      return { category: 'not-found', hint: 'Identity Center does not know this account or role for you (any more): sync the source.' };
    }
    if (awsCode === 'ForbiddenException' || httpStatus === 403) return { category: 'not-found', hint: 'Identity Center gives you no access to this account or role: sync the source.' };
    if (awsCode === 'InvalidResponse') return { category: 'bad-response', hint: 'The endpoint did not answer like the Identity Center portal: check the portal endpoint setting.' };
    if (awsCode === 'InvalidRequestException') return { category: 'invalid-request', hint: 'The portal refused the request: check the account and role.' };
    if (httpStatus >= 500) return { category: 'server', hint: 'Identity Center had a temporary problem: try again in a moment.' };
    return { category: 'other', hint: 'See the AWS message for details.' };
  }
  switch (oauth || awsCode) {
    case 'authorization_pending':
    case 'AuthorizationPendingException':
      return { category: 'authorization-pending', hint: 'The sign-in has not been approved in the browser yet.' };
    case 'slow_down':
    case 'SlowDownException':
      return { category: 'slow-down', hint: 'Identity Center asked to poll more slowly.' };
    case 'access_denied':
    case 'AccessDeniedException':
      return { category: 'denied', hint: 'The sign-in was denied in the browser: start the sign-in again to retry.' };
    case 'expired_token':
    case 'ExpiredTokenException':
      if (operation === 'CreateToken' && /refresh/i.test(awsMessage)) return { category: 'sign-in-again', hint: 'The Identity Center sign-in expired: sign in again.' };
      return { category: 'code-expired', hint: 'The sign-in code expired before it was approved: start the sign-in again.' };
    case 'invalid_grant':
    case 'InvalidGrantException':
      return { category: 'sign-in-again', hint: 'Identity Center no longer accepts this sign-in (refresh token or code expired/invalid): sign in again.' };
    case 'invalid_client':
    case 'InvalidClientException':
    case 'unauthorized_client':
    case 'UnauthorizedClientException':
      return { category: 'register-again', hint: "Identity Center does not accept Sigvault's client registration (expired or unknown): sign in again (a new client is registered)." };
    case 'invalid_request':
    case 'InvalidRequestException':
    case 'InvalidRequestRegionException':
      if (operation === 'StartDeviceAuthorization' || operation === 'RegisterClient' || /start ?url|issuer/i.test(awsMessage)) {
        return { category: 'start-url', hint: "Identity Center refused the start URL or region: check the source's start URL (https://<alias>.awsapps.com/start) and its Identity Center region." };
      }
      return { category: 'invalid-request', hint: 'Identity Center refused the request as malformed: check the source settings.' };
    case 'invalid_scope':
    case 'InvalidScopeException':
      return { category: 'invalid-request', hint: 'Identity Center refused the scope sso:account:access.' };
    case 'invalid_redirect_uri':
    case 'InvalidRedirectUriException':
    case 'invalid_client_metadata':
    case 'InvalidClientMetadataException':
    case 'unsupported_grant_type':
    case 'UnsupportedGrantTypeException':
      return { category: 'invalid-request', hint: 'Identity Center refused the client registration or grant: this sign-in flow may not be available; try the device sign-in.' };
    case 'server_error':
    case 'InternalServerException':
      return { category: 'server', hint: 'Identity Center had a temporary problem: try again in a moment.' };
    case 'InvalidResponse':
      return { category: 'bad-response', hint: 'The endpoint did not answer like Identity Center OIDC: check the OIDC endpoint setting.' };
    default:
      break;
  }
  if (httpStatus === 429) return { category: 'throttled', hint: 'Identity Center is throttling requests: wait a moment and try again.' };
  if (httpStatus >= 500) return { category: 'server', hint: 'Identity Center had a temporary problem: try again in a moment.' };
  return { category: 'other', hint: 'See the AWS message for details.' };
}

export interface ParsedSsoError {
  awsCode: string;
  awsMessage: string;
  oauthError?: string;
}

/** Cut `x-amzn-ErrorType`'s value at `:` (`InvalidGrantException:http://…` → `InvalidGrantException`). */
function headerCode(value: string | null): string | undefined {
  if (!value) return undefined;
  const code = value.split(':')[0]!.trim();
  return /^[A-Za-z0-9_.#-]{1,128}$/.test(code) ? code.slice(code.lastIndexOf('#') + 1) : undefined;
}

/**
 * Read an Identity Center error answer: the OIDC RFC 6749 body or the portal's AWS JSON body, and the
 * `x-amzn-ErrorType` header. Undefined when neither names an error.
 */
export function parseSsoErrorBody(text: string, errorTypeHeader: string | null): ParsedSsoError | undefined {
  const fromHeader = headerCode(errorTypeHeader);
  let body: Record<string, unknown> | undefined;
  try {
    const j: unknown = JSON.parse(text);
    if (j && typeof j === 'object' && !Array.isArray(j)) body = j as Record<string, unknown>;
  } catch {
    body = undefined;
  }
  const str = (k: string): string | undefined => {
    const v = body?.[k];
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const oauthError = str('error');
  const safeOauth = oauthError && /^[a-z_]{1,64}$/.test(oauthError) ? oauthError : undefined;
  const type = str('__type');
  const typeCode = type ? headerCode(type.replace(/^.*#/, '')) : undefined;
  const message = str('error_description') ?? str('message') ?? str('Message') ?? '';
  const awsCode = fromHeader ?? typeCode ?? (safeOauth ? (OIDC_EXCEPTIONS[safeOauth] ?? safeOauth) : undefined);
  if (!awsCode) return undefined;
  return { awsCode, awsMessage: message, ...(safeOauth ? { oauthError: safeOauth } : {}) };
}

/**
 * AWS's message made safe to show: every secret the call carried redacted — whole, or any 16+-character
 * piece of one (as STS's messages are cleaned: ../sts/errors.ts) —, control characters dropped, length capped.
 */
export function cleanSsoMessage(message: string, secrets: readonly (string | undefined)[]): string {
  // eslint-disable-next-line no-control-regex
  const m = cleanMessage(message, secrets.filter((x): x is string => typeof x === 'string')).replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  return m.length > 500 ? m.slice(0, 500) + '…' : m;
}
