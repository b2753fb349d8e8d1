import { toEditModel } from '../../core/vault/edit-model.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import { requireString } from '../validate.ts';
import * as vault from '../vault/service.ts';

/**
 * `identity.get { id }` → the identity's edit model: its current non-secret settings, to prefill the
 * edit form. No secret key, no full access key id, no external id (only whether one is set).
 */
export const identityGet: Handler<'identity.get'> = async (p) => {
  const id = requireString(p, 'id', { max: 64 });
  return toEditModel(await vault.identity(id));
};
