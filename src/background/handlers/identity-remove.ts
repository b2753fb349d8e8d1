import { SigvaultError } from '../../core/errors.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import { requireString } from '../validate.ts';
import { sessionRecordId } from '../sts/sessions.ts';
import * as vault from '../vault/service.ts';
import { dropRecord } from '../console/sessions.ts';
import { grantedOrigins, revokeIdentity } from '../../core/agent/grants.ts';
import { syncBridge } from '../agent/bridge.ts';
import { changeGrants, readGrants } from '../agent/store.ts';

/**
 * `identity.remove { id }`. Works for a corrupt record too (so it can be cleared). Refused while a role
 * uses the identity as its source. The record of a console session Sigvault opened for it is dropped
 * (the session is not signed out: its tabs stay signed in until it expires or the user signs out).
 * The signing agent's grants for it go too, and the bridge leaves the hosts no other grant needs.
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
  // A grant naming a removed identity signs nothing (no credentials), but it would stay listed and keep
  // the bridge on its host: drop it. Best effort: the identity is gone either way.
  await readGrants()
    .then(async (grants) => {
      if (!grants.some((g) => g.identityId === id)) return;
      const next = await changeGrants((g) => revokeIdentity(g, id));
      await syncBridge(grantedOrigins(next, Date.now()));
    })
    .catch(() => undefined);
  return { removed: id };
};
