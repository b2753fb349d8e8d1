import { SigvaultError } from '../../core/errors.ts';
import { browser } from '../../platform/browser.ts';
import { broadcast, type Handler } from '../../platform/background-messaging.ts';
import * as vault from '../vault/service.ts';
import { recordUse } from '../vault/prefs.ts';

/**
 * `identity.activate { id | null }` → `{ activeId }`: the identity the popup shows as active. Only the
 * id is stored (storage.local, not secret).
 */
export const identityActivate: Handler<'identity.activate'> = async (p) => {
  const id = (p as { id?: unknown }).id;
  if (id !== null && (typeof id !== 'string' || id.length > 64)) throw new SigvaultError('INVALID_INPUT', 'id must be an identity id or null', { field: 'id' });
  if (id !== null) {
    const { views } = await vault.catalog();
    if (!views.has(id)) throw new SigvaultError('NOT_FOUND', `No identity with id ${id}.`, { recordId: id });
  }
  await browser.storage.local.set({ activeId: id });
  if (id !== null) await recordUse(id);
  broadcast('vault.changed', {});
  return { activeId: id };
};
