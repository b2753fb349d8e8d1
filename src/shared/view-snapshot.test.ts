import { describe, expect, it } from 'vitest';
import { usableSnapshot, type ViewSnapshot } from './view-snapshot.ts';

const snap = (over: Partial<ViewSnapshot> = {}): ViewSnapshot => ({
  v: 1,
  list: { identities: [], total: 0, corrupt: [], activeId: null, prefs: { favorites: [], recent: [], aliases: {} }, overrides: [], sources: [], sessionEnds: {} },
  autoLockMinutes: 15,
  writtenAt: 1_000,
  ...over,
});

describe('usableSnapshot', () => {
  const now = 10_000_000;
  it('takes a well-formed snapshot while the idle deadline is ahead', () => {
    expect(usableSnapshot(snap(), now - 60_000, now)).toEqual(snap());
    expect(usableSnapshot(snap({ autoLockMinutes: 1 }), now - 59_999, now)).toBeDefined();
  });

  it('refuses it at or past the idle deadline (the worker will lock when it wakes), or with no last activity', () => {
    expect(usableSnapshot(snap({ autoLockMinutes: 1 }), now - 60_000, now)).toBeUndefined();
    expect(usableSnapshot(snap(), now - 16 * 60_000, now)).toBeUndefined();
    expect(usableSnapshot(snap(), undefined, now)).toBeUndefined();
    expect(usableSnapshot(snap(), 'yesterday', now)).toBeUndefined();
  });

  it('refuses anything malformed: another version, a missing list part, a bad timeout', () => {
    const good = snap();
    for (const bad of [
      undefined, null, 'x', {}, { ...good, v: 2 }, { ...good, autoLockMinutes: 0 }, { ...good, autoLockMinutes: '15' },
      { ...good, writtenAt: undefined }, { ...good, list: undefined }, { ...good, list: { ...good.list, identities: {} } },
      { ...good, list: { ...good.list, total: '3' } }, { ...good, list: { ...good.list, prefs: null } }, { ...good, list: { ...good.list, overrides: undefined } },
    ]) expect(usableSnapshot(bad, now - 1000, now), JSON.stringify(bad)).toBeUndefined();
  });
});
