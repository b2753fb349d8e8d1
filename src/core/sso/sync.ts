/**
 * Identity Center sync planner: PURE. Given the `sso` identities a source already has and a fresh
 * listing (./portal.ts `listAssignments`), say what to add, what to update (an account renamed, or a
 * role back after it had vanished), which identities newly vanished, and how many stay as they are. The
 * background applies the plan, keeping each identity's favourite, alias, colour and label.
 *
 * Deterministic: every list ordered by account name (case-insensitive, then exact), account id, role
 * name, then id. A pair listed twice counts once; several existing identities for one pair are all
 * kept (each updated if needed).
 * @module
 */

import { LABEL_MAX_LENGTH, UNSAFE_TEXT, validateLabel } from '../vault/identity.ts';
import type { Assignment } from './portal.ts';

export interface ExistingSsoIdentity {
  id: string;
  accountId: string;
  roleName: string;
  accountName?: string;
  vanishedAt?: number;
}

export interface SsoSyncPlan {
  add: Array<{ accountId: string; accountName: string; roleName: string }>;
  /** Only changed account names, or identities back from vanished (`returned: true`: clear vanishedAt). */
  update: Array<{ id: string; accountName: string; returned?: true }>;
  /** Ids that vanished in this sync (already-vanished ones are not repeated). */
  vanished: string[];
  unchanged: number;
}

type Listing = ReadonlyArray<Pick<Assignment, 'accountId' | 'accountName' | 'roles'>>;

const key = (accountId: string, roleName: string): string => `${accountId}\u0000${roleName}`;

function compare(a: { accountName?: string | undefined; accountId: string; roleName: string; id?: string }, b: typeof a): number {
  const an = (a.accountName ?? '').toLowerCase();
  const bn = (b.accountName ?? '').toLowerCase();
  if (an !== bn) return an < bn ? -1 : 1;
  if ((a.accountName ?? '') !== (b.accountName ?? '')) return (a.accountName ?? '') < (b.accountName ?? '') ? -1 : 1;
  if (a.accountId !== b.accountId) return a.accountId < b.accountId ? -1 : 1;
  if (a.roleName !== b.roleName) return a.roleName < b.roleName ? -1 : 1;
  const ai = a.id ?? '';
  const bi = b.id ?? '';
  return ai === bi ? 0 : ai < bi ? -1 : 1;
}

/**
 * Plan a re-sync. O(n log n) in identities + listed roles.
 * @example planSsoSync([{ id: 'a', accountId: '111111111111', roleName: 'Admin', accountName: 'Prod' }], [{ accountId: '111111111111', accountName: 'Production', roles: ['Admin', 'ReadOnly'] }])
 * // { add: [{ accountId: '111111111111', accountName: 'Production', roleName: 'ReadOnly' }], update: [{ id: 'a', accountName: 'Production' }], vanished: [], unchanged: 0 }
 */
export function planSsoSync(existing: readonly ExistingSsoIdentity[], listing: Listing): SsoSyncPlan {
  const listed = new Map<string, { accountId: string; accountName: string; roleName: string }>();
  for (const a of listing) {
    for (const roleName of a.roles) {
      const k = key(a.accountId, roleName);
      if (!listed.has(k)) listed.set(k, { accountId: a.accountId, accountName: a.accountName, roleName });
    }
  }
  const have = new Set<string>();
  const update: Array<SsoSyncPlan['update'][number] & { roleName: string; accountId: string }> = [];
  const vanished: ExistingSsoIdentity[] = [];
  let unchanged = 0;
  for (const e of existing) {
    const k = key(e.accountId, e.roleName);
    const l = listed.get(k);
    if (l) {
      have.add(k);
      const returned = e.vanishedAt !== undefined;
      const renamed = l.accountName !== '' && l.accountName !== (e.accountName ?? '');
      if (returned || renamed) {
        const name = l.accountName !== '' ? l.accountName : (e.accountName ?? '');
        update.push({ id: e.id, accountName: name, accountId: e.accountId, roleName: e.roleName, ...(returned ? { returned: true as const } : {}) });
      } else unchanged++;
    } else if (e.vanishedAt === undefined) vanished.push(e);
    else unchanged++;
  }
  const add = [...listed.entries()].filter(([k]) => !have.has(k)).map(([, v]) => v);
  add.sort(compare);
  update.sort(compare);
  vanished.sort(compare);
  return {
    add,
    update: update.map((u) => ({ id: u.id, accountName: u.accountName, ...(u.returned ? { returned: true as const } : {}) })),
    vanished: vanished.map((v) => v.id),
    unchanged,
  };
}

function clean(text: string): string {
  return [...text.normalize('NFC')].filter((c) => !UNSAFE_TEXT.test(c)).join('').replace(/\s+/g, ' ').trim();
}

/**
 * Default label of a synced role: `<account name> / <role>` (the account id when the name is empty),
 * control and invisible formatting characters dropped, the account part shortened with `…` so the whole
 * is at most {@link LABEL_MAX_LENGTH} (64) characters; valid for `validateLabel`.
 * @example ssoLabel('Production', '111122223333', 'AdministratorAccess') // 'Production / AdministratorAccess'
 */
export function ssoLabel(accountName: string | undefined, accountId: string, roleName: string): string {
  const role = clean(roleName ?? '') || 'role';
  const account = clean(accountName ?? '') || clean(accountId ?? '') || 'account';
  const sep = ' / ';
  const roleChars = [...role];
  const roleShown = roleChars.length > LABEL_MAX_LENGTH - sep.length - 2 ? roleChars.slice(0, LABEL_MAX_LENGTH - sep.length - 3).join('') + '…' : role;
  const room = LABEL_MAX_LENGTH - sep.length - [...roleShown].length;
  const accChars = [...account];
  const accShown = accChars.length > room ? accChars.slice(0, Math.max(1, room - 1)).join('').trimEnd() + '…' : account;
  return validateLabel(`${accShown}${sep}${roleShown}`);
}
