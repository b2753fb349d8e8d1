import { SigvaultError } from '../../core/errors.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import { ssoClients } from '../sso/clients.ts';
import { changeSources, readSource } from '../sso/store.ts';
import { sessionRecordId } from '../sts/sessions.ts';
import { optionalBoolean, requireString } from '../validate.ts';
import * as vault from '../vault/service.ts';

/**
 * `sso.removeSource { sourceId, removeIdentities? }`: signs out of the access portal (best effort), then
 * forgets the source and its sealed tokens; with `removeIdentities`, its identities and their cached
 * credentials too (refused while another role uses one of them as its source).
 */
export const ssoRemoveSource: Handler<'sso.removeSource'> = async (p) => {
  const sourceId = requireString(p, 'sourceId', { max: 80 });
  const removeIdentities = optionalBoolean(p, 'removeIdentities') ?? false;
  const guard = vault.lockGuard();
  const source = await readSource(sourceId);
  const { views } = await vault.catalog();
  const mine = [...views.values()].filter((v) => v.kind === 'sso' && v.sourceId === sourceId).map((v) => v.id);
  if (removeIdentities) {
    const ids = new Set(mine);
    const dependents = [...views.values()].filter((v) => v.kind === 'role' && ids.has(v.sourceId));
    if (dependents.length) {
      throw new SigvaultError('INVALID_INPUT', `Its identities are still the source of ${dependents.slice(0, 5).map((d) => `"${d.label}"`).join(', ')}; remove or change those first.`, { field: 'sourceId' });
    }
  }
  if (source.token && source.token.accessTokenExpiresAt > Date.now()) {
    await ssoClients(source.region, guard).then((c) => c.portal.logout(source.token!.accessToken, source.region)).catch(() => undefined);
  }
  await changeSources((all) => all.filter((s) => s.id !== sourceId), guard);
  if (removeIdentities && mine.length) await vault.saveIdentities([], mine.flatMap((id) => [id, sessionRecordId(id)]));
  return { removedIdentities: removeIdentities ? mine.length : 0 };
};
