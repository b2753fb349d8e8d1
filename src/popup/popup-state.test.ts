import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatCountdown } from './countdown.ts';
import { createPopupState, type PopupApi } from './state.ts';

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
