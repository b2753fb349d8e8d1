/**
 * The request history's store (./history-store.ts) and the recently-used prefs write, in Node: fake-indexeddb
 * and an in-memory storage area, as in ../vault/service.test.ts. Entries added in a burst are sealed
 * together after HISTORY_FLUSH_MS (nothing is written before), reading or clearing seals waiting entries
 * first, a lock drops the ones not sealed yet; using the identity that is already first writes no prefs.
 */
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('../../platform/browser.ts', async () => (await import('../../../test/support/fake-extension.ts')).fakeBrowserModule());

const PASS = 'correct horse battery staple';
const entry = (n: number) => ({ at: 1_700_000_000_000 + n, identityId: 'id', method: 'GET', url: `https://s3.amazonaws.com/b/${n}`, service: 's3', region: 'us-east-1', headers: {}, status: 200, durationMs: n });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('request history store', () => {
  beforeAll(async () => {
    const vault = await import('../vault/service.ts');
    await vault.create(PASS);
  }, 60_000);

  it('seals a burst of entries in one write after HISTORY_FLUSH_MS, newest first, none before', async () => {
    const vault = await import('../vault/service.ts');
    const { appendHistory, readHistory, HISTORY_ID, HISTORY_FLUSH_MS } = await import('./history-store.ts');
    const { readRecord } = await import('../../platform/vault-store.ts');
    const { historyEntry } = await import('../../core/request/history.ts');
    const guard = vault.lockGuard();
    const done = [1, 2, 3, 4, 5].map((n) => appendHistory(historyEntry(entry(n)), guard));
    await sleep(HISTORY_FLUSH_MS / 4);
    expect(await readRecord(HISTORY_ID)).toBeUndefined(); // nothing sealed yet
    await Promise.all(done); // resolves once sealed
    const sealed = await readRecord(HISTORY_ID);
    expect(sealed?.kind).toBe('prefs');
    expect((await readHistory()).map((e) => e.durationMs)).toEqual([5, 4, 3, 2, 1]);
  });

  it('reading and clearing seal waiting entries first', async () => {
    const vault = await import('../vault/service.ts');
    const { appendHistory, readHistory, clearHistory } = await import('./history-store.ts');
    const { historyEntry } = await import('../../core/request/history.ts');
    const guard = vault.lockGuard();
    void appendHistory(historyEntry(entry(6)), guard);
    expect((await readHistory()).map((e) => e.durationMs)).toEqual([6, 5, 4, 3, 2, 1]); // at once, not after the delay
    void appendHistory(historyEntry(entry(7)), guard);
    expect(await clearHistory()).toBe(7);
    expect(await readHistory()).toEqual([]);
  });

  it('drops entries not sealed yet when the vault is locked, and their promise says LOCKED', async () => {
    const vault = await import('../vault/service.ts');
    const { appendHistory, readHistory } = await import('./history-store.ts');
    const { historyEntry } = await import('../../core/request/history.ts');
    const sealedFirst = appendHistory(historyEntry(entry(8)), vault.lockGuard());
    await sealedFirst;
    const dropped = appendHistory(historyEntry(entry(9)), vault.lockGuard());
    await vault.lock('manual');
    await expect(dropped).rejects.toMatchObject({ code: 'LOCKED' });
    await vault.unlock(PASS);
    expect((await readHistory()).map((e) => e.durationMs)).toEqual([8]);
  }, 60_000);
});

describe('recently used (prefs)', () => {
  it('writes the prefs only when the identity is not already first', async () => {
    const { onPrefsChanged, readPrefs, recordUse } = await import('../vault/prefs.ts');
    let writes = 0;
    onPrefsChanged(() => writes++);
    await recordUse('a');
    await recordUse('b');
    expect(writes).toBe(2);
    await recordUse('b');
    await recordUse('b');
    expect(writes).toBe(2); // already first: nothing written
    await recordUse('a');
    expect(writes).toBe(3);
    expect((await readPrefs()).recent.slice(0, 2)).toEqual(['a', 'b']);
  });
});
