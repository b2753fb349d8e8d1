/**
 * The popup's view snapshot, written by the background (./view-snapshot.ts) in Node: fake-indexeddb and an
 * in-memory storage area, as in ./vault/service.test.ts. It follows the list, holds no secret, and never
 * outlives a lock — also when the lock lands in the middle of a write.
 */
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it, vi } from 'vitest';

let beforeSet: (() => Promise<void>) | undefined;
let snapshotWrites = 0;
function area() {
  let data: Record<string, unknown> = {};
  return {
    get: async (k: string | string[] | null) => {
      if (k === null) return { ...data };
      return Object.fromEntries([k].flat().filter((x) => x in data).map((x) => [x, structuredClone(data[x])]));
    },
    set: async (o: Record<string, unknown>) => {
      if ('viewSnapshot' in o) snapshotWrites++;
      if ('viewSnapshot' in o && beforeSet) await beforeSet();
      for (const [k, v] of Object.entries(o)) data[k] = structuredClone(v);
    },
    clear: async () => { data = {}; },
    remove: async (keys: string | string[]) => { for (const k of [keys].flat()) delete data[k]; },
    dump: () => data,
  };
}
const session = area();
const local = area();
vi.mock('../platform/browser.ts', () => ({
  BROWSER: 'chrome',
  browser: {
    storage: { session, local, onChanged: { addListener: () => undefined } },
    alarms: { create: async () => undefined, clear: async () => true },
    runtime: { sendMessage: async () => undefined, id: 'x', getURL: () => 'chrome-extension://x/', getManifest: () => ({ version: '0' }) },
  },
}));

const PASS = 'correct horse battery staple';
const SECRET = 'abcdefghijABCDEFGHIJabcdefghijABCDEFGHIJ';
const ctx = {} as never;

describe('view snapshot (background)', () => {
  beforeAll(async () => {
    const vault = await import('./vault/service.ts');
    await vault.create(PASS);
  }, 60_000);

  it('holds the first rows as identity.list shows them, and no secret', async () => {
    const { identityAddUser } = await import('./handlers/identity-add-user.ts');
    const { identityList } = await import('./handlers/identity-list.ts');
    const { refreshViewSnapshot } = await import('./view-snapshot.ts');
    const { FIRST_ROWS } = await import('../shared/view-snapshot.ts');
    for (let n = 0; n < FIRST_ROWS + 5; n++) {
      await identityAddUser({ label: `u${String(n).padStart(2, '0')}`, accessKeyId: `AKIA${String(n).padStart(16, '0')}`, secretAccessKey: SECRET, check: false } as never, ctx);
    }
    await refreshViewSnapshot();
    const snap = session.dump()['viewSnapshot'] as { list: { identities: { label: string }[]; total: number }; autoLockMinutes: number };
    expect(snap.list).toEqual(await identityList({ display: true, limit: FIRST_ROWS } as never, ctx));
    expect(snap.list.identities).toHaveLength(FIRST_ROWS);
    expect(snap.list.total).toBe(FIRST_ROWS + 5);
    expect(snap.autoLockMinutes).toBe(15);
    const text = JSON.stringify(snap);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(PASS);
    expect(text).not.toContain((session.dump()['unlocked'] as { dataKey: string }).dataKey);
  }, 60_000);

  it('follows the prefs: a favorite moves to the top of the snapshot', async () => {
    const { identityFavorite } = await import('./handlers/identity-favorite.ts');
    const { onPrefsChanged } = await import('./vault/prefs.ts');
    const { refreshViewSnapshot } = await import('./view-snapshot.ts');
    onPrefsChanged(() => void refreshViewSnapshot()); // as background/index.ts registers it
    const last = (session.dump()['viewSnapshot'] as { list: { identities: { id: string; label: string }[] } }).list.identities.at(-1)!;
    await identityFavorite({ id: last.id, favorite: true } as never, ctx);
    await vi.waitFor(() => expect((session.dump()['viewSnapshot'] as { list: { identities: { id: string }[] } }).list.identities[0]!.id).toBe(last.id));
  });

  it('the calls one change makes (its prefs write, then its broadcast) make one write', async () => {
    const { refreshViewSnapshot } = await import('./view-snapshot.ts');
    const before = snapshotWrites;
    const first = refreshViewSnapshot();
    await Promise.resolve();
    const second = refreshViewSnapshot();
    await Promise.all([first, second]);
    expect(snapshotWrites - before).toBe(1);
  });

  it('a write that fails takes the older snapshot out (the popup then asks the background)', async () => {
    const { refreshViewSnapshot } = await import('./view-snapshot.ts');
    expect(session.dump()['viewSnapshot']).toBeDefined();
    beforeSet = async () => { beforeSet = undefined; throw new Error('quota'); };
    await refreshViewSnapshot();
    expect(session.dump()['viewSnapshot']).toBeUndefined();
    expect(session.dump()['unlocked']).toBeDefined(); // still unlocked: only the snapshot went
    await refreshViewSnapshot();
    expect(session.dump()['viewSnapshot']).toBeDefined();
  });

  it('a lock removes it with the key', async () => {
    const vault = await import('./vault/service.ts');
    expect(session.dump()['viewSnapshot']).toBeDefined();
    await vault.lock('manual');
    expect(session.dump()).toEqual({});
  });

  it('a write the lock overtakes is taken back out; none is written while locked', async () => {
    const vault = await import('./vault/service.ts');
    const { refreshViewSnapshot } = await import('./view-snapshot.ts');
    await refreshViewSnapshot();
    expect(session.dump()['viewSnapshot']).toBeUndefined(); // locked: nothing to write
    await vault.unlock(PASS);
    await refreshViewSnapshot();
    expect(session.dump()['viewSnapshot']).toBeDefined();
    // the lock lands while the next write is on its way to storage
    let locked!: Promise<void>;
    beforeSet = async () => { beforeSet = undefined; locked = vault.lock('manual'); await locked; };
    await refreshViewSnapshot();
    await locked;
    expect(session.dump()).toEqual({});
  }, 60_000);
});
