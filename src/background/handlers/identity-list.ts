import type { Handler } from '../../platform/messaging.ts';
import * as vault from '../vault/service.ts';

/** `identity.list` → view models (no secrets), from the sealed catalog, and the records
 * found corrupt (listed apart, by id; the rest stays usable). */
export const identityList: Handler<'identity.list'> = async () => {
  const { views, corrupt } = await vault.catalog();
  const bad = new Set(corrupt.map((c) => c.recordId));
  const sorted = vault.sortedViews(views);
  const identities = bad.size ? sorted.filter((v) => !bad.has(v.id)) : sorted;
  return { identities, corrupt };
};
