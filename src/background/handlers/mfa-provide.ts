import { SigvaultError } from '../../core/errors.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import { requireString } from '../validate.ts';
import { provideMfa } from '../sts/sessions.ts';

/**
 * `mfa.provide { requestId, code }` → `{ accepted, retry? }`: answers a pending `mfa.required` prompt, once
 * STS has seen the code; `retry` is the new prompt when STS called the code wrong.
 */
export const mfaProvide: Handler<'mfa.provide'> = async (p) => {
  const requestId = requireString(p, 'requestId', { max: 64 });
  const code = requireString(p, 'code', { max: 6 });
  if (!/^\d{6}$/.test(code)) throw new SigvaultError('INVALID_INPUT', 'An MFA code is 6 digits.', { field: 'code' });
  const verdict = provideMfa(requestId, code);
  if (!verdict) throw new SigvaultError('NOT_FOUND', 'That MFA request is no longer waiting (answered, timed out, or the vault locked).', { field: 'requestId' });
  const { retry } = await verdict;
  return retry ? { accepted: true, retry } : { accepted: true };
};
