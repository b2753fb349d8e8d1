import { describe, expect, it } from 'vitest';
import type { IdentityView } from '../shared/protocol.ts';
import { accountOf, chipColor, filterIdentities, fuzzyScore, groupByAccount, listRows, roleNameOf, rowOffsets, searchIndex, visibleRange, type Row } from './match.ts';
import { listOrder } from '../shared/list-sort.ts';
import { strengthOf } from '../core/vault/passphrase-policy.ts';

const base = { createdAt: 0, updatedAt: 0 };
const user = (id: string, label: string, account?: string): IdentityView =>
  ({ ...base, id, label, kind: 'user', accessKeyIdMasked: 'AKIA…TEST', mfa: false, ...(account ? { account } : {}) });
const role = (id: string, label: string, arn: string): IdentityView =>
  ({ ...base, id, label, kind: 'role', roleArn: arn, sourceId: 'u1', mfa: false, hasExternalId: false });

const views = [
  user('u1', 'alice', '111111111111'),
  role('r1', 'prod admin', 'arn:aws:iam::222222222222:role/path/Administrator'),
  role('r2', 'staging', 'arn:aws:iam::333333333333:role/ReadOnly'),
  user('u2', 'new keys'),
];

describe('popup list helpers', () => {
  it('finds the account and role name', () => {
    expect(accountOf(views[0]!)).toBe('111111111111');
    expect(accountOf(views[1]!)).toBe('222222222222');
    expect(accountOf(views[3]!)).toBeUndefined();
    expect(roleNameOf(views[1]!)).toBe('Administrator');
  });

  it('fuzzy-matches label, account and role name, best first', () => {
    expect(filterIdentities(views, 'readonly').map((v) => v.id)).toEqual(['r2']);
    expect(filterIdentities(views, '3333').map((v) => v.id)).toEqual(['r2']);
    expect(filterIdentities(views, 'pa').map((v) => v.id)[0]).toBe('r1');
    expect(filterIdentities(views, 'xyzzy')).toEqual([]);
    expect(filterIdentities(views, '  ')).toHaveLength(4);
    expect(fuzzyScore('adm', 'prod-admin')).toBeGreaterThan(fuzzyScore('adm', 'a-d-m'));
    expect(fuzzyScore('pda', 'prod admin')).toBeGreaterThan(0);
    expect(fuzzyScore('zz', 'prod admin')).toBe(-1);
  });

  it('groups by account in order of appearance; unknown accounts together', () => {
    const groups = groupByAccount([...views, user('u3', 'bob', '111111111111')]);
    expect(groups.map((g) => [g.account, g.items.map((v) => v.id)])).toEqual([
      ['111111111111', ['u1', 'u3']], ['222222222222', ['r1']], ['333333333333', ['r2']], ['', ['u2']],
    ]);
  });

  it('searches 2,000 identities (timing: npm run bench, not here)', () => {
    const many = Array.from({ length: 2000 }, (_, i) => role(`r${i}`, `team-${i} role`, `arn:aws:iam::${String(i).padStart(12, '0')}:role/Role${i}`));
    const search = searchIndex(many);
    expect(search('team-1999')[0]!.id).toBe('r1999');
    expect(groupByAccount(search('role19'))[0]!.items[0]!.id).toBe('r19');
  });
});

describe('chip colour', () => {
  it('puts only #rrggbb into CSS; anything else stored gets the hue from the id', () => {
    const base = { id: 'abc', kind: 'role', label: 'x', roleArn: 'arn:aws:iam::123456789012:role/x', sourceId: 'u', mfa: false, hasExternalId: false, createdAt: 1, updatedAt: 1 } as IdentityView;
    const fallback = chipColor(base);
    expect(fallback).toMatch(/^hsl\(\d+ 60% 50%\)$/);
    expect(chipColor({ ...base, color: '#1E88e5' })).toBe('#1E88e5');
    for (const color of ['url(http://127.0.0.1:9/x.png)', 'red', '#fff', '#1e88e5;background:url(x)', 'var(--x)', 'image-set("x.png" 1x)']) {
      expect(chipColor({ ...base, color }), color).toBe(fallback);
    }
  });
});

describe('passphrase strength', () => {
  it('rates short or simple passphrases weak and four random words good or better', () => {
    expect(strengthOf('')).toBe('empty');
    expect(strengthOf('hunter2')).toBe('weak');
    expect(strengthOf('password')).toBe('weak');
    expect(['good', 'strong']).toContain(strengthOf('correct horse battery staple'));
    expect(strengthOf('gravel orbit tundra pickle lantern velvet')).toBe('strong');
  });
});

describe('list rows and the virtual window', () => {
  const mk = (id: string, label: string, account: string): IdentityView =>
    ({ ...base, id, label, kind: 'role', roleArn: `arn:aws:iam::${account}:role/R`, sourceId: 'u', mfa: false, hasExternalId: false });
  const list = [mk('f', 'fav', '999999999999'), mk('a', 'a1', '111111111111'), mk('b', 'a2', '111111111111'), mk('c', 'c1', '222222222222')];
  const prefs = { favorites: ['f'], recent: [], aliases: { '222222222222': 'prod' } };

  it('puts a heading over each section, in the order given, and numbers the identities', () => {
    const { rows, items } = listRows(list, prefs, '', searchIndex(list));
    expect(rows.map((r) => (r.kind === 'head' ? `#${r.key}:${r.count}` : r.kind === 'source' ? `^${r.key}` : `${r.view.id}@${r.index}`)))
      .toEqual(['#fav:1', 'f@0', '#acct:111111111111:2', 'a@1', 'b@2', '#acct:222222222222:1', 'c@3']);
    expect(items.map((v) => v.id)).toEqual(['f', 'a', 'b', 'c']);
  });

  it('with a query: matches grouped by account, favorites ahead of equal matches, aliases searched', () => {
    const search = searchIndex(list, (v) => (v.id === 'c' ? 40 : 0), prefs.aliases);
    expect(listRows(list, prefs, 'prod', search).items.map((v) => v.id)).toEqual(['c']);
    const { rows } = listRows(list, prefs, 'a', search);
    expect(rows[0]).toMatchObject({ kind: 'head' });
  });

  const sso = (id: string, label: string, sourceId: string, accountId: string): IdentityView =>
    ({ ...base, id, label, kind: 'sso', sourceId, accountId, roleName: 'Admin' });
  const saml = (id: string, label: string, account: string): IdentityView =>
    ({ ...base, id, label, kind: 'saml', roleArn: `arn:aws:iam::${account}:role/R`, principalArn: `arn:aws:iam::${account}:saml-provider/Okta` });
  const shape = (rows: Row[]) => rows.map((r) => (r.kind === 'head' ? `#${r.key}` : r.kind === 'source' ? `^${r.key}` : r.view.id));

  it('puts federated identities under their source, then their account (one source heading per source)', () => {
    const fed = [...list, sso('s1', 'x', 'src1', '111111111111'), sso('s2', 'y', 'src1', '333333333333'), saml('m1', 'z', '111111111111')];
    const order = listOrder(fed, prefs, { sourceNames: { 'sso:src1': 'my-org' } });
    expect(shape(listRows(order, prefs, '', searchIndex(order)).rows)).toEqual([
      '#fav', 'f', '#acct:111111111111', 'a', 'b', '#acct:222222222222', 'c',
      '^sso:src1', '#src:sso:src1|111111111111', 's1', '#src:sso:src1|333333333333', 's2',
      '^saml:arn:aws:iam::111111111111:saml-provider/Okta', '#src:saml:arn:aws:iam::111111111111:saml-provider/Okta|111111111111', 'm1',
    ]);
    // a search keeps a source's sections together, at the source's best match
    const search = searchIndex(fed);
    expect(shape(listRows(fed, prefs, 'y', search).rows)).toEqual(['^sso:src1', '#src:sso:src1|333333333333', 's2']);
    const both = listRows(fed, prefs, '1111', search).rows;
    expect(shape(both).filter((k) => k.startsWith('^'))).toEqual(['^sso:src1', '^saml:arn:aws:iam::111111111111:saml-provider/Okta']);
    // the source heading has its own height
    const { tops } = rowOffsets(listRows(fed, prefs, 'y', search).rows);
    expect([...tops]).toEqual([0, 22, 42]);
  });

  it('offsets rows by their fixed heights and finds the rows in view', () => {
    const { rows } = listRows(list, prefs, '', searchIndex(list));
    const { tops, height } = rowOffsets(rows);
    expect([...tops]).toEqual([0, 20, 48, 68, 96, 124, 144]); // heads 20 px, identities 28 px
    expect(height).toBe(172);
    expect(visibleRange(tops, height, 0, 50, 0)).toEqual([0, 3]);
    expect(visibleRange(tops, height, 100, 50, 0)).toEqual([4, 7]);
    expect(visibleRange(tops, height, 100, 50, 2)).toEqual([2, 7]);
    expect(visibleRange(tops, height, 10_000, 50, 0)).toEqual([6, 7]);
    expect(visibleRange(new Int32Array(0), 0, 0, 50)).toEqual([0, 0]);
  });
});
