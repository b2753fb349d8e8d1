/**
 * Turns a failed request into text for people, from the locale file: one message per error code, with
 * AWS's own code and hint where the background passed them on.
 * @module
 */
import type { RemoteError } from '../platform/messaging.ts';
import { t } from '../ui/i18n.ts';

interface ErrorLike {
  code?: string;
  message?: string;
  details?: { field?: string; awsCode?: string; awsMessage?: string; hint?: string; retryAfter?: number };
}

/** The `field` of an INVALID_INPUT error, if any. */
export function invalidField(e: unknown): string | undefined {
  const err = e as ErrorLike;
  return err?.code === 'INVALID_INPUT' ? err.details?.field : undefined;
}

export function errorCode(e: unknown): string | undefined {
  return (e as ErrorLike)?.code;
}

/**
 * A one-line explanation of `e` for a status region. An `INVALID_INPUT` shows the background's message,
 * never a field the screen may not have: forms that have the field ({@link invalidField}) mark it themselves.
 */
export function errorText(e: unknown): string {
  const err = e as Partial<RemoteError> & ErrorLike;
  const d = err?.details ?? {};
  // the popup's own: a console role chosen with no console tab under the popup (state.ts openConsole)
  if ((err as ErrorLike)?.code === 'CONSOLE_ROLE_NO_TAB') return t('err_CONSOLE_ROLE_NO_TAB');
  if ((err as { code?: string })?.code === 'CONFIRM_OPEN') return t('sessionWarnPending'); // a console-session warning waits (state.ts)
  switch (err?.code) {
    case 'STS_ERROR':
      return t('errSts', d.awsCode ?? '?', d.hint ?? d.awsMessage ?? '');
    case 'INVALID_INPUT':
      if (d.field === 'tabId') return t('err_CONSOLE_ROLE_NO_TAB'); // console.switchRole: not a (readable) console tab
      // The background's own words (SigvaultError messages are written for people and quote no secret);
      // a message that starts with the raw field key names the field as its input is labelled.
      return err.message ? err.message.replace(/^(\w+)(?= )/, (k) => (k === d.field ? fieldName(k) : k)) : t('errInvalid');
    case 'CONSOLE_CHANGED':
      return t(`err_${err.code}`);
    // the background's own words: which source or identity provider, and what to do
    case 'SIGN_IN_REQUIRED':
      return err.message ?? t('errInternal');
    case 'SSO_ERROR':
      return t('errSso', d.awsCode ?? '?', d.hint ?? d.awsMessage ?? '');
    case 'WRONG_PASSPHRASE': case 'LOCKED': case 'BACKOFF': case 'NETWORK': case 'SIGNIN_ERROR':
    case 'MFA_REQUIRED': case 'NOT_FOUND': case 'PERMISSION_REQUIRED': case 'ROOT_KEYS': case 'NO_VAULT':
    case 'VAULT_EXISTS': case 'CORRUPT_RECORD': case 'KDF_TOO_WEAK':
      return t(`err_${err.code}`);
    default:
      return t('errInternal');
  }
}

/** A field's name as shown to people (the label of its input). */
export function fieldName(field: string): string {
  const known = ['label', 'accessKeyId', 'secretAccessKey', 'mfaSerial', 'region', 'roleArn', 'sourceId', 'externalId', 'sessionName', 'durationSeconds', 'passphrase'];
  return known.includes(field) ? t(`field_${field}`) : field;
}
