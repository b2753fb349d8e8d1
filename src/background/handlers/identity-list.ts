import { browser } from '../../platform/browser.ts';
import type { Handler } from '../../platform/messaging.ts';
import * as vault from '../vault/service.ts';

/** `identity.list` → view models (no secrets), from the sealed catalog, the records found corrupt
 * (listed apart, by id; the rest stays usable), and the active identity's id (storage.local). */
export const identityList: Handler<'identity.list'> = async () => {
  const { views, corrupt } = await vault.catalog();
  const bad = new Set(corrupt.map((c) => c.recordId));
  const sorted = vault.sortedViews(views);
  const identities = bad.size ? sorted.filter((v) => !bad.has(v.id)) : sorted;
  const stored = (await browser.storage.local.get('activeId'))['activeId'];
  const activeId = typeof stored === 'string' && identities.some((v) => v.id === stored) ? stored : null;
  return { identities, corrupt, activeId };
};
