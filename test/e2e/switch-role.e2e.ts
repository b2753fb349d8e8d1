/**
 * Switch role inside a signed-in console (`console.switchRole`), end to end: the built extension in real
 * Chromium and Firefox, console pages served at real console addresses (with the activeTab grant a click on
 * the toolbar button gives), and the stand-in's emulation of the console's own Switch Role
 * (test/support/standin-switchrole.ts), which checks every field and the CSRF value it handed out and
 * records the switch; each console page reports its own loads, so the test sees where the tab landed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../support/sts-standin.ts';
import { consolePageHtml, type ConsolePageOptions } from '../support/standin-switchrole.ts';
import { KINDS, launch, useStandin, type ExtensionBrowser, ok } from './harness.ts';

type R = { ok: boolean; result?: any; error?: any };

const PASS = 'correct horse battery staple';

async function fails(p: Promise<R>): Promise<{ code: string; message: string; field?: string }> {
  const r = await p;
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r)}`);
  return r.error;
}

for (const kind of KINDS) {
  describe(`switch role inside the console: ${kind}`, () => {
    let standin: Standin;
    let b: ExtensionBrowser;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      standin = await startStandin();
      b = await launch(kind);
      await ok(b.send('vault.create', { passphrase: PASS }));
      await useStandin(b, standin.url);
      ids['prod'] = (await ok(b.send('identity.addConsoleRole', { label: 'Prod admin', account: '222233334444', roleName: 'Admin', displayName: 'prod-admin', color: '#FF8800' }))).id;
      ids['stage'] = (await ok(b.send('identity.addConsoleRole', { label: 'Stage dev', account: 'stage-co', roleName: 'team/Dev', region: 'us-east-1' }))).id;
    });
    afterAll(async () => {
      await b?.close();
      await standin?.stop();
    });

    it('lists console roles with the others, as their own kind', async () => {
      const list = await ok(b.send('identity.list', {}));
      const prod = list.identities.find((v: any) => v.id === ids['prod']);
      expect(prod).toEqual(expect.objectContaining({ kind: 'console-role', label: 'Prod admin', account: '222233334444', roleName: 'Admin', displayName: 'prod-admin', color: '#FF8800' }));
    });

    it('classic console: posts the Switch Role form from the page and the tab lands back on its page as the role', async () => {
      const session = standin.switchRole.newConsoleSession({ account: '111122223333' });
      const url = 'https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#Instances:';
      const loads = standin.switchRole.pageLoads.length;
      await b.openTabWithAction(url, consolePageHtml(session, standin.url, { title: 'EC2 Instances' }));
      await expect.poll(() => standin.switchRole.pageLoads.length, { timeout: 10_000 }).toBe(loads + 1);

      const r = await ok(b.send('console.switchRole', { id: ids['prod']! }));
      expect(r).toMatchObject({ mode: 'classic', destination: url });
      await expect.poll(() => standin.switchRole.switches.length, { timeout: 10_000 }).toBe(1);
      expect(standin.switchRole.refusals).toEqual([]);
      expect(standin.switchRole.switches[0]).toMatchObject({
        mode: 'classic', csrf: session.csrf, account: '222233334444', roleName: 'Admin', displayName: 'prod-admin', color: 'ff8800', redirectUri: url,
      });
      // the 302 to redirect_uri took the tab back to the console page (a second load of it, after the switch)
      await expect.poll(() => standin.switchRole.pageLoads.slice(loads + 1), { timeout: 10_000 }).toEqual([url]);
    });

    it('multi-session console: the JSON switch from the page, then the tab goes to the destination it answered', async () => {
      const session = standin.switchRole.newConsoleSession({ account: '111122223333', multiSession: true });
      // a multi-session console page is on its session's own host (the first label is the session id)
      const url = 'https://us-east-1.console.aws.amazon.com/s3/buckets?region=us-east-1';
      const sessionUrl = url.replace('https://', `https://${session.sessionId}.`);
      const loads = standin.switchRole.pageLoads.length;
      await b.openTabWithAction(sessionUrl, consolePageHtml(session, standin.url, { title: 'S3 buckets' }));
      await expect.poll(() => standin.switchRole.pageLoads.length, { timeout: 10_000 }).toBe(loads + 1);

      const before = standin.switchRole.switches.length;
      const r = await ok(b.send('console.switchRole', { id: ids['stage']! }));
      expect(r.mode).toBe('multi-session');
      expect(standin.switchRole.refusals).toEqual([]);
      // added without a colour, the role got one of the palette's (identity.addConsoleRole): the switch shows it
      const stage = (await ok(b.send('identity.list', {}))).identities.find((v: any) => v.id === ids['stage']);
      expect(stage.color).toMatch(/^#[0-9a-f]{6}$/i);
      expect(standin.switchRole.switches.slice(before)).toEqual([expect.objectContaining({
        mode: 'multi-session', sessionId: session.sessionId, account: 'stage-co', roleName: 'team/Dev', displayName: 'Stage dev', color: stage.color.slice(1).toLowerCase(), redirectUri: url,
      })]);
      const destination = standin.switchRole.switches.at(-1)!.destination!;
      expect(destination).toMatch(/^https:\/\/us-east-1\.console\.aws\.amazon\.com\/s3\/buckets\?region=us-east-1&login_hint=111122223333-[0-9a-f]{8}$/);
      expect(r.destination).toBe(destination);
      // the tab goes there (an address the test does not serve: the tab's address says where it went)
      await expect.poll(() => b.inBackground((g) => g.chrome.tabs.query({ url: 'https://*.console.aws.amazon.com/*' }).then((ts: any[]) => ts.map((t) => t.url as string))), { timeout: 10_000 }).toContain(destination);
    });

    it.each<[string, ConsolePageOptions]>([
      ['no CSRF value', { omit: ['csrf'] }],
      ['no session data and no sign-in endpoint', { omit: ['sessionData'] }],
      ['no account', { omit: ['account'] }],
      ['a sign-in endpoint that is not AWS\'s', { signInEndpoint: 'signin.aws.amazon.com.evil.example' }],
    ])('a console page with %s: "The AWS console changed; use Open console instead", nothing posted', async (_what, opts) => {
      const session = standin.switchRole.newConsoleSession({ account: '111122223333' });
      const url = `https://eu-west-1.console.aws.amazon.com/iam/home?region=eu-west-1&case=${encodeURIComponent(_what).slice(0, 20)}`;
      const loads = standin.switchRole.pageLoads.length;
      await b.openTabWithAction(url, consolePageHtml(session, standin.url, opts));
      await expect.poll(() => standin.switchRole.pageLoads.length, { timeout: 10_000 }).toBe(loads + 1);
      const requests = standin.switchRole.requests.length;
      const switches = standin.switchRole.switches.length;
      const e = await fails(b.send('console.switchRole', { id: ids['prod']! }));
      expect(e.code).toBe('CONSOLE_CHANGED');
      expect(e.message).toContain('The AWS console changed; use Open console instead');
      await new Promise((r) => setTimeout(r, 300));
      expect(standin.switchRole.requests.length).toBe(requests);
      expect(standin.switchRole.switches.length).toBe(switches);
      expect(standin.switchRole.pageLoads.length).toBe(loads + 1); // the tab stayed where it was
    });

    it('a tab that is not a console page, an unknown tab, an unknown id, a role that is not a console role: clear errors, nothing sent', async () => {
      const requests = standin.switchRole.requests.length;
      await b.openTabWithAction('https://example.com/not-a-console', '<!doctype html><title>Example</title><p>not a console</p>');
      const notConsole = await fails(b.send('console.switchRole', { id: ids['prod']! }));
      expect(notConsole).toMatchObject({ code: 'INVALID_INPUT', field: 'tabId' });
      expect(notConsole.message).toMatch(/not a signed-in AWS console page/);
      expect(await fails(b.send('console.switchRole', { id: ids['prod']!, tabId: 987_654_321 }))).toMatchObject({ code: 'INVALID_INPUT', field: 'tabId' });
      expect(await fails(b.send('console.switchRole', { id: 'no-such-identity' }))).toMatchObject({ code: 'NOT_FOUND' });
      expect(await fails(b.send('console.switchRole', { id: ids['prod']!, tabId: -1 }))).toMatchObject({ code: 'INVALID_INPUT', field: 'tabId' });
      expect(standin.switchRole.requests.length).toBe(requests);
    });

    it('popup: a console role over a page that is not a console says so; over a console tab, Enter switches in place', async () => {
      // the tab under the popup is still the example.com page of the test before
      let popup = await b.openPage('src/popup/index.html');
      await popup.setViewport(380, 600);
      await popup.waitForSelector('#search');
      const selected = () => popup.evaluate(() => document.querySelector('[role=option][aria-selected=true] .label')?.textContent ?? null, undefined);
      await popup.fill('#search', 'Prod admin');
      await expect.poll(selected).toBe('Prod admin');
      expect(await popup.evaluate(() => document.querySelector('[role=option][aria-selected=true] svg.kind')?.getAttribute('aria-label') ?? null, undefined))
        .toBe('Console role (switch inside a signed-in console)');
      expect(await popup.text('#open-console')).toBe('Switch role here');
      const requests = standin.switchRole.requests.length;
      await popup.press('Enter');
      await popup.waitForSelector('#open-error');
      expect(await popup.text('#open-error')).toBe('This is a console role: open the popup over a signed-in AWS console tab to switch to it.');
      expect(standin.switchRole.requests.length).toBe(requests);
      await popup.close();

      const session = standin.switchRole.newConsoleSession({ account: '111122223333' });
      const url = 'https://us-east-1.console.aws.amazon.com/lambda/home?region=us-east-1#/functions';
      await b.openTabWithAction(url, consolePageHtml(session, standin.url, { title: 'Lambda' }));
      popup = await b.openPage('src/popup/index.html');
      await popup.setViewport(380, 600);
      await popup.waitForSelector('#search');
      await popup.fill('#search', 'Prod admin');
      await expect.poll(selected).toBe('Prod admin');
      const switches = standin.switchRole.switches.length;
      await popup.press('Enter');
      await expect.poll(() => standin.switchRole.switches.length, { timeout: 10_000 }).toBe(switches + 1);
      expect(standin.switchRole.switches.at(-1)).toMatchObject({ mode: 'classic', csrf: session.csrf, account: '222233334444', roleName: 'Admin', redirectUri: url });
      expect(await popup.evaluate(() => document.querySelector('#open-error')?.textContent ?? null, undefined)).toBe(null);
      await popup.close();
    });

    it('a console role has no credentials: console.open, session.resolve, session.export, identity.test and a role\'s source refuse it, nothing changed', async () => {
      const calls = standin.state.calls.length;
      const logins = standin.state.logins.length;
      const before = await ok(b.send('identity.list', {}));
      const message = /"Prod admin" is a console role: it has no credentials; switch to it inside a signed-in console/;
      for (const [type, payload] of [
        ['console.open', { id: ids['prod']! }],
        ['session.resolve', { id: ids['prod']! }],
        ['session.export', { id: ids['prod']!, format: 'env' }],
        ['identity.test', { id: ids['prod']! }],
      ] as const) {
        const e = await fails(b.send(type as any, payload as any));
        expect(e, type).toMatchObject({ code: 'INVALID_INPUT' });
        expect(e.message, type).toMatch(message);
      }
      const asSource = await fails(b.send('identity.addRole', { label: 'chained', roleArn: 'arn:aws:iam::222233334444:role/Other', sourceId: ids['prod']! }));
      expect(asSource).toMatchObject({ code: 'INVALID_INPUT', field: 'sourceId' });
      expect(asSource.message).toMatch(/is a console role: it has no credentials/);
      expect(standin.state.calls.length).toBe(calls);
      expect(standin.state.logins.length).toBe(logins);
      const after = await ok(b.send('identity.list', {}));
      expect(after.identities).toEqual(before.identities);
    });
  });
}
