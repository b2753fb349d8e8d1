/**
 * `sso.sync`: list every account and role of an Identity Center source through the access portal
 * (every page, bounded concurrency, backoff on throttling: ../../core/sso/portal.ts) and bring the
 * source's `sso` identities in line (../../core/sso/sync.ts plans it): new assignments added, renamed
 * accounts updated, assignments no longer listed marked `vanishedAt` — each identity keeps its label,
 * colour, region, container, favorite and alias. One sync per source at a time; progress goes to open
 * pages as `sso.progress`.
 * @module
 */
import { planSsoSync, ssoLabel } from '../../core/sso/sync.ts';
import { partitionOfRegion } from '../../core/sts/partition.ts';
import { newRecordId } from '../../core/vault/format.ts';
import type { SsoRole, StoredIdentity } from '../../core/vault/identity.ts';
import { broadcast } from '../../platform/background-messaging.ts';
import type { SsoSyncResult } from '../../shared/protocol.ts';
import { once } from '../sts/sessions.ts';
import * as vault from '../vault/service.ts';
import { withAccessToken } from './access.ts';
import { onFirstSignIn } from './signin.ts';
import { changeSource, readSource } from './store.ts';

/** Syncs a source (a second call while one runs gets the same result). */
export function syncSource(sourceId: string): Promise<SsoSyncResult> {
  return once(`sso-sync:${sourceId}`, () => run(sourceId, vault.lockGuard()));
}

// A first sign-in lists the accounts without being asked (errors reach pages as sso.changed).
onFirstSignIn((sourceId) => {
  syncSource(sourceId).then(
    () => broadcast('sso.changed', { sourceId, signedIn: true }),
    (e: unknown) => broadcast('sso.changed', { sourceId, signedIn: true, error: e instanceof Error ? e.message : 'The sync failed.' }),
  );
});

async function run(sourceId: string, guard: vault.LockGuard): Promise<SsoSyncResult> {
  return withAccessToken(sourceId, guard, async (token, source, { portal, portalRequests }) => {
    let last = 0;
    const listing = await portal.listAssignments(token, source.region, {
      onProgress: ({ done, total }) => {
        // at most ~100 events per sync, and always the last one
        if (done === total || done - last >= Math.max(1, Math.floor(total / 100))) {
          last = done;
          broadcast('sso.progress', { sourceId, done, total });
        }
      },
    });
    guard.check();
    const { identities } = await vault.allIdentities();
    const mine = identities.filter((i): i is SsoRole => i.kind === 'sso' && i.sourceId === sourceId);
    const plan = planSsoSync(mine, listing);
    const now = Date.now();
    const partition = partitionOfRegion(source.region);
    guard.check();
    // The source may have been removed while the portal was read: then nothing is added for it.
    await readSource(sourceId);
    // Changes apply to each identity as it is NOW (an edit made during the listing is kept): only the
    // account name and the vanished mark are the sync's to set.
    const current = async (id: string): Promise<SsoRole | undefined> => {
      const i = await vault.identity(id).catch(() => undefined);
      return i?.kind === 'sso' && i.sourceId === sourceId ? i : undefined;
    };
    const put: StoredIdentity[] = [];
    for (const a of plan.add) {
      put.push({ kind: 'sso', id: newRecordId(), label: ssoLabel(a.accountName, a.accountId, a.roleName), sourceId, accountId: a.accountId, accountName: a.accountName, roleName: a.roleName, partition, createdAt: now, updatedAt: now });
    }
    for (const u of plan.update) {
      const cur = await current(u.id);
      if (!cur) continue;
      const { vanishedAt: _v, ...rest } = cur;
      put.push({ ...(u.returned ? rest : cur), accountName: u.accountName, updatedAt: now });
    }
    for (const id of plan.vanished) {
      const cur = await current(id);
      if (cur) put.push({ ...cur, vanishedAt: now, updatedAt: now });
    }
    guard.check();
    if (put.length > 0) await vault.saveIdentities(put);
    const roles = listing.reduce((n, a) => n + a.roles.length, 0);
    await changeSource(sourceId, (s) => ({ ...s, lastSync: { at: now, accounts: listing.length, roles } }), guard);
    return { accounts: listing.length, roles, added: plan.add.length, updated: plan.update.length, vanished: plan.vanished.length, requests: portalRequests() };
  });
}
