import { SigvaultError } from '../../core/errors.ts';
import type { Handler } from '../../platform/messaging.ts';
import { requireString } from '../validate.ts';
import * as vault from '../vault/service.ts';

/**
 * `identity.reveal { id }` → `{ accessKeyId, secretAccessKey }` of an IAM user. The only request that
 * sends a long-term secret to a page; pages send it only when the user asks to reveal or copy.
 */
export const identityReveal: Handler<'identity.reveal'> = async (p) => {
  const id = requireString(p, 'id', { max: 64 });
  const identity = await vault.identity(id);
  if (identity.kind !== 'user') throw new SigvaultError('INVALID_INPUT', 'Only IAM users have long-term keys to reveal.', { field: 'id' });
  return { accessKeyId: identity.accessKeyId, secretAccessKey: identity.secretAccessKey };
};
