import { SigvaultError } from '../../core/errors.ts';
import type { Handler } from '../../platform/messaging.ts';
import { requireString } from '../validate.ts';
import { sessionRecordId } from '../sts/sessions.ts';
import * as vault from '../vault/service.ts';
import { dropRecord } from '../console/sessions.ts';

/**
 * `identity.remove { id }`. Works for a corrupt record too (so it can be cleared). Refused while a role
 * uses the identity as its source. The record of a console session Sigvault opened for it is dropped
 * (the session is not signed out: its tabs stay signed in until it expires or the user signs out).
 */
export const identityRemove: Handler<'identity.remove'> = async (p) => {
  const id = requireString(p, 'id', { max: 64 });
  const { views, corrupt } = await vault.catalog();
  if (!views.has(id) && !corrupt.some((c) => c.recordId === id)) {
    throw new SigvaultError('NOT_FOUND', `No identity with id ${id}.`, { recordId: id });
  }
  const dependents = [...views.values()].filter((v) => v.kind === 'role' && v.sourceId === id);
  if (dependents.length) {
    throw new SigvaultError('INVALID_INPUT', `Still the source of ${dependents.map((d) => `"${d.label}"`).join(', ')}; remove or change those first.`, { field: 'id' });
  }
  await vault.saveIdentities([], [id, sessionRecordId(id)]); // and its cached temporary credentials
  await dropRecord(id).catch(() => undefined);
  return { removed: id };
};
