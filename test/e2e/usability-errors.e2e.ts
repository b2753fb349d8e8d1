/**
 * Issue 15, errors and messages, in the popup (and the options page's restore) as a user meets them, in
 * real Chromium and Firefox with the built extension against the local STS stand-in: the background's
 * own reason shown instead of a field the screen does not have; a wrong MFA code kept in the MFA dialog
 * (error there, code cleared, focus kept, next code accepted; after 3 wrong codes the request fails);
 * counts of one in the singular; no build-target name in the version line; a restore that changes
 * nothing says so and offers no "Restore now".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStandin, type IssuedUser, type Standin } from '../support/sts-standin.ts';
import { KINDS, launch, type ExtensionBrowser, type ExtPage, useStandin, ok } from './harness.ts';

const PASS = 'correct horse battery staple';
const MFA_CODE = '864213';
const ADMIN_ARN = 'arn:aws:iam::222222222222:role/Admin';
const READONLY_ARN = 'arn:aws:iam::333333333333:role/ReadOnly';
const GOV_ARN = 'arn:aws-us-gov:iam::444444444444:role/GovAudit';
const BOB_ADMIN_ARN = 'arn:aws:iam::666666666666:role/BobAdmin';

for (const kind of KINDS) {
  describe(`usability, errors and messages: ${kind}`, () => {
    let standin: Standin;
    let b: ExtensionBrowser;
    let popup: ExtPage;
    let alice: IssuedUser;
    let bob: IssuedUser;

    const focusedId = () => popup.evaluate(() => document.activeElement?.id ?? '', undefined);
    const selectedLabel = () => popup.evaluate(() => document.querySelector('[role=option][aria-selected=true] .label')?.textContent ?? '', undefined);
    const exists = (sel: string) => popup.evaluate((s) => !!document.querySelector(s), sel);
    const codeValue = () => popup.evaluate(() => (document.querySelector('#mfa-code') as HTMLInputElement | null)?.value ?? null, undefined);
    const select = async (label: string) => {
      await popup.fill('#search', label);
      await expect.poll(selectedLabel).toBe(label);
    };
    /** GetSessionToken calls made with `user`'s keys (each carried a code). */
    const codesSent = (user: IssuedUser = alice) => standin.state.calls.filter((c) => c.action === 'GetSessionToken' && c.accessKeyId === user.accessKeyId).length;

    beforeAll(async () => {
      standin = await startStandin({ cors: false });
      alice = standin.issueUserKeys({ userName: 'alice', account: '111111111111', mfa: { code: MFA_CODE } });
      standin.addRole({ arn: ADMIN_ARN, trust: { principals: ['111111111111'], requireMfa: true } });
      standin.addRole({ arn: READONLY_ARN, trust: { principals: [ADMIN_ARN] } });
      bob = standin.issueUserKeys({ userName: 'bob', account: '555555555555', mfa: { code: MFA_CODE } });
      standin.addRole({ arn: BOB_ADMIN_ARN, trust: { principals: ['555555555555'], requireMfa: true } });
      b = await launch(kind);
      await ok(b.send('vault.create', { passphrase: PASS }));
      await useStandin(b, standin.url);
      const user = await ok(b.send('identity.addUser', { label: 'alice', accessKeyId: alice.accessKeyId, secretAccessKey: alice.secretAccessKey, mfaSerial: alice.mfaSerial! }));
      const admin = await ok(b.send('identity.addRole', { label: 'admin', roleArn: ADMIN_ARN, sourceId: user.id, mfaSerial: alice.mfaSerial! }));
      await ok(b.send('identity.addRole', { label: 'read-only', roleArn: READONLY_ARN, sourceId: admin.id }));
      await ok(b.send('identity.addRole', { label: 'gov audit', roleArn: GOV_ARN, sourceId: user.id }));
      const bobUser = await ok(b.send('identity.addUser', { label: 'bob', accessKeyId: bob.accessKeyId, secretAccessKey: bob.secretAccessKey, mfaSerial: bob.mfaSerial! }));
      await ok(b.send('identity.addRole', { label: 'bob ops', roleArn: BOB_ADMIN_ARN, sourceId: bobUser.id, mfaSerial: bob.mfaSerial! }));
      popup = await b.openPage('src/popup/index.html');
      await popup.setViewport(380, 560);
      await popup.waitForSelector('#search');
    });
    afterAll(async () => {
      await b?.close();
      await standin?.stop();
    });

    it('the version line gives the version, with no build-target name ("on chrome")', async () => {
      await popup.waitForSelector('#status[data-state="ok"]');
      expect(await popup.text('#status')).toBe('Sigvault 0.1.0');
    });

    it('a count of one is singular: "1 identity" (search results), "6 identities"', async () => {
      await popup.fill('#search', '');
      await expect.poll(() => popup.text('#result-count')).toBe('6 identities');
      await select('gov audit');
      await expect.poll(() => popup.text('#result-count')).toBe('1 identity');
    });

    it('removing a role that is another role\'s source shows the background\'s reason, not a field the screen lacks', async () => {
      await select('admin');
      await popup.click('#remove-identity');
      await popup.waitForSelector('#confirm-remove');
      await popup.click('#confirm-remove');
      await expect.poll(() => popup.text('#details-status'), { timeout: 15_000 }).toBe('Still the source of "read-only"; remove or change those first.');
      expect((await ok(b.send('identity.list', {}))).identities.some((v: any) => v.label === 'admin')).toBe(true);
    });

    it('testing a GovCloud role sourced from a commercial user says why it cannot work', async () => {
      await select('gov audit');
      await popup.click('#test-identity');
      await expect.poll(() => popup.text('#details-status'), { timeout: 15_000 }).toMatch(/"gov audit" is in the aws-us-gov partition but .* is in aws: roles can only be assumed within one partition\./);
      expect(await popup.text('#details-status')).not.toMatch(/Check the field/);
    });

    it('a wrong MFA code keeps the dialog open with the error in it, the code cleared and focused; the next code works', async () => {
      await select('admin');
      const before = codesSent();
      await popup.click('#test-identity');
      await popup.waitForSelector('#mfa-prompt');
      await expect.poll(focusedId).toBe('mfa-code');
      await popup.type('#mfa-code', '000000'); // six digits submit
      await popup.waitForSelector('#mfa-prompt #mfa-error', 15_000);
      expect(await popup.text('#mfa-error')).toMatch(/MFA code was wrong or already used/);
      expect(await exists('#mfa-prompt')).toBe(true);
      expect(await codeValue()).toBe('');
      await expect.poll(focusedId).toBe('mfa-code');
      expect(codesSent()).toBe(before + 1);
      expect(await popup.text('#details-status')).not.toMatch(/AccessDenied/); // the error is in the dialog, not behind it
      await popup.type('#mfa-code', MFA_CODE);
      await expect.poll(() => exists('#mfa-prompt'), { timeout: 15_000 }).toBe(false);
      await expect.poll(() => popup.text('#details-status'), { timeout: 15_000 }).toContain('assumed-role/Admin/');
      expect(codesSent()).toBe(before + 2);
    });

    it('after 3 wrong codes the dialog closes and the request fails with AWS\'s reason', async () => {
      await select('bob ops');
      const before = codesSent(bob);
      await popup.click('#test-identity');
      for (let i = 0; i < 3; i++) {
        await popup.waitForSelector('#mfa-prompt');
        await expect.poll(codeValue, { timeout: 15_000 }).toBe(''); // a new prompt: the code field starts empty
        if (i > 0) expect(await popup.text('#mfa-error')).toMatch(/wrong or already used/);
        await expect.poll(focusedId).toBe('mfa-code');
        await popup.type('#mfa-code', `${i + 1}`.repeat(6));
        await expect.poll(() => codesSent(bob), { timeout: 15_000 }).toBe(before + i + 1);
      }
      await expect.poll(() => exists('#mfa-prompt'), { timeout: 15_000 }).toBe(false);
      await expect.poll(() => popup.text('#details-status'), { timeout: 15_000 }).toMatch(/AccessDenied.*wrong or already used/);
      expect(codesSent(bob)).toBe(before + 3);
    });

    it('a restore that adds, updates and removes nothing says so and offers no "Restore now"', async () => {
      await popup.close();
      const options = await b.openPage('src/options/index.html');
      try {
        await options.waitForSelector('#restore-file');
        const backup = await ok(b.send('vault.exportBackup', {}));
        const file = join(mkdtempSync(join(tmpdir(), 'sigvault-backup-')), 'backup.json');
        writeFileSync(file, JSON.stringify(backup));
        await options.setFile('#restore-file', file);
        await options.fill('#restore-pass', PASS);
        await options.evaluate(() => new Promise((r) => setTimeout(r, 200)), undefined); // file read
        await options.click('#restore button[type="submit"]');
        await options.waitForSelector('#restore-preview');
        await expect.poll(() => options.text('#backup-h ~ .note').catch(() => ''), { timeout: 15_000 }).toBe('Restoring this backup would change nothing: no identity to add, update or remove.');
        expect(await options.evaluate(() => !!document.querySelector('#restore-apply'), undefined)).toBe(false);
      } finally {
        await options.close();
      }
    });
  });
}
