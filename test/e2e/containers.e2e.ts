/**
 * Firefox containers for console sign-ins, end to end: the built extension in real Firefox ESR against
 * the local STS / sign-in stand-in. Two identities open in two containers (different cookieStoreIds),
 * each tab landing on the stand-in's login as the identity of its container; reopening reuses the
 * container; a renamed identity renames it; a container the user removed is made again;
 * `console.cleanupContainers` removes only Sigvault's (a user's container of the same name survives);
 * the per-identity choice and the global setting are obeyed; containers turned off in Firefox, and
 * Chromium (no containers at all): `supported: false`, cleanup UNSUPPORTED with nothing changed, and
 * `console.open` still works. Options page and popup edit form through the UI (axe on both);
 * docs/screenshots/firefox-containers.png (options) and firefox-containers-edit.png (the popup's edit
 * form) with UPDATE_SCREENSHOTS=1.
 *
 * Tabs in a container are not among puppeteer's pages: the test reaches them with raw WebDriver BiDi
 * (`browsingContext.getTree`, `script.evaluate`). Which container a page is in is read from the page
 * itself: a probe cookie is set in each container's cookie store (through the background's `cookies`
 * permission), and `document.cookie` in the page shows the one of its own store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { startStandin, type Standin } from '../support/sts-standin.ts';
import { seriousA11yViolations } from './axe.ts';
import { KINDS, launch, useStandin, type ExtensionBrowser, type ExtPage, ok } from './harness.ts';

const PASS = 'correct horse battery staple';
const PROD_ARN = 'arn:aws:iam::222222222222:role/Prod';
const STAGING_ARN = 'arn:aws:iam::333333333333:role/Staging';
const SHOTS = process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots';


async function setup(kind: 'chromium' | 'firefox') {
  const standin = await startStandin({ cors: false });
  const bob = standin.issueUserKeys({ userName: 'bob', account: '111111111111' });
  standin.addRole({ arn: PROD_ARN, trust: { principals: ['111111111111'] } });
  standin.addRole({ arn: STAGING_ARN, trust: { principals: ['111111111111'] } });
  const b = await launch(kind);
  await ok(b.send('vault.create', { passphrase: PASS }));
  await useStandin(b, standin.url);
  const ids: Record<string, string> = {};
  ids['bob'] = (await ok(b.send('identity.addUser', { label: 'bob', accessKeyId: bob.accessKeyId, secretAccessKey: bob.secretAccessKey }))).id;
  ids['prod'] = (await ok(b.send('identity.addRole', { label: 'prod', roleArn: PROD_ARN, sourceId: ids['bob']!, color: '#e53935' }))).id;
  ids['staging'] = (await ok(b.send('identity.addRole', { label: 'staging', roleArn: STAGING_ARN, sourceId: ids['bob']!, color: '#43a047' }))).id;
  return { standin, b, ids };
}

if (KINDS.includes('firefox')) {
  describe('Firefox containers: firefox', () => {
    let standin: Standin;
    let b: ExtensionBrowser;
    let ids: Record<string, string>;
    const stores: Record<string, string> = {};

    const tabStore = (tabId: number) => b.inBackground(async (g, id: number) => (await g.browser.tabs.get(id)).cookieStoreId as string, tabId);
    const tabUrl = (tabId: number) => b.inBackground(async (g, id: number) => (await g.browser.tabs.get(id)).url as string, tabId);
    const containerOf = (cookieStoreId: string) => b.inBackground(async (g, id: string) => {
      try { const c = await g.browser.contextualIdentities.get(id); return { name: c.name, color: c.color, icon: c.icon }; } catch { return null; }
    }, cookieStoreId);
    const allContainers = () => b.inBackground(async (g) => (await g.browser.contextualIdentities.query({})).map((c: any) => c.cookieStoreId as string));
    /** Sigvault's containers as it lists them: cookieStoreId → identity id (the map itself is sealed in the vault). */
    const remembered = async () => Object.fromEntries((await ok(b.send('console.containers', {}))).containers.map((c: any) => [c.cookieStoreId, c.identityId]));
    const tabsIn = (cookieStoreId: string) => b.inBackground(async (g, id: string) => (await g.browser.tabs.query({ cookieStoreId: id })).length as number, cookieStoreId);
    const listed = async () => {
      const r = await ok(b.send('console.containers', {}));
      expect(r.supported).toBe(true);
      return Object.fromEntries(r.containers.map((c: any) => [c.identityId, c])) as Record<string, any>;
    };
    /** Puts `sv_probe=<cookieStoreId>` into each container's cookie store for the stand-in's origin. */
    const probe = (cookieStoreIds: string[]) => b.inBackground(async (g, a: { url: string; ids: string[] }) => {
      for (const storeId of a.ids) await g.browser.cookies.set({ url: `${a.url}/`, name: 'sv_probe', value: storeId, storeId });
    }, { url: standin.url, ids: cookieStoreIds });
    /** Every stand-in login page open in any tab (containers included): its signed-in ARN and the probe cookie it sees. */
    const landed = async () => {
      const tree = await b.bidi!('browsingContext.getTree', {});
      const out: { arn: string; store: string }[] = [];
      for (const c of tree.contexts as { context: string; url: string }[]) {
        if (c.url !== `${standin.url}/federation`) continue;
        const r = await b.bidi!('script.evaluate', {
          target: { context: c.context }, awaitPromise: false,
          expression: 'JSON.stringify([document.readyState, document.body?.dataset.signedInArn ?? "", document.cookie])',
        });
        const [state, arn, cookie] = JSON.parse(r.result.value) as [string, string, string];
        if (state !== 'complete' || arn === '') continue;
        out.push({ arn, store: /(?:^|; )sv_probe=([^;]*)/.exec(cookie)?.[1] ?? '(no probe)' });
      }
      return out;
    };

    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      ({ standin, b, ids } = await setup('firefox'));
    });
    afterAll(async () => {
      await b?.close();
      await standin?.stop();
    });

    it('containers are on: the add-on\'s permission turned them on in Firefox, and none is Sigvault\'s yet', async () => {
      expect(await b.chromeEval!('Services.prefs.getBoolPref("privacy.userContext.enabled")')).toBe(true);
      expect(await ok(b.send('console.containers', {}))).toEqual({ supported: true, containers: [] });
      expect((await ok(b.send('settings.get', {}))).vault.consoleContainers).toBe(true);
    });

    it('two identities open in two containers; each tab lands on the stand-in\'s login as the identity of its container', async () => {
      const before = standin.state.logins.length;
      const prod = await ok(b.send('console.open', { id: ids['prod']! }));
      const staging = await ok(b.send('console.open', { id: ids['staging']! }));
      expect(prod.notices).toEqual([]);
      stores['prod'] = await tabStore(prod.tabId);
      stores['staging'] = await tabStore(staging.tabId);
      expect(stores['prod']).toMatch(/^firefox-container-\d+$/);
      expect(stores['staging']).toMatch(/^firefox-container-\d+$/);
      expect(stores['prod']).not.toBe(stores['staging']);
      const list = await listed();
      expect(list[ids['prod']!]).toEqual({ cookieStoreId: stores['prod'], name: 'prod', color: 'red', icon: 'briefcase', identityId: ids['prod'], tabCount: 1 });
      expect(list[ids['staging']!]).toEqual({ cookieStoreId: stores['staging'], name: 'staging', color: 'green', icon: 'briefcase', identityId: ids['staging'], tabCount: 1 });
      expect(Object.keys(list)).toHaveLength(2);
      // each tab is on the stand-in's login (a POST: no token in the address)…
      await expect.poll(() => tabUrl(prod.tabId), { timeout: 15_000 }).toBe(`${standin.url}/federation`);
      await expect.poll(() => tabUrl(staging.tabId), { timeout: 15_000 }).toBe(`${standin.url}/federation`);
      await expect.poll(() => standin.state.logins.length, { timeout: 15_000 }).toBe(before + 2);
      expect(standin.state.logins.slice(before).map((l) => l.method)).toEqual(['POST', 'POST']);
      // …and the page in each container is signed in as that container's identity
      await probe([stores['prod']!, stores['staging']!]);
      await expect.poll(async () => (await landed()).sort((x, y) => x.arn.localeCompare(y.arn)), { timeout: 15_000 }).toEqual([
        { arn: expect.stringContaining('sts::222222222222:assumed-role/Prod/'), store: stores['prod'] },
        { arn: expect.stringContaining('sts::333333333333:assumed-role/Staging/'), store: stores['staging'] },
      ]);
      // what Sigvault remembers: container ids ↔ identity ids, no labels (the names live in Firefox)
      expect(await remembered()).toEqual({ [stores['prod']!]: ids['prod'], [stores['staging']!]: ids['staging'] });
    });

    it('reopening reuses the identity\'s container', async () => {
      const count = (await allContainers()).length;
      const again = await ok(b.send('console.open', { id: ids['prod']! }));
      expect(await tabStore(again.tabId)).toBe(stores['prod']);
      expect((await allContainers()).length).toBe(count);
      await expect.poll(async () => (await listed())[ids['prod']!].tabCount).toBe(2);
    });

    it('a renamed, recoloured identity renames and recolours its container; an account alias names it', async () => {
      await ok(b.send('identity.update', { id: ids['prod']!, label: 'production', color: '#1e88e5' }));
      const r = await ok(b.send('console.open', { id: ids['prod']! }));
      expect(await tabStore(r.tabId)).toBe(stores['prod']);
      expect(await containerOf(stores['prod']!)).toEqual({ name: 'production', color: 'blue', icon: 'briefcase' });
      await ok(b.send('account.setAlias', { account: '222222222222', alias: 'acme-prod' }));
      await ok(b.send('console.open', { id: ids['prod']! }));
      expect(await containerOf(stores['prod']!)).toEqual({ name: 'acme-prod · production', color: 'blue', icon: 'briefcase' });
    });

    it('a container the user removed is made again (and the old one forgotten)', async () => {
      const old = stores['prod']!;
      await b.inBackground(async (g, id: string) => { await g.browser.contextualIdentities.remove(id); }, old);
      const r = await ok(b.send('console.open', { id: ids['prod']! }));
      stores['prod'] = await tabStore(r.tabId);
      expect(stores['prod']).toMatch(/^firefox-container-\d+$/);
      expect(stores['prod']).not.toBe(old);
      expect((await listed())[ids['prod']!]).toMatchObject({ cookieStoreId: stores['prod'], name: 'acme-prod · production', tabCount: 1 });
      expect(Object.keys(await remembered())).not.toContain(old);
    });

    it('the identity\'s own choice wins over the global setting, which decides the rest', async () => {
      // 'none': no container, even with the global setting on
      expect((await ok(b.send('identity.update', { id: ids['staging']!, container: 'none' }))).container).toBe('none');
      expect((await ok(b.send('identity.get', { id: ids['staging']! }))).container).toBe('none');
      expect(await tabStore((await ok(b.send('console.open', { id: ids['staging']! }))).tabId)).toBe('firefox-default');
      // global off: identities without a choice open without a container…
      await ok(b.send('settings.set', { consoleContainers: false }));
      expect(await tabStore((await ok(b.send('console.open', { id: ids['bob']! }))).tabId)).toBe('firefox-default');
      expect(await tabStore((await ok(b.send('console.open', { id: ids['prod']! }))).tabId)).toBe('firefox-default');
      // …and 'own' still gets its own
      await ok(b.send('identity.update', { id: ids['prod']!, container: 'own' }));
      expect(await tabStore((await ok(b.send('console.open', { id: ids['prod']! }))).tabId)).toBe(stores['prod']);
      // global on again: the user gets a container too, with the user icon
      await ok(b.send('settings.set', { consoleContainers: true }));
      const bob = await ok(b.send('console.open', { id: ids['bob']! }));
      stores['bob'] = await tabStore(bob.tabId);
      expect(stores['bob']).toMatch(/^firefox-container-\d+$/);
      expect(await containerOf(stores['bob']!)).toMatchObject({ name: 'bob', icon: 'fingerprint' });
      // 'default' (or null) clears the choice; a value that is not one is refused, naming the field
      await ok(b.send('identity.update', { id: ids['staging']!, container: null }));
      expect(await ok(b.send('identity.get', { id: ids['staging']! }))).not.toHaveProperty('container');
      expect(await b.send('identity.update', { id: ids['prod']!, container: 'firefox-container-1' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'container' } });
      expect((await ok(b.send('identity.get', { id: ids['prod']! }))).container).toBe('own');
    });

    it('the popup\'s edit form offers the container choice, and saves it', async () => {
      const popup: ExtPage = await b.openPage('src/popup/index.html');
      await popup.setViewport(380, 600);
      await popup.waitForSelector('#search');
      await popup.fill('#search', 'production');
      await expect.poll(() => popup.evaluate(() => document.querySelector('[role=option][aria-selected=true] .label')?.textContent ?? null, undefined)).toBe('production');
      await popup.click('#edit-identity');
      await popup.waitForSelector('#edit-role #container');
      expect(await popup.evaluate(() => (document.querySelector('#container') as HTMLSelectElement).value, undefined)).toBe('own');
      expect(await seriousA11yViolations(popup), 'axe on #edit-role with the container field').toEqual([]);
      await popup.evaluate(() => document.querySelector('#container')!.scrollIntoView({ block: 'center' }), undefined);
      await popup.screenshot(`${SHOTS}/firefox-containers-edit.png`);
      await popup.evaluate(() => {
        const s = document.querySelector('#container') as HTMLSelectElement;
        s.value = 'default';
        s.dispatchEvent(new Event('change', { bubbles: true }));
      }, undefined);
      await popup.click('#edit-role button[type=submit]');
      await popup.waitForSelector('#search');
      await expect.poll(async () => (await ok(b.send('identity.get', { id: ids['prod']! }))).container ?? 'default').toBe('default');
      expect(await ok(b.send('identity.get', { id: ids['prod']! }))).not.toHaveProperty('container');
      await popup.close();
    });

    it('console.cleanupContainers removes only Sigvault\'s: a user\'s container of the same name, and its tab, survive', async () => {
      // the user's own containers: one made in Firefox itself, named like one of Sigvault's, with a tab in it
      const mine = await b.chromeEval!<string>(`(() => {
        const { ContextualIdentityService } = ChromeUtils.importESModule('resource://gre/modules/ContextualIdentityService.sys.mjs');
        return 'firefox-container-' + ContextualIdentityService.create('acme-prod · production', 'briefcase', 'blue').userContextId;
      })()`);
      await b.inBackground(async (g, id: string) => { await g.browser.tabs.create({ url: 'about:blank', cookieStoreId: id, active: false }); }, mine);
      const ours = Object.values(await listed()).map((c) => c.cookieStoreId as string);
      expect(ours.sort()).toEqual([stores['prod']!, stores['staging']!, stores['bob']!].sort());
      expect(ours).not.toContain(mine);
      const tabsBefore = await Promise.all(ours.map(tabsIn));
      expect(tabsBefore.some((n) => n > 0)).toBe(true);

      expect(await ok(b.send('console.cleanupContainers', {}))).toEqual({ removed: 3 });
      expect(await ok(b.send('console.containers', {}))).toEqual({ supported: true, containers: [] });
      for (const id of ours) {
        expect(await containerOf(id)).toBeNull();
        expect(await tabsIn(id)).toBe(0); // closed: Firefox's API would leave them open in a container that is gone
      }
      expect(await containerOf(mine)).toEqual({ name: 'acme-prod · production', color: 'blue', icon: 'briefcase' });
      expect(await tabsIn(mine)).toBe(1);
      expect(await remembered()).toEqual({});
      expect(await ok(b.send('console.cleanupContainers', {}))).toEqual({ removed: 0 });
      expect(await containerOf(mine)).not.toBeNull();
    });

    it('the options page: the global toggle and "Remove Sigvault\'s containers (N)"', async () => {
      await ok(b.send('console.open', { id: ids['staging']! }));
      const options = await b.openPage('src/options/index.html');
      await options.setViewport(900, 700);
      await options.waitForSelector('#containers-section #console-containers');
      expect(await options.evaluate(() => (document.querySelector('#console-containers') as HTMLInputElement).checked, undefined)).toBe(true);
      expect(await options.text('#containers-cleanup')).toBe('Remove Sigvault\'s containers (1)');
      expect(await seriousA11yViolations(options), 'axe on the options page with the containers section').toEqual([]);
      await options.evaluate(() => document.querySelector('#containers-section')!.scrollIntoView(), undefined);
      await options.screenshot(`${SHOTS}/firefox-containers.png`);
      await options.click('#console-containers');
      await expect.poll(async () => (await ok(b.send('settings.get', {}))).vault.consoleContainers).toBe(false);
      await options.click('#console-containers');
      await expect.poll(async () => (await ok(b.send('settings.get', {}))).vault.consoleContainers).toBe(true);
      await options.click('#containers-cleanup');
      await expect.poll(() => options.text('#containers-cleanup')).toBe('Remove Sigvault\'s containers (0)');
      expect(await options.text('#containers-section [role=status]')).toBe('Removed 1 container.');
      expect((await ok(b.send('console.containers', {}))).containers).toEqual([]);
      await options.close();
    });

    it('a container list planted in the profile is ignored: cleanup and sign-ins never touch a user\'s container', async () => {
      // what a profile edit could write (an older build kept the list in storage.local): the user's "Banking" as prod's
      const banking = await b.inBackground(async (g) => (await g.browser.contextualIdentities.create({ name: 'Banking', color: 'green', icon: 'dollar' })).cookieStoreId as string);
      await b.inBackground(async (g, a: { store: string; id: string }) => { await g.browser.storage.local.set({ consoleContainers: { [a.store]: a.id } }); }, { store: banking, id: ids['prod']! });
      expect(Object.keys(await remembered())).not.toContain(banking);
      const prod = await ok(b.send('console.open', { id: ids['prod']! }));
      expect(await tabStore(prod.tabId)).not.toBe(banking);
      expect(await containerOf(banking)).toEqual({ name: 'Banking', color: 'green', icon: 'dollar' });
      await ok(b.send('console.cleanupContainers', {}));
      expect(await containerOf(banking)).toEqual({ name: 'Banking', color: 'green', icon: 'dollar' });
      // and while locked the list is not even readable
      await ok(b.send('vault.lock', {}));
      expect(await b.send('console.cleanupContainers', {})).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
      expect(await b.send('console.containers', {})).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
      await ok(b.send('vault.unlock', { passphrase: PASS }));
      expect(await containerOf(banking)).not.toBeNull();
      await b.inBackground(async (g, store: string) => { await g.browser.contextualIdentities.remove(store); await g.browser.storage.local.remove('consoleContainers'); }, banking);
    });

    it('containers turned off in Firefox: supported false, cleanup UNSUPPORTED with nothing changed, console.open without a container', async () => {
      await ok(b.send('console.open', { id: ids['staging']! }));
      const made = await remembered();
      expect(Object.keys(made)).toHaveLength(1);
      await b.chromeEval!('Services.prefs.setBoolPref("privacy.userContext.enabled", false)');
      try {
        expect(await ok(b.send('console.containers', {}))).toEqual({ supported: false, containers: [] });
        expect(await b.send('console.cleanupContainers', {})).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED', message: expect.stringMatching(/no containers/) } });
        // 'own' opens without one and says so; an identity following the global setting opens without a word
        await ok(b.send('identity.update', { id: ids['prod']!, container: 'own' }));
        const prod = await ok(b.send('console.open', { id: ids['prod']! }));
        expect(await tabStore(prod.tabId)).toBe('firefox-default');
        expect(prod.notices.join(' ')).toMatch(/no containers/);
        const staging = await ok(b.send('console.open', { id: ids['staging']! }));
        expect(await tabStore(staging.tabId)).toBe('firefox-default');
        expect(staging.notices.join(' ')).not.toMatch(/container/);
      } finally {
        await b.chromeEval!('Services.prefs.setBoolPref("privacy.userContext.enabled", true)');
      }
      // Firefox itself removes every container when they are turned off (ContextualIdentityService
      // resets them): back on, Sigvault finds its container gone and forgets it
      expect(await ok(b.send('console.containers', {}))).toEqual({ supported: true, containers: [] });
      expect(await remembered()).toEqual({});
      const again = await ok(b.send('console.open', { id: ids['staging']! }));
      expect(await tabStore(again.tabId)).toMatch(/^firefox-container-\d+$/);
      expect((await ok(b.send('console.containers', {}))).containers).toHaveLength(1);
    });
  });
}

if (KINDS.includes('chromium')) {
  describe('Firefox containers: chromium (no containers)', () => {
    let standin: Standin;
    let b: ExtensionBrowser;
    let ids: Record<string, string>;
    beforeAll(async () => ({ standin, b, ids } = await setup('chromium')));
    afterAll(async () => {
      await b?.close();
      await standin?.stop();
    });

    it('console.containers says unsupported; cleanup is UNSUPPORTED; console.open works, with a notice only for \'own\'', async () => {
      expect(await ok(b.send('console.containers', {}))).toEqual({ supported: false, containers: [] });
      expect(await b.send('console.cleanupContainers', {})).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED', message: expect.stringMatching(/no containers/) } });
      // the global setting is on by default and ignored here
      expect((await ok(b.send('settings.get', {}))).vault.consoleContainers).toBe(true);
      const before = standin.state.logins.length;
      const staging = await ok(b.send('console.open', { id: ids['staging']! }));
      expect(staging.notices.join(' ')).not.toMatch(/container/);
      await ok(b.send('identity.update', { id: ids['prod']!, container: 'own' }));
      const prod = await ok(b.send('console.open', { id: ids['prod']! }));
      expect(prod.notices.join(' ')).toMatch(/no containers/);
      await expect.poll(() => standin.state.logins.length, { timeout: 15_000 }).toBe(before + 2);
      expect(standin.state.logins.slice(before).map((l) => l.arn)).toEqual([
        expect.stringContaining('assumed-role/Staging/'), expect.stringContaining('assumed-role/Prod/'),
      ]);
    });

    it('the popup\'s edit form and the options page show no container controls', async () => {
      const options = await b.openPage('src/options/index.html');
      // the (hidden) marker: console.containers answered supported: false
      await expect.poll(() => options.evaluate(() => !!document.querySelector('#containers-unsupported'), undefined), { timeout: 15_000 }).toBe(true);
      expect(await options.evaluate(() => !!document.querySelector('#containers-section'), undefined)).toBe(false);
      await options.close();
      const popup = await b.openPage('src/popup/index.html');
      await popup.waitForSelector('#search');
      await popup.fill('#search', 'prod');
      await expect.poll(() => popup.evaluate(() => document.querySelector('[role=option][aria-selected=true] .label')?.textContent ?? null, undefined)).toBe('prod');
      await popup.click('#edit-identity');
      await popup.waitForSelector('#edit-role');
      expect(await popup.evaluate(() => !!document.querySelector('#container'), undefined)).toBe(false);
      await popup.close();
    });
  });
}
