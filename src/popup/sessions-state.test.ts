import { describe, expect, it } from 'vitest';
import type { IdentityView } from '../shared/protocol.ts';
import { createPopupState, OpenNeedsConfirmation, opensInContainer, type PopupApi } from './state.ts';

const role = (id: string): IdentityView => ({ kind: 'role', id, label: id.toUpperCase(), roleArn: `arn:aws:iam::111111111111:role/${id}`, sourceId: 'u1', mfa: false, hasExternalId: false, createdAt: 1, updatedAt: 1 });
const session = (identityId: string) => ({ identityId, label: identityId.toUpperCase(), tabIds: [1], expiresAt: Date.now() + 3_600_000, expiringSoon: false });

function fakeApi(sessions: unknown) {
  const calls: [string, unknown][] = [];
  const replies: Record<string, unknown> = {
    'vault.status': { state: 'unlocked' }, 'app.ping': {}, 'tab.consoleContext': null,
    'identity.list': { identities: [role('a'), role('b')], corrupt: [], activeId: null, total: 2 },
    'console.sessions': sessions, 'console.open': { tabId: 9, destination: 'https://console.aws.amazon.com/', notices: [] },
    'identity.activate': { activeId: 'b' },
  };
  const api = { call: async (type: string, payload: unknown) => { calls.push([type, payload]); return replies[type]; }, onEvent: () => () => undefined } as unknown as PopupApi;
  return { api, calls };
}
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('popup state: warnings before a console sign-in', () => {
  it('holds back a sign-in that would replace the identity\'s own session; Open anyway opens it, Cancel drops it', async () => {
    const { api, calls } = fakeApi({ multiSession: 'on', limit: 5, sessions: [session('a')] });
    const store = createPopupState(api);
    store.start();
    await settle();
    await expect(store.openConsole('a', true)).rejects.toBeInstanceOf(OpenNeedsConfirmation);
    expect(store.get().openWarning).toMatchObject({ id: 'a', newTab: true, warnings: [{ kind: 'replace-same', identityId: 'a' }] });
    expect(calls.some((c) => c[0] === 'console.open')).toBe(false);
    store.cancelOpen();
    expect(store.get().openWarning).toBeUndefined();
    await expect(store.openConsole('a', false)).rejects.toBeInstanceOf(OpenNeedsConfirmation);
    await store.confirmOpen();
    expect(calls.filter((c) => c[0] === 'console.open').map((c) => c[1])).toEqual([{ id: 'a', newTab: false }]);
    expect(store.get().openWarning).toBeUndefined();
  });

  it('opens at once when nothing would be replaced (another identity, multi-session on, under 5)', async () => {
    const { api, calls } = fakeApi({ multiSession: 'on', limit: 5, sessions: [session('a')] });
    const store = createPopupState(api);
    store.start();
    await settle();
    await store.openConsole('b', true);
    expect(calls.filter((c) => c[0] === 'console.open')).toHaveLength(1);
  });

  it('single-session: any open session is about to be replaced', async () => {
    const { api } = fakeApi({ multiSession: 'off', limit: 5, sessions: [session('a')] });
    const store = createPopupState(api);
    store.start();
    await settle();
    await expect(store.openConsole('b', true)).rejects.toMatchObject({ code: 'CONFIRM_OPEN' });
    expect(store.get().openWarning?.warnings).toEqual([expect.objectContaining({ kind: 'replace-single', labels: ['A'], optInUrl: expect.stringContaining('/sessions/v1/opt-in') })]);
  });
});

describe('popup state: the opt-in link only for the commercial partition', () => {
  it('a role in GovCloud or China gets no link to AWS\'s commercial opt-in; a commercial role does', async () => {
    for (const [arn, link] of [['arn:aws-us-gov:iam::111111111111:role/b', false], ['arn:aws-cn:iam::111111111111:role/b', false], ['arn:aws:iam::111111111111:role/b', true]] as const) {
      const { api } = fakeApi({ multiSession: 'off', limit: 5, sessions: [session('a')] });
      const b = { ...role('b'), roleArn: arn } as IdentityView;
      const store = createPopupState({ ...api, call: (async (type: string, payload: unknown) => (type === 'identity.list' ? { identities: [role('a'), b], corrupt: [], activeId: null, total: 2 } : api.call(type as never, payload as never))) as PopupApi['call'] });
      store.start();
      await settle();
      await expect(store.openConsole('b', true)).rejects.toMatchObject({ code: 'CONFIRM_OPEN' });
      const w = store.get().openWarning?.warnings[0];
      expect(w).toMatchObject({ kind: 'replace-single' });
      expect(w && 'optInUrl' in w && w.optInUrl !== undefined).toBe(link);
    }
  });
});

describe('popup state: a sign-in into a Firefox container replaces no other session', () => {
  it('multi-session off: warns for a console in the default store, not for one in its own container', async () => {
    const base = { multiSession: 'off', limit: 5, sessions: [session('a')] };
    const noContainers = fakeApi({ ...base, containers: { supported: false, enabled: false } });
    const s1 = createPopupState(noContainers.api);
    s1.start();
    await settle();
    await expect(s1.openConsole('b', true)).rejects.toBeInstanceOf(OpenNeedsConfirmation);

    const containers = fakeApi({ ...base, containers: { supported: true, enabled: true } });
    const s2 = createPopupState(containers.api);
    s2.start();
    await settle();
    await s2.openConsole('b', true);
    expect(containers.calls.filter((c) => c[0] === 'console.open').map((c) => c[1])).toEqual([{ id: 'b', newTab: true }]);
  });

  it('an identity\'s own choice wins over the global setting', () => {
    const on = { supported: true, enabled: true };
    const off = { supported: true, enabled: false };
    expect(opensInContainer(role('a'), on)).toBe(true);
    expect(opensInContainer({ ...role('a'), container: 'none' }, on)).toBe(false);
    expect(opensInContainer(role('a'), off)).toBe(false);
    expect(opensInContainer({ ...role('a'), container: 'own' }, off)).toBe(true);
    expect(opensInContainer({ ...role('a'), container: 'own' }, { supported: false, enabled: false })).toBe(false);
  });
});
