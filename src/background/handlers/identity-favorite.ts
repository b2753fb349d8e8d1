import { SigvaultError } from '../../core/errors.ts';
import { broadcast, type Handler } from '../../platform/background-messaging.ts';
import { updatePrefs } from '../vault/prefs.ts';
import * as vault from '../vault/service.ts';
import { requireString } from '../validate.ts';

/** `identity.favorite { id, favorite }` → `{ prefs }`: pins (or unpins) an identity on top of the list. */
export const identityFavorite: Handler<'identity.favorite'> = async (p) => {
  const id = requireString(p, 'id', { max: 64 });
  const favorite = (p as { favorite?: unknown }).favorite;
  if (typeof favorite !== 'boolean') throw new SigvaultError('INVALID_INPUT', 'favorite must be true or false', { field: 'favorite' });
  const { views } = await vault.catalog();
  if (!views.has(id)) throw new SigvaultError('NOT_FOUND', `No identity with id ${id}.`, { recordId: id });
  const prefs = await updatePrefs((x) => ({
    ...x,
    // unknown ids (identities removed since) are dropped on the way
    favorites: [...x.favorites.filter((f) => f !== id && views.has(f)), ...(favorite ? [id] : [])],
  }));
  broadcast('vault.changed', {});
  return { prefs };
};
