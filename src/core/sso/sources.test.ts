import { describe, expect, it } from 'vitest';
import { MAX_SOURCES, mergeRestoredSources, parseSsoSources, restoredSourcesNote, sourcesForRestore, ssoSourcesRecord, type SsoSource } from './sources.ts';

const TOKEN = { clientId: 'cid', clientSecret: 'csecret', clientSecretExpiresAt: 2_000_000_000_000, accessToken: 'aoa-token', accessTokenExpiresAt: 1_800_000_000_000, refreshToken: 'aor-token' };
const src = (id: string, extra: Partial<SsoSource> = {}): SsoSource =>
  ({ id, label: `org ${id}`, startUrl: `https://${id}.awsapps.com/start`, region: 'us-east-1', createdAt: 1, ...extra });

describe('Identity Center sources in a restore', () => {
  it('come back signed out: no token, the rest as stored (a damaged one dropped)', () => {
    const stored = ssoSourcesRecord([src('a', { token: TOKEN, lastSync: { at: 5, accounts: 2, roles: 3 } }), src('b')]);
    expect(parseSsoSources(stored)[0]!.token).toEqual(TOKEN);
    const restored = sourcesForRestore({ ...stored, sources: [...stored.sources, { id: 'bad', label: '', startUrl: 'x' }] });
    expect(restored).toEqual([src('a', { lastSync: { at: 5, accounts: 2, roles: 3 } }), src('b')]);
    expect(JSON.stringify(restored)).not.toMatch(/aoa-token|aor-token|csecret/);
    expect(sourcesForRestore(undefined)).toEqual([]);
  });

  it('into a vault that has sources: only new ids are added, one already here keeps its own sign-in', () => {
    const here = [src('a', { token: TOKEN })];
    const { merged, added } = mergeRestoredSources(here, [src('a'), src('c')]);
    expect(merged.map((s) => s.id)).toEqual(['a', 'c']);
    expect(merged[0]!.token).toEqual(TOKEN);
    expect(added.map((s) => s.id)).toEqual(['c']);
    const many = Array.from({ length: MAX_SOURCES }, (_, i) => src(`s${i}`));
    expect(mergeRestoredSources(many, [src('extra')]).merged).toHaveLength(MAX_SOURCES);
    expect(mergeRestoredSources(many, [src('extra')]).added).toEqual([]);
  });

  it('the preview says how many come back, and that they need a sign-in', () => {
    expect(restoredSourcesNote(0)).toBeUndefined();
    expect(restoredSourcesNote(1)).toBe('1 IAM Identity Center source is restored signed out: sign in again to use its roles.');
    expect(restoredSourcesNote(2)).toMatch(/^2 IAM Identity Center sources are restored signed out/);
  });
});
