/**
 * public/popup/early-view.js (plain JS, loaded alone ahead of the popup's modules) reads exactly the keys
 * readViewSnapshot reads — never the key stored next to them — and readViewSnapshot takes its read once.
 */
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it, vi } from 'vitest';

const asked: unknown[] = [];
vi.mock('./browser.ts', () => ({
  browser: { storage: { session: { get: async (k: unknown) => { asked.push(k); return {}; } } } },
}));

const SCRIPT = readFileSync('public/popup/early-view.js', 'utf8');

describe('early view read', () => {
  it('asks storage.session for the snapshot keys only, and readViewSnapshot takes that read once', async () => {
    const { VIEW_SNAPSHOT_KEYS, readViewSnapshot } = await import('./session.ts');
    const keys: unknown[] = [];
    const now = Date.now();
    const snapshot = { v: 1, list: { identities: [], total: 0, corrupt: [], activeId: null, prefs: { favorites: [], recent: [], aliases: {} }, overrides: [] }, autoLockMinutes: 15, writtenAt: now };
    const sandbox: Record<string, unknown> = {
      chrome: { storage: { session: { get: (k: unknown) => { keys.push(k); return Promise.resolve({ viewSnapshot: snapshot, lastActivity: now }); } } } },
    };
    sandbox['globalThis'] = sandbox;
    runInNewContext(SCRIPT, sandbox);
    expect(keys).toEqual([VIEW_SNAPSHOT_KEYS]);
    expect(VIEW_SNAPSHOT_KEYS).not.toContain('unlocked');
    // the page's global is where readViewSnapshot looks
    (globalThis as Record<string, unknown>)['__sigvaultEarlyView'] = sandbox['__sigvaultEarlyView'];
    expect(await readViewSnapshot()).toEqual(snapshot);
    expect(asked).toEqual([]); // the early read was used…
    expect((globalThis as Record<string, unknown>)['__sigvaultEarlyView']).toBeUndefined(); // …once
    expect(await readViewSnapshot()).toBeUndefined();
    expect(asked).toEqual([VIEW_SNAPSHOT_KEYS]); // then storage.session is asked again
  });

  it('without storage.session it throws nothing and leaves no pending read', () => {
    const sandbox: Record<string, unknown> = { chrome: {} };
    sandbox['globalThis'] = sandbox;
    expect(() => runInNewContext(SCRIPT, sandbox)).not.toThrow();
    expect(sandbox['__sigvaultEarlyView']).toBeUndefined();
  });
});
