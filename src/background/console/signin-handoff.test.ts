/**
 * The console sign-in hand-off in Node, with the extension APIs it touches faked (tabs, runtime URLs) and
 * the vault service's lock: the login form goes only to Sigvault's sign-in page in the tab console.open
 * opened, once; anything else is refused and leaves it in place; a lock drops it.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';

const ORIGIN = 'chrome-extension://sigvault';
const tabs = { next: 40, create: vi.fn(async (o: { url: string }) => ({ id: ++tabs.next, url: o.url })), update: vi.fn(async (id: number, o: { url: string }) => ({ id, url: o.url })) };
function area() {
  let data: Record<string, unknown> = {};
  return {
    get: async (k: string | null) => (k === null ? { ...data } : k in data ? { [k]: structuredClone(data[k]) } : {}),
    set: async (o: Record<string, unknown>) => { Object.assign(data, structuredClone(o)); },
    clear: async () => { data = {}; },
    remove: async (keys: string | string[]) => { for (const k of [keys].flat()) delete data[k]; },
  };
}
vi.mock('../../platform/browser.ts', () => ({
  BROWSER: 'chrome',
  browser: {
    tabs,
    storage: { session: area(), local: area(), onChanged: { addListener: () => undefined } },
    alarms: { create: async () => undefined, clear: async () => true },
    runtime: { sendMessage: async () => undefined, id: 'sigvault', getURL: (p: string) => `${ORIGIN}/${p.replace(/^\//, '')}`, getManifest: () => ({ version: '0' }) },
  },
}));

const form = { action: 'https://signin.aws.amazon.com/federation', fields: { Action: 'login', Destination: 'https://console.aws.amazon.com/', SigninToken: 'token-123' } };
const page = (hashOf: string) => `${ORIGIN}/src/signin/index.html#${hashOf}`;
const idOf = () => new URL(tabs.create.mock.calls.at(-1)![0].url).hash.slice(1);

describe('console sign-in hand-off', () => {
  it('gives the form once, to the sign-in page in the tab it opened; other senders are refused and leave it', async () => {
    const { openSigninTab, takeHandoff } = await import('./signin-handoff.ts');
    const vault = await import('../vault/service.ts');
    const tabId = await openSigninTab(form, {}, vault.lockGuard());
    const id = idOf();
    expect(tabs.create.mock.calls.at(-1)![0].url).toBe(page(id));
    expect(tabs.create.mock.calls.at(-1)![0].url).not.toContain('token-123');
    // another tab with the right page, the right tab with another page, no tab at all
    await expect(takeHandoff(id, { id: 'sigvault', url: page(id), tab: { id: tabId + 1 } } as never)).rejects.toMatchObject({ code: 'FORBIDDEN_SENDER' });
    await expect(takeHandoff(id, { id: 'sigvault', url: `${ORIGIN}/src/options/index.html`, tab: { id: tabId } } as never)).rejects.toMatchObject({ code: 'FORBIDDEN_SENDER' });
    await expect(takeHandoff(id, { id: 'sigvault', url: page(id) } as never)).rejects.toMatchObject({ code: 'FORBIDDEN_SENDER' });
    // …and the page it belongs to still gets it, once
    expect(await takeHandoff(id, { id: 'sigvault', url: page(id), tab: { id: tabId } } as never)).toEqual(form);
    await expect(takeHandoff(id, { id: 'sigvault', url: page(id), tab: { id: tabId } } as never)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a lock drops forms not taken yet; a guard from before a lock opens no tab', async () => {
    const { openSigninTab, takeHandoff } = await import('./signin-handoff.ts');
    const vault = await import('../vault/service.ts');
    const tabId = await openSigninTab(form, {}, vault.lockGuard());
    const id = idOf();
    const stale = vault.lockGuard();
    await vault.lock('manual');
    await expect(takeHandoff(id, { id: 'sigvault', url: page(id), tab: { id: tabId } } as never)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const opened = tabs.create.mock.calls.length;
    await expect(openSigninTab(form, {}, stale)).rejects.toMatchObject({ code: 'LOCKED' });
    expect(tabs.create.mock.calls.length).toBe(opened);
  });

  it('replacing the active tab: the form is bound to that tab', async () => {
    const { openSigninTab, takeHandoff } = await import('./signin-handoff.ts');
    const vault = await import('../vault/service.ts');
    const tabId = await openSigninTab(form, { replaceTabId: 7 }, vault.lockGuard());
    expect(tabId).toBe(7);
    const id = new URL(tabs.update.mock.calls.at(-1)![1].url).hash.slice(1);
    expect(await takeHandoff(id, { id: 'sigvault', url: page(id), tab: { id: 7 } } as never)).toEqual(form);
  });
});

describe('signin.handoff input', () => {
  it('an id that is not text, empty or too long is INVALID_INPUT naming the field, and takes nothing', async () => {
    const { signinHandoff } = await import('../handlers/signin-handoff.ts');
    const sender = { id: 'sigvault', url: `${ORIGIN}/src/signin/index.html`, tab: { id: 1 } };
    for (const id of [42, '', 'x'.repeat(65), undefined]) {
      await expect(signinHandoff({ id } as never, { sender } as never), String(id)).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field: 'id' } });
    }
  });
});
