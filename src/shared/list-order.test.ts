import { describe, expect, it } from 'vitest';
import type { IdentityView } from './protocol.ts';
import { RECENT_KEPT, RECENT_SHOWN, sections } from './list-order.ts';
import { listOrder } from './list-sort.ts';
import { checkAlias, parsePrefs } from './prefs-parse.ts';

const base = { createdAt: 0, updatedAt: 0 };
const role = (id: string, label: string, account: string): IdentityView =>
  ({ ...base, id, label, kind: 'role', roleArn: `arn:aws:iam::${account}:role/R`, sourceId: 'u', mfa: false, hasExternalId: false });
const user = (id: string, label: string, account?: string): IdentityView =>
  ({ ...base, id, label, kind: 'user', accessKeyIdMasked: 'AKIA…TEST', mfa: false, ...(account ? { account } : {}) });

const views = [
  role('a', 'zeta', '222222222222'),
  role('b', 'alpha', '222222222222'),
  role('c', 'beta', '111111111111'),
  user('d', 'keys not tested yet'),
  role('e', 'Role 10', '333333333333'),
  role('f', 'role 9', '333333333333'),
];
const labels = (vs: IdentityView[]) => vs.map((v) => v.label);
const none = { favorites: [], recent: [], aliases: {} };

describe('listOrder', () => {
  it('groups by account (by id without aliases), labels in natural order, unknown accounts last', () => {
    expect(labels(listOrder(views, none))).toEqual(['beta', 'alpha', 'zeta', 'role 9', 'Role 10', 'keys not tested yet']);
  });

  it('orders accounts by alias when they have one', () => {
    const order = listOrder(views, { ...none, aliases: { '333333333333': 'aaa-first', '111111111111': 'zzz-last' } });
    // an account without alias goes by its id (digits sort before letters)
    expect(labels(order)).toEqual(['alpha', 'zeta', 'role 9', 'Role 10', 'beta', 'keys not tested yet']);
  });

  it('pins favorites on top (by label), then recent (most recent first), each identity once', () => {
    const order = listOrder(views, { favorites: ['a', 'c'], recent: ['f', 'a', 'd'], aliases: {} });
    expect(labels(order)).toEqual(['beta', 'zeta', 'role 9', 'keys not tested yet', 'alpha', 'Role 10']);
    expect(new Set(order).size).toBe(views.length);
  });

  it('shows at most RECENT_SHOWN recent ones and ignores ids that no longer exist', () => {
    const many = Array.from({ length: 12 }, (_, i) => role(`r${i}`, `r${String(i).padStart(2, '0')}`, '444444444444'));
    const order = listOrder(many, { favorites: ['gone'], recent: ['gone', 'r11', 'r10', 'r9', 'r8', 'r7', 'r6', 'r5'], aliases: {} });
    const s = sections({ favorites: ['gone'], recent: ['gone', 'r11', 'r10', 'r9', 'r8', 'r7', 'r6'], aliases: {} }, (id) => many.some((v) => v.id === id));
    expect(labels(order).slice(0, RECENT_SHOWN)).toEqual(['r11', 'r10', 'r09', 'r08', 'r07']);
    expect(labels(order).slice(RECENT_SHOWN)).toEqual(['r00', 'r01', 'r02', 'r03', 'r04', 'r05', 'r06']);
    expect(s.of(many[11]!)).toBe('recent');
    expect(s.of(many[6]!)).toBe('acct:444444444444');
  });

  it('is a total order: the first N of the whole list are the first N of any prefix re-sorted', () => {
    const prefs = { favorites: ['e'], recent: ['b'], aliases: { '222222222222': 'prod' } };
    const order = listOrder(views, prefs);
    for (let n = 1; n <= order.length; n++) expect(listOrder(order.slice(0, n), prefs)).toEqual(order.slice(0, n));
  });
});

describe('listOrder with federated identities', () => {
  const sso = (id: string, label: string, sourceId: string, accountId: string, accountName?: string): IdentityView =>
    ({ ...base, id, label, kind: 'sso', sourceId, accountId, roleName: 'Admin', ...(accountName ? { accountName } : {}) });
  const web = (id: string, label: string, issuer?: string): IdentityView =>
    ({ ...base, id, label, kind: 'web-identity', roleArn: 'arn:aws:iam::444444444444:role/Ci', ...(issuer ? { tokenIssuer: issuer } : {}) });
  const saml = (id: string, label: string, provider: string): IdentityView =>
    ({ ...base, id, label, kind: 'saml', roleArn: 'arn:aws:iam::555555555555:role/R', principalArn: `arn:aws:iam::555555555555:saml-provider/${provider}` });
  const fed = [
    ...views,
    sso('s1', 'b-role', 'z-src', '111111111111', 'Zulu'), sso('s2', 'a-role', 'z-src', '666666666666', 'Alpha'),
    sso('s3', 'c-role', 'a-src', '111111111111'),
    web('w1', 'ci'), saml('m1', 'okta role', 'Okta'), saml('m2', 'adfs role', 'ADFS'),
  ];

  it('groups them by source after the plain accounts (Identity Center by source name, then SAML, then web identity), accounts by name within, unknown accounts last', () => {
    const order = listOrder(fed, none, { sourceNames: { 'sso:z-src': 'a first by name', 'sso:a-src': 'b second' } });
    expect(order.map((v) => v.id)).toEqual(['c', 'b', 'a', 'f', 'e', 's2', 's1', 's3', 'm2', 'm1', 'w1', 'd']);
    expect(order.map((v) => sections(none, () => true).of(v)).slice(5, 8))
      .toEqual(['src:sso:z-src|666666666666', 'src:sso:z-src|111111111111', 'src:sso:a-src|111111111111']);
    // without names, a source sorts by its key's own name; aliases name Identity Center accounts too
    const aliased = listOrder(fed, { ...none, aliases: { '111111111111': 'Aardvark' } }, {});
    expect(aliased.filter((v) => v.kind === 'sso').map((v) => v.id)).toEqual(['s3', 's1', 's2']);
  });

  it('keeps favorites and recent on top, federated or not', () => {
    const order = listOrder(fed, { ...none, favorites: ['w1'], recent: ['s1'] });
    expect(order.slice(0, 2).map((v) => v.id)).toEqual(['w1', 's1']);
  });
});

describe('listOrder on input already sorted by label', () => {
  it('gives the same order as sorting from scratch', () => {
    const many = Array.from({ length: 300 }, (_, i) => role(`id${i}`, `role ${(i * 7919) % 300}`, String(100000000000 + (i % 13))));
    const prefs = { favorites: ['id5', 'id77'], recent: ['id9', 'id5', 'id200'], aliases: { '100000000003': 'b-alias', '100000000007': 'a-alias' } };
    const sorted = listOrder(many, { favorites: [], recent: [], aliases: {} }).slice().sort((a, b) => a.label.localeCompare(b.label, 'en', { numeric: true }));
    expect(listOrder(sorted, prefs, { sortedByLabel: true })).toEqual(listOrder([...many].reverse(), prefs));
  });
});

describe('prefs parsing', () => {
  it('keeps what is well formed and drops the rest, never throwing', () => {
    expect(parsePrefs(undefined)).toEqual(none);
    expect(parsePrefs('x')).toEqual(none);
    expect(parsePrefs({ favorites: ['a', 'a', 3, '', 'b'], recent: 'no', aliases: { '123456789012': ' prod ', '12': 'short id', '210987654321': 'bad\u0000', '111111111111': 7 } }))
      .toEqual({ favorites: ['a', 'b'], recent: [], aliases: { '123456789012': 'prod' } });
    expect(parsePrefs({ recent: Array.from({ length: 50 }, (_, i) => `id${i}`) }).recent).toHaveLength(RECENT_KEPT);
  });

  it('checks aliases: 1–64 characters, no control characters', () => {
    expect(checkAlias('  payments prod ')).toBe('payments prod');
    expect(checkAlias('')).toBeUndefined();
    expect(checkAlias('   ')).toBeUndefined();
    expect(checkAlias('x'.repeat(65))).toBeUndefined();
    expect(checkAlias('a\nb')).toBeUndefined();
    expect(checkAlias('ü-prod (EU)')).toBe('ü-prod (EU)');
  });

  it('refuses aliases with bidi overrides, other format characters, C1 controls or unpaired surrogates, also when read back', () => {
    for (const bad of ['prod\u202Eved', '\u2067prod', 'pr\u200Bod', 'prod\u0085', 'prod\u007F', 'prod\uDC00']) {
      expect(checkAlias(bad), JSON.stringify(bad)).toBeUndefined();
    }
    expect(checkAlias('日本 prod')).toBe('日本 prod');
    expect(parsePrefs({ aliases: { '123456789012': 'ok', '210987654321': 'evil\u202Egnp.exe' }, favorites: ['ok-id_1', 'x y', '<img>'] }))
      .toEqual({ favorites: ['ok-id_1'], recent: [], aliases: { '123456789012': 'ok' } });
  });
});
