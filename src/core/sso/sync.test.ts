import { describe, expect, it } from 'vitest';
import { LABEL_MAX_LENGTH, validateLabel } from '../vault/identity.ts';
import { planSsoSync, ssoLabel, type ExistingSsoIdentity } from './sync.ts';

const listing = [
  { accountId: '222222222222', accountName: 'beta', roles: ['ReadOnly', 'Admin'] },
  { accountId: '111111111111', accountName: 'Alpha', roles: ['Admin'] },
];

describe('planSsoSync', () => {
  it('first sync: everything added, ordered by account name (case-insensitive) then role', () => {
    expect(planSsoSync([], listing)).toEqual({
      add: [
        { accountId: '111111111111', accountName: 'Alpha', roleName: 'Admin' },
        { accountId: '222222222222', accountName: 'beta', roleName: 'Admin' },
        { accountId: '222222222222', accountName: 'beta', roleName: 'ReadOnly' },
      ],
      update: [],
      vanished: [],
      unchanged: 0,
    });
  });

  it('re-sync: unchanged counted, renamed account updated, removed role vanished, new role added, vanished one back', () => {
    const existing: ExistingSsoIdentity[] = [
      { id: 'a1', accountId: '111111111111', roleName: 'Admin', accountName: 'Alpha' },
      { id: 'b1', accountId: '222222222222', roleName: 'Admin', accountName: 'Beta (old)' },
      { id: 'b2', accountId: '222222222222', roleName: 'ReadOnly', accountName: 'beta', vanishedAt: 5 },
      { id: 'c1', accountId: '333333333333', roleName: 'Admin', accountName: 'Gone' },
      { id: 'c2', accountId: '333333333333', roleName: 'Old', accountName: 'Gone', vanishedAt: 1 },
    ];
    const plan = planSsoSync(existing, [...listing, { accountId: '111111111111', accountName: 'Alpha', roles: ['Billing'] }]);
    expect(plan).toEqual({
      add: [{ accountId: '111111111111', accountName: 'Alpha', roleName: 'Billing' }],
      update: [
        { id: 'b1', accountName: 'beta' },
        { id: 'b2', accountName: 'beta', returned: true },
      ],
      vanished: ['c1'],
      unchanged: 2,
    });
  });

  it('is deterministic whatever the input order, and counts a pair listed twice once', () => {
    const a = planSsoSync([], [...listing, listing[0]!]);
    const b = planSsoSync([], [...listing].reverse());
    expect(a).toEqual(b);
  });

  it('an empty account name in the listing keeps the stored one', () => {
    const plan = planSsoSync([{ id: 'x', accountId: '111111111111', roleName: 'Admin', accountName: 'Alpha' }], [{ accountId: '111111111111', accountName: '', roles: ['Admin'] }]);
    expect(plan).toEqual({ add: [], update: [], vanished: [], unchanged: 1 });
  });

  it('3,000 identities re-synced against an unchanged listing: nothing to do', () => {
    const list = Array.from({ length: 1000 }, (_, i) => ({ accountId: String(100000000000 + i), accountName: `Account ${i}`, roles: ['A', 'B', 'C'] }));
    const existing = list.flatMap((a) => a.roles.map((r) => ({ id: `${a.accountId}/${r}`, accountId: a.accountId, roleName: r, accountName: a.accountName })));
    expect(planSsoSync(existing, list)).toEqual({ add: [], update: [], vanished: [], unchanged: 3000 });
  });
});

describe('ssoLabel', () => {
  it('account name / role, or the account id', () => {
    expect(ssoLabel('Production', '111122223333', 'AdministratorAccess')).toBe('Production / AdministratorAccess');
    expect(ssoLabel('', '111122223333', 'ReadOnly')).toBe('111122223333 / ReadOnly');
    expect(ssoLabel(undefined, '111122223333', 'ReadOnly')).toBe('111122223333 / ReadOnly');
  });

  it('at most 64 characters, control and bidi characters dropped, always a valid label', () => {
    const long = ssoLabel('A very long account name that goes on and on and on for a while', '111122223333', 'AdministratorAccess');
    expect([...long].length).toBeLessThanOrEqual(LABEL_MAX_LENGTH);
    expect(long).toMatch(/… \/ AdministratorAccess$/);
    const evil = ssoLabel('Prod\u202e\u0000uction\n', '111122223333', 'Read\u200bOnly');
    expect(evil).toBe('Production / ReadOnly');
    expect(validateLabel(ssoLabel('😀'.repeat(80), '1', 'x'.repeat(64)))).toBeTruthy();
    expect([...ssoLabel('😀'.repeat(80), '1', 'x'.repeat(64))].length).toBeLessThanOrEqual(64);
  });
});
