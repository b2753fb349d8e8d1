import { describe, expect, it } from 'vitest';
import { AgentError } from './channel.ts';
import { activeGrants, addGrant, afterUse, findGrant, grantedOrigins, grantTerms, HOUR_MS, makeGrant, parseGrants, revokeIdentity, revokeOrigin } from './grants.ts';
import { normalizeOrigin, originMatchPattern } from './origin.ts';

const T = 1_700_000_000_000;

describe('origins', () => {
  it('normalises to scheme://host[:port]', () => {
    expect(normalizeOrigin('https://App.Example.com:443/path?q')).toBe('https://app.example.com');
    expect(normalizeOrigin('http://127.0.0.1:8080/demo.html')).toBe('http://127.0.0.1:8080');
    expect(normalizeOrigin(' http://localhost:3000 ')).toBe('http://localhost:3000');
  });
  it.each(['http://example.com', 'ftp://example.com', 'not a url', 'https://user:pw@example.com', 'chrome-extension://abc', 'file:///etc/passwd'])('refuses %s', (o) => {
    expect(() => normalizeOrigin(o)).toThrow(AgentError);
  });
  it('registers the bridge for scheme and host (Firefox patterns have no port)', () => {
    expect(originMatchPattern('http://127.0.0.1:8080')).toBe('http://127.0.0.1/*');
    expect(originMatchPattern('https://app.example.com')).toBe('https://app.example.com/*');
  });
});

describe('grants', () => {
  const a = 'https://a.example';
  it('makes once, hour and always grants', () => {
    expect(makeGrant(a + '/x', 'id1', grantTerms('always', T), T)).toEqual({ origin: a, identityId: 'id1', grantedAt: T });
    expect(makeGrant(a, 'id1', grantTerms('hour', T), T)).toEqual({ origin: a, identityId: 'id1', grantedAt: T, until: T + HOUR_MS });
    expect(makeGrant(a, 'id1', grantTerms('once', T), T)).toMatchObject({ once: true, until: T + HOUR_MS });
    expect(makeGrant(a, 'id1', { once: true }, T)).toMatchObject({ once: true, until: T + HOUR_MS });
    expect(makeGrant(a, 'id1', { until: T + 5 }, T)).toEqual({ origin: a, identityId: 'id1', grantedAt: T, until: T + 5 });
    expect(() => makeGrant(a, '', {}, T)).toThrow(AgentError);
    expect(() => grantTerms('forever' as never, T)).toThrow(AgentError);
    for (const until of [T, T - 1, 'soon', Number.NaN, T + 400 * 24 * HOUR_MS]) expect(() => makeGrant(a, 'id1', { until }, T)).toThrow(AgentError);
    expect(() => makeGrant(a, 'id1', { once: 'yes' }, T)).toThrow(AgentError);
  });

  it('finds the newest active grant of the origin, for the identities asked', () => {
    let g = addGrant([], makeGrant(a, 'id1', grantTerms('always', T), T), T);
    g = addGrant(g, makeGrant(a, 'id2', grantTerms('hour', T + 1), T + 1), T + 1);
    g = addGrant(g, makeGrant('https://b.example', 'id3', grantTerms('always', T + 2), T + 2), T + 2);
    expect(findGrant(g, a, T + 5)?.identityId).toBe('id2');
    expect(findGrant(g, a, T + 5, ['id1'])?.identityId).toBe('id1');
    expect(findGrant(g, a, T + 5, ['id3'])).toBeUndefined();
    expect(findGrant(g, 'https://a.example:8443', T + 5)).toBeUndefined();
    // the hour grant expires
    expect(findGrant(g, a, T + 1 + HOUR_MS)?.identityId).toBe('id1');
    expect(grantedOrigins(g, T + 5)).toEqual(['https://a.example', 'https://b.example']);
    expect(activeGrants(g, T + 2 + HOUR_MS).map((x) => x.identityId)).toEqual(['id1', 'id3']);
  });

  it('replaces the grant of the same origin and identity and drops expired ones on add', () => {
    let g = addGrant([], makeGrant(a, 'id1', grantTerms('hour', T), T), T);
    g = addGrant(g, makeGrant(a, 'id1', grantTerms('always', T + 10), T + 10), T + 10);
    expect(g).toEqual([{ origin: a, identityId: 'id1', grantedAt: T + 10 }]);
    g = addGrant([makeGrant(a, 'old', grantTerms('hour', T), T)], makeGrant(a, 'id1', grantTerms('always', T + HOUR_MS), T + HOUR_MS), T + HOUR_MS);
    expect(g.map((x) => x.identityId)).toEqual(['id1']);
  });

  it('uses up a once grant and keeps the others', () => {
    const once = makeGrant(a, 'id1', grantTerms('once', T), T);
    const keep = makeGrant(a, 'id2', grantTerms('always', T), T);
    expect(afterUse([once, keep], once)).toEqual([keep]);
    expect(afterUse([once, keep], keep)).toEqual([once, keep]);
  });

  it('revokes an origin or an identity', () => {
    const g = [makeGrant(a, 'id1', grantTerms('always', T), T), makeGrant(a, 'id2', grantTerms('always', T), T), makeGrant('https://b.example', 'id1', grantTerms('always', T), T)];
    expect(revokeOrigin(g, a)).toEqual({ grants: [g[2]], removed: 2 });
    expect(revokeOrigin(g, 'https://c.example').removed).toBe(0);
    expect(revokeIdentity(g, 'id1')).toEqual([g[1]]);
  });

  it('parses only well-formed, canonical grants from storage', () => {
    const good = { origin: a, identityId: 'id1', grantedAt: T, until: T + 1, once: true };
    expect(parseGrants([good, { origin: 'https://A.example', identityId: 'x', grantedAt: T }, { origin: 'http://evil.example', identityId: 'x', grantedAt: T },
      { origin: a, identityId: 1, grantedAt: T }, { origin: a, identityId: 'x', grantedAt: T, until: 'later' }, null])).toEqual([good]);
    expect(parseGrants(undefined)).toEqual([]);
    expect(parseGrants({})).toEqual([]);
  });
});
