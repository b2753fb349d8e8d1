import { SigvaultError } from '../../core/errors.ts';
import { browser } from '../../platform/browser.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import { listOrder } from '../../shared/list-order.ts';
import type { IdentityView, ResponseOf } from '../../shared/protocol.ts';
import { overridesOf } from '../../shared/endpoint-overrides.ts';
import { readPrefs } from '../vault/prefs.ts';
import { readVaultSettings } from '../vault/settings.ts';
import * as vault from '../vault/service.ts';
import { optionalBoolean } from '../validate.ts';

/** The display order, cached per catalog version and prefs object (both replaced on every change). */
const displayCache = new WeakMap<IdentityView[], { prefs: object; order: IdentityView[] }>();

/**
 * `identity.list { display?, limit? }` → view models (no secrets) from the sealed catalog, the records
 * found corrupt (listed apart, by id; the rest stays usable), the active identity's id (storage.local)
 * the list prefs (favorites, recent, aliases) and the endpoint overrides in force.
 */
export const identityList: Handler<'identity.list'> = async (p) => {
  const display = optionalBoolean(p, 'display') ?? false;
  const limit = (p as { limit?: unknown }).limit;
  if (limit !== undefined && (!Number.isInteger(limit) || (limit as number) < 1 || !display)) {
    throw new SigvaultError('INVALID_INPUT', 'limit must be a positive whole number, with display: true', { field: 'limit' });
  }
  return listView(display, limit as number | undefined);
};

/** The answer of `identity.list` (also kept as the popup's view snapshot: ../view-snapshot.ts). */
export async function listView(display: boolean, limit?: number): Promise<ResponseOf<'identity.list'>> {
  const [{ views, corrupt }, prefs, stored, sealed] = await Promise.all([vault.catalog(), readPrefs(), browser.storage.local.get('activeId'), readVaultSettings()]);
  const bad = new Set(corrupt.map((c) => c.recordId));
  const sorted = vault.sortedViews(views);
  const usable = bad.size ? sorted.filter((v) => !bad.has(v.id)) : sorted;
  let identities = usable;
  if (display) {
    let cached = displayCache.get(usable);
    if (!cached || cached.prefs !== prefs) displayCache.set(usable, (cached = { prefs, order: listOrder(usable, prefs, { sortedByLabel: true }) }));
    identities = limit === undefined ? cached.order : cached.order.slice(0, limit);
  }
  const activeId = typeof stored['activeId'] === 'string' && views.has(stored['activeId']) && !bad.has(stored['activeId']) ? stored['activeId'] : null;
  // the endpoint overrides in force come with the first rows: the popup names them before anything can be opened
  return { identities, total: usable.length, corrupt, activeId, prefs, overrides: overridesOf(sealed.endpoints) };
}
