/**
 * Issue 15, items 7 and 8 (and the sorted source picker of item 10), driven through the popup's forms in
 * real Chromium and Firefox with the built extension against the local STS stand-in: every bad field is
 * reported at once on the page (the background's own rules, shared from src/core/vault/identity.ts), the
 * first bad field gets the focus, no browser validation bubble; durations as aws-vault takes them (`1h`,
 * `90m`, `1h30m`, seconds); regions that do not exist in the identity's partition refused; a chained role
 * asking for more than 1 hour warned about (and still saved); `+ User` stores its colour and refuses
 * `red` on the page; the source picker sorted by label, naturally.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type IssuedUser, type Standin } from '../support/sts-standin.ts';
import { seriousA11yViolations } from './axe.ts';
import { KINDS, launch, useStandin, type ExtensionBrowser, type ExtPage, ok } from './harness.ts';

const PASS = 'correct horse battery staple';
const ADMIN_ARN = 'arn:aws:iam::222222222222:role/Admin';
const CHAINED_ARN = 'arn:aws:iam::333333333333:role/Chained';

for (const kind of KINDS) {
  describe(`usability of the forms: ${kind}`, () => {
    let standin: Standin;
    let b: ExtensionBrowser;
    let popup: ExtPage;
    let zoe: IssuedUser;
    let alice: IssuedUser;
    let carol: IssuedUser;
    const ids: Record<string, string> = {};

    const focusedId = () => popup.evaluate(() => document.activeElement?.id ?? '', undefined);
    const exists = (sel: string) => popup.evaluate((s) => !!document.querySelector(s), sel);
    /** The ids of the inputs whose error is shown, in document order. */
    const errorFields = () => popup.evaluate(() => [...document.querySelectorAll('.field-error')].map((e) => e.id.replace(/-error$/, '')), undefined);
    const invalidInputs = () => popup.evaluate(() => [...document.querySelectorAll('[aria-invalid=true]')].map((e) => e.id), undefined);
    const sourceLabels = () => popup.evaluate(() => [...document.querySelectorAll('#sourceId option')].map((o) => o.textContent), undefined);
    const chooseSource = (id: string) => popup.evaluate((v) => {
      const sel = document.querySelector('#sourceId') as HTMLSelectElement;
      sel.value = v;
      sel.dispatchEvent(new Event('change', { bubbles: true }));
    }, id);
    const identity = async (label: string) => (await ok(b.send('identity.list', {}))).identities.find((v: any) => v.label === label);
    /** Opens a form from the list (each test on its own: a form left open by an earlier failure is cancelled first). */
    const toList = async () => {
      if (!(await exists('#search'))) {
        await popup.click('form.screen .actions button[type=button]');
        await popup.waitForSelector('#search');
      }
    };
    const openForm = async (button: string, form: string) => {
      await toList();
      await popup.click(button);
      await popup.waitForSelector(form);
    };
    /** Starts counting the popup's requests to the background, by type (page-side checks send none). */
    const countRequests = () => popup.evaluate(() => {
      const g = globalThis as any;
      const runtime = (g.browser ?? g.chrome).runtime;
      g.__sent = [];
      if (!g.__counting) {
        g.__counting = true;
        const send = runtime.sendMessage;
        runtime.sendMessage = function (this: unknown, ...args: any[]) { g.__sent.push(args[0]?.type); return send.apply(this, args); };
      }
    }, undefined);
    const sent = () => popup.evaluate(() => (globalThis as any).__sent as string[], undefined);
    const selectedLabel = () => popup.evaluate(() => document.querySelector('[role=option][aria-selected=true] .label')?.textContent ?? null, undefined);

    beforeAll(async () => {
      standin = await startStandin({ cors: false });
      zoe = standin.issueUserKeys({ userName: 'zoe', account: '111111111111' });
      alice = standin.issueUserKeys({ userName: 'alice', account: '111111111111' });
      carol = standin.issueUserKeys({ userName: 'carol', account: '111111111111' });
      standin.addRole({ arn: ADMIN_ARN, trust: { principals: ['111111111111'] }, maxSessionDuration: 43_200 });
      standin.addRole({ arn: CHAINED_ARN, trust: { principals: [ADMIN_ARN] }, maxSessionDuration: 43_200 });
      b = await launch(kind);
      await ok(b.send('vault.create', { passphrase: PASS }));
      await useStandin(b, standin.url);
      // created in an order that is neither alphabetical nor natural: zoe, role 10, role 2, Alice
      ids['zoe'] = (await ok(b.send('identity.addUser', { label: 'zoe', accessKeyId: zoe.accessKeyId, secretAccessKey: zoe.secretAccessKey }))).id;
      ids['role 10'] = (await ok(b.send('identity.addRole', { label: 'role 10', roleArn: ADMIN_ARN, sourceId: ids['zoe']! }))).id;
      ids['role 2'] = (await ok(b.send('identity.addRole', { label: 'role 2', roleArn: ADMIN_ARN, sourceId: ids['zoe']! }))).id;
      ids['Alice'] = (await ok(b.send('identity.addUser', { label: 'Alice', accessKeyId: alice.accessKeyId, secretAccessKey: alice.secretAccessKey }))).id;
      popup = await b.openPage('src/popup/index.html');
      await popup.setViewport(380, 600);
      await popup.waitForSelector('#search');
    });
    afterAll(async () => {
      await popup?.close();
      await b?.close();
      await standin?.stop();
    });

    it('+ User: every bad field at once, on the page (no STS call, no browser bubble), focus on the first', async () => {
      await openForm('#add-user-button', '#add-user');
      expect(await popup.evaluate(() => (document.querySelector('#add-user') as HTMLFormElement).noValidate, undefined)).toBe(true);
      const calls = standin.state.calls.length;
      await countRequests();
      // label left blank (a browser bubble would stop the submit before any inline error)
      await popup.type('#accessKeyId', 'AKIA-not-a-key');
      await popup.type('#secretAccessKey', 'too-short');
      await popup.type('#region', 'us-east-99');
      await popup.type('#color', 'red');
      await popup.press('Enter');
      await popup.waitForSelector('#label-error');
      expect(await errorFields()).toEqual(['label', 'accessKeyId', 'secretAccessKey', 'region', 'color']);
      expect(await invalidInputs()).toEqual(['label', 'accessKeyId', 'secretAccessKey', 'region', 'color']);
      await expect.poll(focusedId).toBe('label');
      expect(await popup.text('#region-error')).toMatch(/us-east-99/);
      expect(await popup.text('#color-error')).toMatch(/#1e88e5/);
      expect(standin.state.calls.length).toBe(calls); // nothing went to AWS (nor was anything stored)
      expect(await sent()).not.toContain('identity.addUser'); // checked on the page: no round trip per error
      expect(await identity('carol')).toBeUndefined();
      expect(await seriousA11yViolations(popup), 'axe on #add-user with every error').toEqual([]);

      // fixing one field clears its error only; the first remaining bad field gets the focus next time
      await popup.type('#label', 'carol');
      expect(await exists('#label-error')).toBe(false);
      await popup.press('Enter');
      await popup.waitForSelector('#accessKeyId-error');
      await expect.poll(focusedId).toBe('accessKeyId');
      expect(await errorFields()).toEqual(['accessKeyId', 'secretAccessKey', 'region', 'color']);
    });

    it('+ User refuses `red` on the page, and stores the colour it was given (#rrggbb), and its region', async () => {
      if (!(await exists('#add-user'))) await openForm('#add-user-button', '#add-user');
      await popup.fill('#label', 'carol');
      await popup.fill('#accessKeyId', carol.accessKeyId);
      await popup.fill('#secretAccessKey', carol.secretAccessKey);
      await popup.fill('#region', 'eu-west-1');
      await popup.fill('#color', 'red');
      await countRequests();
      await popup.press('Enter');
      await popup.waitForSelector('#color-error');
      expect(await errorFields()).toEqual(['color']);
      expect(await popup.text('#color-error')).toMatch(/#1e88e5/);
      await expect.poll(focusedId).toBe('color');
      expect(await sent()).not.toContain('identity.addUser'); // the shared #rrggbb rule, on the page
      expect(await identity('carol')).toBeUndefined();
      await popup.fill('#accessKeyId', carol.accessKeyId);
      await popup.fill('#secretAccessKey', carol.secretAccessKey);
      await popup.fill('#region', 'eu-west-1');
      await popup.fill('#color', '#aa3355');
      await popup.press('Enter');
      await popup.waitForSelector('#search');
      expect(await sent()).toContain('identity.addUser'); // the counter sees requests (so its "none" above means none)
      expect(await identity('carol')).toMatchObject({ kind: 'user', color: '#aa3355', region: 'eu-west-1', account: '111111111111' });
      await popup.fill('#search', 'carol');
      await expect.poll(selectedLabel).toBe('carol');
      expect(await popup.evaluate(() => (document.querySelector('[role=option][aria-selected=true] .chip') as HTMLElement).style.background, undefined))
        .toBe('rgb(170, 51, 85)');
      await popup.fill('#search', '');
    });

    it('+ Role: sources sorted by label naturally; 1h30m accepted; a region outside the partition refused; a chained role over 1 h warned about', async () => {
      await openForm('#add-role-button', '#add-role');
      expect(await popup.evaluate(() => (document.querySelector('#add-role') as HTMLFormElement).noValidate, undefined)).toBe(true);
      expect(await sourceLabels()).toEqual(['Alice', 'carol', 'role 2', 'role 10', 'zoe']);

      await popup.type('#roleArn', 'arn:aws:iam::12:role/Chained');
      await popup.type('#durationSeconds', 'soon');
      await popup.type('#region', 'us-east-99');
      await popup.press('Enter');
      await popup.waitForSelector('#label-error');
      expect(await errorFields()).toEqual(['label', 'roleArn', 'durationSeconds', 'region']);
      await expect.poll(focusedId).toBe('label');
      expect(await popup.text('#durationSeconds-error')).toMatch(/1h30m/);

      await popup.type('#label', 'chained');
      await popup.fill('#roleArn', CHAINED_ARN);
      await popup.fill('#durationSeconds', '1h30m');
      await popup.fill('#region', 'cn-north-1'); // a real region, of aws-cn: not this aws role's
      await chooseSource(ids['role 2']!);
      // a role as source: AWS caps a chained role's session at 1 hour
      await popup.waitForSelector('#durationSeconds-warning');
      expect(await popup.text('#durationSeconds-warning')).toMatch(/1 hour/);
      await chooseSource(ids['Alice']!);
      await expect.poll(() => exists('#durationSeconds-warning')).toBe(false);
      await chooseSource(ids['role 2']!);
      await popup.waitForSelector('#durationSeconds-warning');
      await popup.press('Enter');
      await popup.waitForSelector('#region-error');
      expect(await errorFields()).toEqual(['region']);
      expect(await popup.text('#region-error')).toMatch(/cn-north-1.*aws\b/);
      await expect.poll(focusedId).toBe('region');
      expect(await seriousA11yViolations(popup), 'axe on #add-role with a warning and an error').toEqual([]);

      await popup.fill('#region', 'eu-central-2');
      await popup.press('Enter'); // a warning, not a refusal
      await popup.waitForSelector('#search');
      expect(await identity('chained')).toMatchObject({ kind: 'role', durationSeconds: 5400, region: 'eu-central-2', sourceId: ids['role 2'] });
    });

    it('edit: every bad field at once there too; 90m accepted', async () => {
      if (!(await identity('chained'))) await ok(b.send('identity.addRole', { label: 'chained', roleArn: CHAINED_ARN, sourceId: ids['role 2']!, durationSeconds: 5400 }));
      await toList();
      await popup.fill('#search', 'chained');
      await expect.poll(selectedLabel).toBe('chained');
      await popup.click('#edit-identity');
      await popup.waitForSelector('#edit-role');
      expect(await popup.evaluate(() => (document.querySelector('#edit-role') as HTMLFormElement).noValidate, undefined)).toBe(true);
      expect(await sourceLabels()).toEqual(['Alice', 'carol', 'role 2', 'role 10', 'zoe']);
      await popup.fill('#durationSeconds', '10m'); // below AWS's 15 minutes
      await popup.fill('#region', 'us-gov-west-1');
      await popup.fill('#color', 'blue');
      await popup.press('Enter');
      await popup.waitForSelector('#durationSeconds-error');
      expect(await errorFields()).toEqual(['durationSeconds', 'region', 'color']);
      await expect.poll(focusedId).toBe('durationSeconds');
      expect(await popup.text('#durationSeconds-error')).toMatch(/900 to 43200/);
      await popup.fill('#durationSeconds', '90m');
      await popup.fill('#region', '');
      await popup.fill('#color', '#123abc');
      await popup.press('Enter');
      await popup.waitForSelector('#search');
      const saved = await ok(b.send('identity.get', { id: (await identity('chained')).id }));
      expect(saved).toMatchObject({ durationSeconds: 5400, color: '#123abc' });
      expect(saved.region).toBeUndefined();
      await popup.fill('#search', '');
    });

    it('+ Console role: every bad field at once', async () => {
      await openForm('#add-console-role-button', '#add-console-role');
      expect(await popup.evaluate(() => (document.querySelector('#add-console-role') as HTMLFormElement).noValidate, undefined)).toBe(true);
      await popup.type('#label', 'console admin');
      await popup.type('#account', '12345');
      await popup.type('#region', 'eu-west-99');
      await popup.type('#color', 'green');
      await popup.press('Enter');
      await popup.waitForSelector('#account-error');
      expect(await errorFields()).toEqual(['account', 'roleName', 'region', 'color']);
      await expect.poll(focusedId).toBe('account');
      await popup.fill('#account', '123456789012');
      await popup.type('#roleName', 'Admin');
      await popup.fill('#region', 'ap-southeast-5');
      await popup.fill('#color', '#00aa00');
      await popup.press('Enter');
      await popup.waitForSelector('#search');
      expect(await identity('console admin')).toMatchObject({ kind: 'console-role', region: 'ap-southeast-5', color: '#00aa00' });
    });
  });
}
