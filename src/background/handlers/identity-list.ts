import { SigvaultError } from '../../core/errors.ts';
import { browser } from '../../platform/browser.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import { isSignedIn } from '../../core/sso/sources.ts';
import { sourceFallbackName, sourceOf } from '../../shared/list-order.ts';
import { listOrder } from '../../shared/list-sort.ts';
import type { IdentityView, ListSourceView, ResponseOf } from '../../shared/protocol.ts';
import { overridesOf } from '../../shared/endpoint-overrides.ts';
import { readPrefs } from '../vault/prefs.ts';
import { readVaultSettings } from '../vault/settings.ts';
import { readSources } from '../sso/store.ts';
import { cachedEnd } from '../sts/sessions.ts';
import * as vault from '../vault/service.ts';
import { optionalBoolean } from '../validate.ts';

/** The display order, cached per catalog version and prefs object (both replaced on every change). */
const displayCache = new WeakMap<IdentityView[], { prefs: object; names: string; order: IdentityView[] }>();

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
  const [{ views, corrupt }, prefs, stored, sealed, ssoSources] = await Promise.all([vault.catalog(), readPrefs(), browser.storage.local.get('activeId'), readVaultSettings(), readSources()]);
  const bad = new Set(corrupt.map((c) => c.recordId));
  const sorted = vault.sortedViews(views);
  const usable = bad.size ? sorted.filter((v) => !bad.has(v.id)) : sorted;
  const { sources, sessionEnds } = await federatedState(usable, ssoSources);
  let identities = usable;
  if (display) {
    const sourceNames = Object.fromEntries(sources.map((s) => [s.key, s.name]));
    const names = JSON.stringify(sourceNames);
    let cached = displayCache.get(usable);
    if (!cached || cached.prefs !== prefs || cached.names !== names) {
      displayCache.set(usable, (cached = { prefs, names, order: listOrder(usable, prefs, { sortedByLabel: true, sourceNames }) }));
    }
    identities = limit === undefined ? cached.order : cached.order.slice(0, limit);
  }
  const activeId = typeof stored['activeId'] === 'string' && views.has(stored['activeId']) && !bad.has(stored['activeId']) ? stored['activeId'] : null;
  // the endpoint overrides in force come with the first rows: the popup names them before anything can be opened
  return { identities, total: usable.length, corrupt, activeId, prefs, overrides: overridesOf(sealed.endpoints), sources, sessionEnds };
}

/**
 * The sources the list groups federated identities by — every Identity Center source (named by its label,
 * with its sign-in state), each SAML provider and web identity issuer the identities name — and when each
 * SAML identity's cached credentials end (they cannot be renewed without a new sign-in at the IdP).
 */
async function federatedState(views: readonly IdentityView[], ssoSources: Awaited<ReturnType<typeof readSources>>): Promise<Pick<ResponseOf<'identity.list'>, 'sources' | 'sessionEnds'>> {
  const now = Date.now();
  const sources: ListSourceView[] = ssoSources.map((s) => {
    const view: ListSourceView = { key: `sso:${s.id}`, name: s.label, signedIn: isSignedIn(s, now) };
    if (s.token && typeof s.token.refreshToken !== 'string') view.expiresAt = s.token.accessTokenExpiresAt;
    return view;
  });
  const known = new Set(sources.map((s) => s.key));
  const saml: string[] = [];
  for (const v of views) {
    const key = sourceOf(v);
    if (key !== undefined && !known.has(key)) {
      known.add(key);
      sources.push({ key, name: sourceFallbackName(key) });
    }
    if (v.kind === 'saml') saml.push(v.id);
  }
  const sessionEnds: Record<string, number> = {};
  const ends = await Promise.all(saml.map((id) => cachedEnd(id).catch(() => undefined)));
  saml.forEach((id, i) => { if (ends[i] !== undefined) sessionEnds[id] = ends[i]!; });
  return { sources, sessionEnds };
}
