import { describe, expect, it } from 'vitest';
import { assertChainValid, chainedDurationTooLong } from './chain.ts';
import type { IdentityView } from './identity.ts';

const user = (id: string): IdentityView => ({ kind: 'user', id, label: id, accessKeyIdMasked: 'AKIA…MPLE', mfa: false, createdAt: 1, updatedAt: 1 });
const role = (id: string, sourceId: string): IdentityView => ({ kind: 'role', id, label: id, roleArn: 'arn:aws:iam::123456789012:role/r', sourceId, mfa: false, hasExternalId: false, createdAt: 1, updatedAt: 1 });
const views = (...v: IdentityView[]) => new Map(v.map((x) => [x.id, x]));

describe('assertChainValid', () => {
  it('accepts a role on a user and a chain of any depth', () => {
    expect(() => assertChainValid(views(user('u')), 'new', 'u')).not.toThrow();
    expect(() => assertChainValid(views(user('u'), role('a', 'u'), role('b', 'a'), role('c', 'b')), 'new', 'c')).not.toThrow();
  });
  it('refuses a missing source and a broken chain', () => {
    expect(() => assertChainValid(views(user('u')), 'new', 'nope')).toThrow(/does not exist/);
    expect(() => assertChainValid(views(role('a', 'gone')), 'new', 'a')).toThrow(/no source/);
  });
  it('refuses a cycle, including an edit that points a role at its own descendant', () => {
    // editing a (source u) to take c as source, where c → b → a: a loop
    const v = views(user('u'), role('a', 'u'), role('b', 'a'), role('c', 'b'));
    expect(() => assertChainValid(v, 'a', 'c')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', details: { field: 'sourceId' } }));
    expect(() => assertChainValid(v, 'a', 'a')).toThrow(/loop/);
  });
});

describe('chainedDurationTooLong (issue 15 item 7: warn, not refuse)', () => {
  it('a role sourced from a role or a federated identity asking for more than 1 hour', () => {
    expect(chainedDurationTooLong('role', 3601)).toBe(true);
    expect(chainedDurationTooLong('role', 3600)).toBe(false);
    for (const k of ['sso', 'saml', 'web-identity'] as const) expect(chainedDurationTooLong(k, 7200), k).toBe(true);
    expect(chainedDurationTooLong('user', 43_200)).toBe(false);
    expect(chainedDurationTooLong('role', undefined)).toBe(false);
    expect(chainedDurationTooLong(undefined, 7200)).toBe(false);
  });
});
