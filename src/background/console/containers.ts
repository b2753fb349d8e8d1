/**
 * Firefox containers for console sign-ins: each identity's console can open in a container of its own,
 * so several accounts' consoles live side by side (each container has its own cookies, so one sign-in
 * does not replace another).
 *
 * - Whether: the identity's `container` ('own' / 'none') over the sealed `consoleContainers` setting
 *   (core/containers.ts `wantsContainer`).
 * - Which: the container Sigvault made for that identity, if it still exists; else a new one. Its name
 *   (the label, with the account alias when the list prefs have one), colour (nearest to the identity's)
 *   and icon (by kind) are brought up to date on every use.
 * - Memory: which containers Sigvault made, `{ cookieStoreId: identityId }`, sealed in the vault (record
 *   id {@link MAP_ID}, of the `prefs` kind: like the list's arrangement, it is bookkeeping, opened only
 *   while unlocked). Only containers listed there are ever renamed, listed or removed: never one the user
 *   made, even with the same name. Sealed, not in `storage.local`, because whatever can write the
 *   profile could otherwise list a user's own container ("Banking") there and have Sigvault's cleanup
 *   delete it, or a sign-in take it over. Not carried by backups: containers belong to one Firefox profile.
 * - Where `browser.contextualIdentities` is missing (Chromium) or containers are turned off in Firefox
 *   (`privacy.userContext.enabled` false: the API then throws), nothing here changes anything.
 * @module
 */
import { containerLook, parseContainerMap, wantsContainer } from '../../core/containers.ts';
import { SigvaultError } from '../../core/errors.ts';
import { toView, type StoredIdentity } from '../../core/vault/identity.ts';
import { browser } from '../../platform/browser.ts';
import { accountOf } from '../../shared/list-order.ts';
import type { ConsoleContainerView } from '../../shared/protocol.ts';
import { sealRecord } from '../../core/vault/record.ts';
import { readPrefs } from '../vault/prefs.ts';
import * as vault from '../vault/service.ts';
import { serialQueue } from '../serial.ts';

/** The sealed record of Sigvault's containers (kind `prefs`). */
export const MAP_ID = 'console-containers';

interface Identity {
  name: string;
  color: string;
  icon: string;
  cookieStoreId: string;
}
interface ContextualIdentitiesApi {
  get(cookieStoreId: string): Promise<Identity>;
  query(details: { name?: string }): Promise<Identity[]>;
  create(details: { name: string; color: string; icon: string }): Promise<Identity>;
  update(cookieStoreId: string, details: { name?: string; color?: string; icon?: string }): Promise<Identity>;
  remove(cookieStoreId: string): Promise<Identity>;
}

function api(): ContextualIdentitiesApi | undefined {
  const ci = (browser as unknown as { contextualIdentities?: ContextualIdentitiesApi }).contextualIdentities;
  return typeof ci?.query === 'function' ? ci : undefined;
}

/**
 * Whether containers can be used now: the API exists (Firefox, with the permission) and answers (Firefox
 * throws "Contextual identities are currently disabled" when the user turned containers off).
 */
export async function containersSupported(): Promise<boolean> {
  const ci = api();
  if (!ci) return false;
  try {
    await ci.query({});
    return true;
  } catch {
    return false;
  }
}

/** Everything here runs one at a time: two sign-ins of one identity must not make two containers. */
const serial = serialQueue();

/** The remembered map (LOCKED while locked). A record that does not open counts as empty: nothing is touched. */
async function readMap(): Promise<Record<string, string>> {
  // in the catalog's queue, under the key current then (a re-key cannot slip in between)
  return parseContainerMap((await vault.readSealed(MAP_ID, 'prefs')).value);
}
async function writeMap(map: Record<string, string>): Promise<void> {
  await vault.writeSealed(async (key) => [await sealRecord(key.key, key.vaultId, 'prefs', MAP_ID, map)]);
}

async function existing(ci: ContextualIdentitiesApi, cookieStoreId: string): Promise<Identity | undefined> {
  try {
    return await ci.get(cookieStoreId);
  } catch {
    return undefined; // the user removed it (or containers were reset)
  }
}

/** Where an identity's console opens: a container's cookieStoreId, or none; and what to tell the user. */
export interface ContainerChoice {
  cookieStoreId?: string;
  notice?: string;
}

/**
 * The container an identity's console opens in, made or updated as needed — or none, when neither the
 * identity nor the global setting asks for one, or the browser has no containers (then a notice, if the
 * identity explicitly asked for its own). A container API failure is not fatal: the console opens
 * without a container and a notice says so.
 */
export async function containerFor(identity: StoredIdentity, globalSetting: boolean): Promise<ContainerChoice> {
  if (identity.kind === 'unknown') return {};
  const preference = identity.container;
  if (!wantsContainer(preference, globalSetting)) return {};
  if (!(await containersSupported())) {
    return preference === 'own' ? { notice: 'This browser has no containers (or they are turned off): the console opened without one.' } : {};
  }
  const account = accountOf(toView(identity));
  const alias = account ? (await readPrefs().catch(() => undefined))?.aliases[account] : undefined;
  const look = containerLook(identity, alias);
  try {
    return { cookieStoreId: await serial(() => ensureContainer(identity.id, look)) };
  } catch {
    return { notice: 'Firefox refused to make a container: the console opened without one.' };
  }
}

async function ensureContainer(identityId: string, look: { name: string; color: string; icon: string }): Promise<string> {
  const ci = api()!;
  const map = await readMap();
  for (const [cookieStoreId, id] of Object.entries(map)) {
    if (id !== identityId) continue;
    const c = await existing(ci, cookieStoreId);
    if (!c) {
      delete map[cookieStoreId];
      continue;
    }
    if (c.name !== look.name || c.color !== look.color || c.icon !== look.icon) await ci.update(cookieStoreId, look);
    await writeMap(map);
    return cookieStoreId;
  }
  const made = await ci.create(look);
  map[made.cookieStoreId] = identityId;
  await writeMap(map);
  return made.cookieStoreId;
}

/**
 * `console.containers`: Sigvault's containers that still exist (the ones the user removed are forgotten).
 * Where containers exist, the vault must be unlocked (the list is sealed): LOCKED otherwise.
 */
export function listContainers(): Promise<{ supported: boolean; containers: ConsoleContainerView[] }> {
  return serial(async () => {
    if (!(await containersSupported())) return { supported: false, containers: [] };
    const ci = api()!;
    const map = await readMap();
    const containers: ConsoleContainerView[] = [];
    let changed = false;
    for (const [cookieStoreId, identityId] of Object.entries(map)) {
      const c = await existing(ci, cookieStoreId);
      if (!c) {
        delete map[cookieStoreId];
        changed = true;
        continue;
      }
      const tabs = await browser.tabs.query({ cookieStoreId });
      containers.push({ cookieStoreId, name: c.name, color: c.color, icon: c.icon, identityId, tabCount: tabs.length });
    }
    if (changed) await writeMap(map);
    return { supported: true, containers };
  });
}

/**
 * `console.cleanupContainers`: closes the tabs of Sigvault's containers, removes the containers (Firefox
 * deletes their cookies) and forgets them. Only the ones it remembers making: never a container the user
 * made.
 * @throws UNSUPPORTED where there are no containers (nothing changed); LOCKED while locked
 */
export function cleanupContainers(): Promise<number> {
  return serial(async () => {
    if (!(await containersSupported())) {
      throw new SigvaultError('UNSUPPORTED', 'This browser has no containers (Firefox only, with containers turned on): there is nothing to remove.');
    }
    const ci = api()!;
    const map = await readMap();
    let removed = 0;
    for (const cookieStoreId of Object.keys(map)) {
      if (await existing(ci, cookieStoreId)) {
        // Firefox's API removes the container (and its cookies) but leaves its tabs open, tied to a
        // container that no longer exists: close them first, as Firefox's own "remove container" does.
        const tabs = await browser.tabs.query({ cookieStoreId });
        const tabIds = tabs.map((t) => t.id).filter((id): id is number => id !== undefined);
        if (tabIds.length > 0) await browser.tabs.remove(tabIds);
        await ci.remove(cookieStoreId);
        removed++;
      }
      delete map[cookieStoreId];
      await writeMap(map);
    }
    return removed;
  });
}

