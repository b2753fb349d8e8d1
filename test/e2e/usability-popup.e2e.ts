/**
 * Usability of the popup's list and details (issue 15, items 5, 11 and 12), in real Chromium and Firefox
 * with the built extension against the local STS stand-in:
 * - where Enter / Open console opens: a new tab over an ordinary page (which stays), the tab itself over an
 *   AWS console page, and the button says which (the toolbar popup: Chromium, whose toolbar button the
 *   harness can click; a popup page in a tab of its own opens new tabs in both browsers);
 * - density and focus (see each test).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../support/sts-standin.ts';
import { KINDS, launch, ok, useStandin, type ExtensionBrowser, type ExtPage } from './harness.ts';

const PASS = 'correct horse battery staple';
const DEPLOY_ARN = 'arn:aws:iam::444444444444:role/Deploy';
const CONSOLE_URL = 'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:';
const ARTICLE_URL = 'https://example.com/an-article-the-user-was-reading';

for (const kind of KINDS) {
  describe(`popup usability: ${kind}`, () => {
    let standin: Standin;
    let b: ExtensionBrowser;
    let popup: ExtPage;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      standin = await startStandin({ cors: false });
      const bob = standin.issueUserKeys({ userName: 'bob', account: '111111111111' });
      standin.addRole({ arn: DEPLOY_ARN, trust: { principals: ['111111111111'] } });
      b = await launch(kind);
      await ok(b.send('vault.create', { passphrase: PASS }));
      await useStandin(b, standin.url);
      ids['bob'] = (await ok(b.send('identity.addUser', { label: 'bob', accessKeyId: bob.accessKeyId, secretAccessKey: bob.secretAccessKey, region: 'us-east-1' }))).id;
      ids['deploy'] = (await ok(b.send('identity.addRole', { label: 'deploy', roleArn: DEPLOY_ARN, sourceId: ids['bob']!, region: 'eu-west-1' }))).id;
      popup = await b.openPage('src/popup/index.html');
      await popup.setViewport(380, 600);
      await popup.waitForSelector('#search');
    });
    afterAll(async () => {
      await b?.close();
      await standin?.stop();
    });

    it('item 5: a popup page in a tab of its own says (and does) "new tab"', async () => {
      await popup.fill('#search', 'deploy');
      await popup.waitForSelector('#open-console');
      expect(await popup.text('#open-console')).toBe('Open console in new tab');
    });

    const focused = () => popup.evaluate(() => { const a = document.activeElement; return a === document.body || !a ? 'body' : `${a.tagName.toLowerCase()}#${a.id}`; }, undefined);

    it('item 12: Remove asks with Cancel focused (Enter, Enter deletes nothing); Esc goes back to Remove', async () => {
      await popup.fill('#search', 'deploy');
      await popup.waitForSelector('#remove-identity');
      await popup.click('#remove-identity');
      await popup.waitForSelector('#confirm-remove');
      await expect.poll(focused).toBe('button#confirm-cancel');
      await popup.press('Enter');
      await popup.waitForSelector('#remove-identity');
      expect((await ok(b.send('identity.list', {}))).identities.map((v: { id: string }) => v.id)).toContain(ids['deploy']);
      await expect.poll(focused).toBe('button#remove-identity');
      await popup.press('Enter'); // the confirmation again, from the keyboard
      await popup.waitForSelector('#confirm-remove');
      await popup.press('Escape');
      await popup.waitForSelector('#remove-identity');
      await expect.poll(focused).toBe('button#remove-identity');
    });

    it('item 12: the list is not a Tab stop of its own (the search box drives it with the arrows)', async () => {
      // enough identities for the list to scroll (a scrolling box is a Tab stop by default in Chromium)
      for (let i = 0; i < 16; i++) await ok(b.send('identity.addRole', { label: `filler ${String(i).padStart(2, '0')}`, roleArn: `arn:aws:iam::555555555555:role/F${i}`, sourceId: ids['bob']! }));
      await popup.fill('#search', 'x');
      await popup.fill('#search', '');
      await expect.poll(() => popup.evaluate(() => { const l = document.getElementById('identities')!; return l.scrollHeight > l.clientHeight; }, undefined), { timeout: 10_000 }).toBe(true);
      await popup.evaluate(() => (document.getElementById('search') as HTMLInputElement).focus(), undefined);
      await popup.press('Tab');
      expect(await focused()).not.toBe('ul#identities');
      expect(await popup.evaluate(() => document.getElementById('identities')!.tabIndex, undefined)).toBe(-1);
    });

    it('item 12: after + User the new identity is selected, with focus back in the search box', async () => {
      const carol = standin.issueUserKeys({ userName: 'carol', account: '111111111111' });
      await popup.click('#add-user-button');
      await popup.waitForSelector('#add-user');
      await popup.fill('#label', 'carol');
      await popup.fill('#accessKeyId', carol.accessKeyId);
      await popup.fill('#secretAccessKey', carol.secretAccessKey);
      await popup.click('#add-user button[type=submit]');
      await popup.waitForSelector('#search', 20_000);
      await expect.poll(() => popup.evaluate(() => document.querySelector('[role=option][aria-selected=true] .label')?.textContent ?? null, undefined), { timeout: 10_000 }).toBe('carol');
      await expect.poll(focused).toBe('input#search');
    });

    it('item 11: with the import notice and the active identity on top, at 380×600 most of the list and the details fit; both banners are one line and can be dismissed', async () => {
      // (the filler roles of the Tab test are there: 19 identities)
      await ok(b.send('identity.activate', { id: ids['deploy']! }));
      await popup.click('#import-button');
      await popup.waitForSelector('#import');
      await popup.fill('#import-config', '[profile density]\nregion = eu-central-1\n');
      await popup.fill('#import-credentials', '[density]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n');
      await popup.click('#import-preview');
      await popup.waitForSelector('#import-plan');
      await popup.click('#import-apply');
      await popup.waitForSelector('#search', 20_000);
      await popup.waitForSelector('#app-notice:not(:empty)');
      await popup.waitForSelector('#active-identity');
      await popup.fill('#search', '');
      await popup.waitForSelector('#details');
      const layout = () => popup.evaluate(() => {
        const h = window.innerHeight;
        const rows = [...document.querySelectorAll('#identities [role=option]')].filter((r) => { const b = r.getBoundingClientRect(); return b.top >= 0 && b.bottom <= h && b.bottom <= document.getElementById('identities')!.getBoundingClientRect().bottom + 1; });
        const [notice, active] = ['app-notice', 'active-identity'].map((id) => Math.round(document.getElementById(id)?.getBoundingClientRect().height ?? 0));
        // the endpoint override banner is the tests' own (their stand-in endpoints): not counted
        const override = Math.round(document.getElementById('endpoint-override')?.getBoundingClientRect().height ?? 0);
        return { rows: rows.length, detailsTop: Math.round(document.getElementById('details')!.getBoundingClientRect().top) - override, h, notice, active };
      }, undefined);
      const before = await layout();
      expect(before.notice, 'the import notice: one line').toBeLessThanOrEqual(30);
      expect(before.active, 'the active identity: one line').toBeLessThanOrEqual(32);
      expect(before.rows, JSON.stringify(before)).toBeGreaterThanOrEqual(8); // the list's 300 px, section headings included
      expect(before.detailsTop, JSON.stringify(before)).toBeLessThan(before.h - 60);
      await popup.click('#app-notice-dismiss');
      await popup.click('#active-dismiss');
      await expect.poll(() => popup.evaluate(() => !document.getElementById('active-identity') && document.getElementById('app-notice')!.textContent === '', undefined)).toBe(true);
      // dismissed stays dismissed for that identity on the next open
      const again = await b.openPage('src/popup/index.html');
      await again.waitForSelector('#search');
      await again.waitForSelector('[role=option]');
      expect(await again.evaluate(() => !!document.getElementById('active-identity'), undefined)).toBe(false);
      await again.close();
    });

    it('item 11: each row shows its region; a long ARN breaks at ":" and "/", not inside a word; Make active says what it does', async () => {
      await popup.fill('#search', 'deploy');
      await popup.waitForSelector(`[data-id="${ids['deploy']}"] .region`);
      expect(await popup.text(`[data-id="${ids['deploy']}"] .region`)).toBe('eu-west-1');
      await popup.waitForSelector('#details .arn');
      // the ARN's line breaks fall after ':' or '/' only
      const breaks = await popup.evaluate(() => {
        const el = document.querySelector('#details .arn')!;
        (el as HTMLElement).style.width = '120px';
        const range = document.createRange();
        const text = el.textContent!;
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        const chars: Array<{ c: string; top: number }> = [];
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          for (let i = 0; i < n.textContent!.length; i++) { range.setStart(n, i); range.setEnd(n, i + 1); chars.push({ c: n.textContent![i]!, top: Math.round(range.getBoundingClientRect().top) }); }
        }
        (el as HTMLElement).style.width = '';
        return { text, before: chars.filter((x, i) => i > 0 && x.top > chars[i - 1]!.top).map((x) => chars[chars.indexOf(x) - 1]!.c) };
      }, undefined);
      expect(breaks.before.length, breaks.text).toBeGreaterThan(0);
      for (const c of breaks.before) expect([':', '/']).toContain(c);
      expect(await popup.evaluate(() => document.getElementById('make-active')!.title, undefined)).toMatch(/badge/i);
    });

    it('item 11: identities added by hand get distinct colours', async () => {
      const colours = (await ok(b.send('identity.list', {}))).identities.filter((v: { label: string }) => /^filler/.test(v.label)).map((v: { color?: string }) => v.color);
      expect(colours.every((c: string | undefined) => typeof c === 'string' && /^#[0-9a-f]{6}$/i.test(c))).toBe(true);
      expect(new Set(colours.slice(0, 8)).size).toBe(8);
    });

    if (kind === 'chromium') {
      it('item 5: the toolbar popup over an ordinary page opens a new tab (the page stays); over an AWS console page it signs that tab in, and each button says so', async () => {
        const tabCount = () => b.inBackground((g) => g.chrome.tabs.query({}).then((ts: unknown[]) => ts.length)) as Promise<number>;
        // the toolbar popup, read and driven from this extension page (extension.getViews)
        const toolbar = (action: 'text' | 'click' | 'anyway') => popup.evaluate((a) => {
          const w = ((globalThis as any).chrome.extension.getViews({ type: 'popup' }) as Window[])[0];
          const button = w?.document.getElementById(a === 'anyway' ? 'open-anyway' : 'open-console') as HTMLButtonElement | null;
          if (!button) return null;
          if (a !== 'text') button.click();
          return button.textContent;
        }, action);

        await b.openTabWithAction(ARTICLE_URL, '<!doctype html><title>An article</title><p>Reading</p>');
        await expect.poll(() => toolbar('text'), { timeout: 10_000 }).toBe('Open console in new tab');
        const tabs = await tabCount();
        const logins = standin.state.logins.length;
        await toolbar('click');
        await expect.poll(() => standin.state.logins.length, { timeout: 15_000 }).toBe(logins + 1);
        expect(await tabCount()).toBe(tabs + 1); // a new tab: the article's tab was not replaced

        await b.openTabWithAction(CONSOLE_URL, '<!doctype html><title>EC2 Instances</title><p>EC2 console</p>');
        await expect.poll(() => toolbar('text'), { timeout: 10_000 }).toBe('Open console here');
        const tabs2 = await tabCount();
        await toolbar('click');
        // the first sign-in's console session is known: the popup may ask before replacing it (single-session)
        await expect.poll(async () => standin.state.logins.length === logins + 2 || (await toolbar('anyway')) !== null, { timeout: 15_000 }).toBe(true);
        await expect.poll(() => standin.state.logins.length, { timeout: 15_000 }).toBe(logins + 2);
        expect(await tabCount()).toBe(tabs2); // the console tab itself was signed in
      });
    }
  });

  describe(`popup usability, a new profile: ${kind}`, () => {
    let b: ExtensionBrowser;
    let popup: ExtPage;
    const focused = () => popup.evaluate(() => { const a = document.activeElement; return a === document.body || !a ? 'body' : `${a.tagName.toLowerCase()}#${a.id}`; }, undefined);
    beforeAll(async () => {
      b = await launch(kind);
      popup = await b.openPage('src/popup/index.html');
      await popup.setViewport(380, 600);
    });
    afterAll(async () => {
      await b?.close();
    });

    it('item 12: after creating the vault, focus is on the empty list\'s first action; the empty state mentions Import; + Role says why it is disabled', async () => {
      await popup.waitForSelector('#create-vault');
      await popup.fill('#new-passphrase', PASS);
      await popup.fill('#repeat-passphrase', PASS);
      await popup.click('#create-vault button[type=submit]');
      await popup.waitForSelector('#empty-list', 30_000);
      expect(await popup.text('#empty-list')).toMatch(/Import/);
      await expect.poll(focused).toBe('button#empty-import');
      expect(await popup.evaluate(() => (document.getElementById('add-role-button') as HTMLButtonElement).disabled, undefined)).toBe(true);
      expect(await popup.evaluate(() => document.getElementById('add-role-button')!.title, undefined)).toMatch(/user/i);
      await popup.press('Enter');
      await popup.waitForSelector('#import-title');
    });

    it('item 12: a wrong passphrase that starts the backoff leaves focus in the passphrase field', async () => {
      await popup.click('#lock-button');
      await popup.waitForSelector('#unlock');
      // the sixth wrong passphrase starts a 4 s wait (the fifth's 2 s one may be over before it is seen)
      for (let i = 0; i < 6; i++) {
        await popup.fill('#passphrase', `wrong ${i}`);
        await popup.press('Enter');
        await expect.poll(() => popup.evaluate(() => !document.querySelector('#unlock[aria-busy=true]'), undefined), { timeout: 20_000 }).toBe(true);
        await expect.poll(() => popup.evaluate(() => !!document.getElementById('backoff'), undefined), { timeout: 1_000 }).toBe(i >= 4 ? true : false).catch(() => undefined);
        if (i === 5) break;
        // wait out a running backoff before the next attempt
        await expect.poll(() => popup.evaluate(() => !document.getElementById('backoff'), undefined), { timeout: 10_000 }).toBe(true);
      }
      await popup.waitForSelector('#backoff');
      await expect.poll(focused).toBe('input#passphrase');
    }, 120_000);
  });
}
