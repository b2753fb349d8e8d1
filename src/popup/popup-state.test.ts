import { afterEach, describe, expect, it, vi } from 'vitest';
import { backoffWait, formatCountdown, remaining } from './countdown.ts';
import { createPopupState, type PopupApi } from './state.ts';
import { overridesOf } from '../shared/endpoint-overrides.ts';

describe('formatCountdown', () => {
  it('shows mm:ss below an hour, h:mm:ss from an hour on, and 00:00 at or below zero', () => {
    expect(formatCountdown(3599)).toBe('59:59');
    expect(formatCountdown(65.9)).toBe('01:05');
    expect(formatCountdown(3600)).toBe('1:00:00');
    expect(formatCountdown(43_199)).toBe('11:59:59');
    expect(formatCountdown(0)).toBe('00:00');
    expect(formatCountdown(-5)).toBe('00:00');
  });
});

describe('popup state: copy and activate', () => {
  afterEach(() => vi.unstubAllGlobals());

  const fakeApi = (replies: Record<string, unknown>) => {
    const calls: [string, unknown][] = [];
    const api = {
      call: async (type: string, payload: unknown) => { calls.push([type, payload]); return replies[type]; },
      onEvent: () => () => undefined,
    } as unknown as PopupApi;
    return { api, calls };
  };

  it('copyCredentials: exports, writes the clipboard, then asks for it to be cleared; returns no text', async () => {
    const written: string[] = [];
    vi.stubGlobal('navigator', { clipboard: { writeText: async (t: string) => { written.push(t); } } });
    const { api, calls } = fakeApi({ 'session.export': { text: 'export AWS_ACCESS_KEY_ID=x', expiresAt: 5 }, 'clipboard.clearLater': { clearAt: 9 } });
    const store = createPopupState(api);
    const r = await store.copyCredentials('id1', 'fish');
    expect(r).toEqual({ expiresAt: 5, clearAt: 9 });
    expect(JSON.stringify(r)).not.toContain('AWS_ACCESS_KEY_ID');
    expect(written).toEqual(['export AWS_ACCESS_KEY_ID=x']);
    expect(calls).toEqual([['session.export', { id: 'id1', format: 'fish' }], ['clipboard.clearLater', {}]]);
    expect(JSON.stringify(store.get())).not.toContain('AWS_ACCESS_KEY_ID');
  });

  it('copyCredentials with longTerm: sends the passphrase with longTerm, copies, returns no expiry and keeps nothing', async () => {
    const written: string[] = [];
    vi.stubGlobal('navigator', { clipboard: { writeText: async (t: string) => { written.push(t); } } });
    const { api, calls } = fakeApi({ 'session.export': { text: 'export AWS_ACCESS_KEY_ID=AKIA' }, 'clipboard.clearLater': { clearAt: 9 } });
    const store = createPopupState(api);
    expect(await store.copyCredentials('id1', 'env', { passphrase: 'pass phrase' })).toEqual({ clearAt: 9 });
    expect(calls).toEqual([['session.export', { id: 'id1', format: 'env', longTerm: true, passphrase: 'pass phrase' }], ['clipboard.clearLater', {}]]);
    expect(written).toEqual(['export AWS_ACCESS_KEY_ID=AKIA']);
    expect(JSON.stringify(store.get())).not.toMatch(/pass phrase|AKIA/);
  });

  it('copyCredentials: a clipboard failure skips clearLater and rejects', async () => {
    vi.stubGlobal('navigator', { clipboard: { writeText: async () => { throw new Error('denied'); } } });
    const { api, calls } = fakeApi({ 'session.export': { text: 't', expiresAt: 5 } });
    await expect(createPopupState(api).copyCredentials('id1', 'env')).rejects.toThrow('denied');
    expect(calls.map((c) => c[0])).toEqual(['session.export']);
  });

  it('activate stores the active id the background answers', async () => {
    const { api } = fakeApi({ 'identity.activate': { activeId: 'id2' } });
    const store = createPopupState(api);
    await store.activate('id2');
    expect(store.get().activeId).toBe('id2');
  });
});

describe('popup state: config import and export', () => {
  const fakeApi = (replies: Record<string, unknown>) => {
    const calls: [string, unknown][] = [];
    const api = {
      call: async (type: string, payload: unknown) => {
        calls.push([type, payload]);
        const r = replies[type];
        if (r instanceof Error) throw r;
        return r;
      },
      onEvent: () => () => undefined,
    } as unknown as PopupApi;
    return { api, calls };
  };
  const plan = { create: [], update: [], skip: [], warnings: [] };

  it('previewConfig passes the texts to config.preview and keeps nothing of them in the store', async () => {
    const { api, calls } = fakeApi({ 'config.preview': { token: 'tok', plan } });
    const store = createPopupState(api);
    store.show('import');
    const input = { format: 'aws-cli' as const, config: '[default]\n', credentials: '[default]\naws_secret_access_key = s3cr3t\n' };
    expect(await store.previewConfig(input)).toEqual({ token: 'tok', plan });
    expect(calls).toEqual([['config.preview', input]]);
    expect(JSON.stringify(store.get())).not.toContain('s3cr3t');
    expect(store.get().screen).toBe('import');
  });

  it('importConfig imports with the token, reloads the list, then shows it with the counts until the screen changes', async () => {
    const list = { identities: [{ id: 'a', label: 'a', kind: 'user' }], corrupt: [], activeId: null };
    const { api, calls } = fakeApi({ 'config.import': { created: 2, updated: 1, skipped: 3 }, 'identity.list': list });
    const store = createPopupState(api);
    store.show('import');
    expect(await store.importConfig('tok')).toEqual({ created: 2, updated: 1, skipped: 3 });
    expect(calls.map((c) => c[0])).toEqual(['config.import', 'identity.list']);
    expect(calls[0]![1]).toEqual({ token: 'tok' });
    expect(store.get()).toMatchObject({ screen: 'list', importResult: { created: 2, updated: 1, skipped: 3 }, identities: list.identities });
    store.show('addUser');
    expect(store.get().importResult).toBeUndefined();
  });

  it('a failed import keeps the screen and rejects with the error', async () => {
    const expired = Object.assign(new Error('expired'), { code: 'NOT_FOUND' });
    const { api, calls } = fakeApi({ 'config.import': expired });
    const store = createPopupState(api);
    store.show('import');
    await expect(store.importConfig('tok')).rejects.toBe(expired);
    expect(calls.map((c) => c[0])).toEqual(['config.import']);
    expect(store.get().screen).toBe('import');
    expect(store.get().importResult).toBeUndefined();
  });

  it('exportConfig returns config.export text', async () => {
    const { api } = fakeApi({ 'config.export': { text: '[profile x]\nrole_arn = arn\n' } });
    expect(await createPopupState(api).exportConfig()).toBe('[profile x]\nrole_arn = arn\n');
  });
});

describe('overridesOf (the popup names the endpoint overrides in force)', () => {
  const none = { sts: '', stsSigningRegion: '', signin: '' };
  const view = (endpoints: Record<string, typeof none>) => ({ defaultRegion: 'us-east-1', theme: 'system' as const, vault: { autoLockMinutes: 15, lockOnOsLock: true, federationPolicy: '', endpoints: endpoints as never } });
  it('none while locked or when every partition uses AWS', () => {
    expect(overridesOf(null)).toEqual([]);
    expect(overridesOf(view({ aws: none, 'aws-cn': none, 'aws-us-gov': none }).vault.endpoints)).toEqual([]);
  });
  it('one line per URL, with what it replaces and where', () => {
    const l = 'http://127.0.0.1:4566';
    expect(overridesOf(view({ aws: { ...none, sts: l, signin: l }, 'aws-cn': { ...none, sts: l }, 'aws-us-gov': { ...none, signin: 'https://gov.example' } }).vault.endpoints)).toEqual([
      { url: l, kinds: ['sts', 'signin'], partitions: ['aws', 'aws-cn'] },
      { url: 'https://gov.example', kinds: ['signin'], partitions: ['aws-us-gov'] },
    ]);
  });
});

describe('popup state: the view snapshot paints first, the background wins', () => {
  const view = (id: string, label: string) => ({ id, label, kind: 'user', accessKeyIdMasked: 'AKIA…MPLE', region: 'us-east-1' }) as never;
  const list = (labels: string[], total = labels.length) => ({
    identities: labels.map((l, i) => view(`id${i}`, l)), total, corrupt: [], activeId: null,
    prefs: { favorites: [], recent: [], aliases: {} }, overrides: [],
  });
  const snapshot = (labels: string[]) => ({ v: 1 as const, list: list(labels), autoLockMinutes: 15, writtenAt: 1 });
  /** A background whose answers wait until released (a stopped worker starting). */
  const heldApi = (answers: Record<string, unknown>, snap: unknown) => {
    const gates: Array<() => void> = [];
    const api = {
      call: (type: string) => new Promise((resolve, reject) => {
        gates.push(() => { const a = answers[type]; if (a instanceof Error) reject(a); else resolve(a); });
      }),
      onEvent: () => () => undefined,
      snapshot: async () => snap,
    } as unknown as PopupApi;
    return { api, release: () => { while (gates.length) gates.shift()!(); } };
  };
  const settle = () => new Promise((r) => setTimeout(r, 0));

  it('shows the snapshot\'s rows before the background answers, then the background\'s list', async () => {
    const { api, release } = heldApi({ 'identity.list': list(['real one', 'real two']), 'vault.status': { state: 'unlocked', lockAt: 9 } }, snapshot(['from snapshot']));
    const store = createPopupState(api);
    store.start();
    await settle();
    expect(store.get().screen).toBe('list');
    expect(store.get().identities.map((v) => v.label)).toEqual(['from snapshot']);
    expect(store.get().status).toEqual({ state: 'unlocked' });
    for (let i = 0; i < 5; i++) { release(); await settle(); }
    expect(store.get().identities.map((v) => v.label)).toEqual(['real one', 'real two']);
    expect(store.get().status).toEqual({ state: 'unlocked', lockAt: 9 });
  });

  it('a background that says locked replaces the snapshot with the lock screen', async () => {
    const { api, release } = heldApi({ 'identity.list': Object.assign(new Error('locked'), { code: 'LOCKED' }), 'vault.status': { state: 'locked' } }, snapshot(['from snapshot']));
    const store = createPopupState(api);
    store.start();
    await settle();
    expect(store.get().screen).toBe('list');
    for (let i = 0; i < 5; i++) { release(); await settle(); }
    expect(store.get().screen).toBe('locked');
    expect(store.get().identities).toEqual([]);
  });

  it('with a snapshot, the background is asked only once its rows are painted; without one, at once', async () => {
    let painted!: () => void;
    const calls: string[] = [];
    const api = {
      call: async (type: string) => { calls.push(type); return type === 'identity.list' ? list(['real']) : { state: 'unlocked' }; },
      onEvent: () => () => undefined,
      snapshot: async () => snapshot(['from snapshot']),
      afterPaint: () => new Promise<void>((r) => { painted = r; }),
    } as unknown as PopupApi;
    const store = createPopupState(api);
    store.start();
    await settle();
    expect(store.get().identities.map((v) => v.label)).toEqual(['from snapshot']);
    expect(calls).toEqual([]);
    painted();
    await store.whenOpened();
    expect(calls.slice(0, 2)).toEqual(['identity.list', 'vault.status']);
    expect(store.get().identities.map((v) => v.label)).toEqual(['real']);
    // a snapshot read that fails is no snapshot
    const calls2: string[] = [];
    const store2 = createPopupState({ ...api, call: async (type: string) => { calls2.push(type); return type === 'identity.list' ? list(['real']) : { state: 'unlocked' }; }, snapshot: async () => { throw new Error('no storage.session'); } } as unknown as PopupApi);
    store2.start();
    await store2.whenOpened();
    expect(calls2.slice(0, 2)).toEqual(['identity.list', 'vault.status']);
    expect(store2.get().screen).toBe('list');
  });

  it('a background that never answers takes the snapshot\'s list down again (no list shown as if it had answered)', async () => {
    const { api, release } = heldApi({ 'identity.list': new Error('no reply'), 'vault.status': new Error('no reply') }, snapshot(['from snapshot']));
    const store = createPopupState(api);
    store.start();
    await settle();
    expect(store.get().screen).toBe('list');
    for (let i = 0; i < 5; i++) { release(); await settle(); }
    await store.whenOpened();
    expect(store.get().screen).toBe('loading');
    expect(store.get().identities).toEqual([]);
    expect(store.get().status).toBeUndefined();
  });

  it('no snapshot (locked, or past the idle deadline): the popup waits for the background as before', async () => {
    const { api, release } = heldApi({ 'identity.list': list(['real']), 'vault.status': { state: 'unlocked' } }, undefined);
    const store = createPopupState(api);
    store.start();
    await settle();
    expect(store.get().screen).toBe('loading');
    for (let i = 0; i < 5; i++) { release(); await settle(); }
    expect(store.get().screen).toBe('list');
  });
});

describe('popup state: federated sources', () => {
  it('keeps the sources and SAML ends that come with the list, and lists again when an Identity Center sign-in changes', async () => {
    let emit: (e: unknown) => void = () => undefined;
    let signedIn = false;
    const calls: string[] = [];
    const api = {
      call: async (type: string) => {
        calls.push(type);
        if (type === 'vault.status') return { state: 'unlocked', lockAt: 9 };
        if (type === 'identity.list') {
          return { identities: [], total: 0, corrupt: [], activeId: null, prefs: { favorites: [], recent: [], aliases: {} }, overrides: [],
            sources: [{ key: 'sso:s', name: 'org', signedIn }], sessionEnds: { m: 5 } };
        }
        return {};
      },
      onEvent: (fn: (e: unknown) => void) => { emit = fn; return () => undefined; },
    } as unknown as PopupApi;
    const store = createPopupState(api);
    store.start();
    await store.whenOpened();
    expect(store.get().sources).toEqual([{ key: 'sso:s', name: 'org', signedIn: false }]);
    expect(store.get().sessionEnds).toEqual({ m: 5 });
    signedIn = true;
    const lists = calls.filter((c) => c === 'identity.list').length;
    emit({ event: 'sso.changed', sourceId: 's', signedIn: true });
    await vi.waitFor(() => expect(store.get().sources).toEqual([{ key: 'sso:s', name: 'org', signedIn: true }]));
    expect(calls.filter((c) => c === 'identity.list').length).toBeGreaterThan(lists);
  });
});

describe('time left before a federated identity ends', () => {
  it('minutes below an hour (at least 1), hours below two days, then days; ended at or after the end', () => {
    const now = 1_000_000;
    expect(remaining(now, now)).toBe('ended');
    expect(remaining(now - 1, now)).toBe('ended');
    expect(remaining(now + 1_000, now)).toEqual([1, 'minutes']);
    expect(remaining(now + 59 * 60_000 + 59_000, now)).toEqual([59, 'minutes']);
    expect(remaining(now + 60 * 60_000, now)).toEqual([1, 'hours']);
    expect(remaining(now + 47.9 * 3600_000, now)).toEqual([47, 'hours']);
    expect(remaining(now + 48 * 3600_000, now)).toEqual([2, 'days']);
  });
});

describe('unlock backoff wait', () => {
  it('reads in seconds below two minutes and in whole minutes (rounded up) from two minutes on', () => {
    expect(backoffWait(2)).toEqual({ key: 'unlockBackoff', n: 2 });
    expect(backoffWait(119)).toEqual({ key: 'unlockBackoff', n: 119 });
    expect(backoffWait(120)).toEqual({ key: 'unlockBackoffMinutes', n: 2 });
    expect(backoffWait(512)).toEqual({ key: 'unlockBackoffMinutes', n: 9 });
    expect(backoffWait(900)).toEqual({ key: 'unlockBackoffMinutes', n: 15 });
  });
});
