/**
 * Credentials that leave Sigvault, in real Chromium and Firefox with the built extension against the
 * STS / sign-in stand-in (which verifies every SigV4 signature):
 * - an IAM user without MFA: the popup says its copied session cannot call IAM and offers the long-term
 *   keys behind a warning and the vault passphrase, checked by the background under the unlock backoff;
 *   the copied keys are the user's and sign requests the stand-in accepts;
 * - console.open never uses cached role credentials with less than 15 minutes left: it fetches fresh
 *   ones (from a cached source session when there is one), and says so when even fresh ones are shorter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { startStandin, type IssuedUser, type Standin } from '../support/sts-standin.ts';
import { seriousA11yViolations } from './axe.ts';
import { KINDS, launch, useStandin, type ExtensionBrowser, type ExtPage, ok } from './harness.ts';

const PASS = 'correct horse battery staple';
const MFA_CODE = '314159';
const DEPLOY_ARN = 'arn:aws:iam::222222222222:role/Deploy';
const SHORT_ARN = 'arn:aws:iam::222222222222:role/Short';
const ADMIN_ARN = 'arn:aws:iam::333333333333:role/Admin';
const MIN = 60_000;
const SHOTS = process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots';


/** GetCallerIdentity signed with `creds` (SigV4 by @smithy/signature-v4, not Sigvault's): the caller's ARN. */
async function callerArn(url: string, creds: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): Promise<string> {
  const { hostname, port } = new URL(url);
  const body = 'Action=GetCallerIdentity&Version=2011-06-15';
  const signer = new SignatureV4({ credentials: creds, region: 'us-east-1', service: 'sts', sha256: Sha256 });
  const req = await signer.sign({
    method: 'POST', protocol: 'http:', hostname, port: Number(port), path: '/', query: {},
    headers: { host: `${hostname}:${port}`, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body,
  });
  const res = await fetch(`${url}/`, { method: 'POST', headers: req.headers, body });
  const text = await res.text();
  if (!res.ok) throw new Error(`GetCallerIdentity: HTTP ${res.status} ${/<Code>([^<]+)/.exec(text)?.[1]}`);
  return /<Arn>([^<]+)<\/Arn>/.exec(text)![1]!;
}

/** Runs in the popup: records what it writes to the clipboard (Firefox's clipboard cannot be read back). */
function recordClipboardWrites(): void {
  const g = globalThis as any;
  g.copied = [];
  if (g.recording) return;
  g.recording = true;
  const write = navigator.clipboard.writeText.bind(navigator.clipboard);
  navigator.clipboard.writeText = async (text: string) => { g.copied.push(text); return write(text); };
}

for (const kind of KINDS) {
  describe(`exported and console credentials: ${kind}`, () => {
    let standin: Standin;
    let b: ExtensionBrowser;
    let popup: ExtPage;
    let ci: IssuedUser;
    let alice: IssuedUser;
    const ids: Record<string, string> = {};

    const selectedLabel = () => popup.evaluate(() => document.querySelector('[role=option][aria-selected=true] .label')?.textContent ?? '', undefined);
    const exists = (sel: string) => popup.evaluate((s) => !!document.querySelector(s), sel);
    const copied = () => popup.evaluate(() => (globalThis as any).copied as string[], undefined);
    const select = async (label: string) => {
      await popup.fill('#search', label);
      await expect.poll(selectedLabel).toBe(label);
      await popup.waitForSelector('#details');
    };
    const lastLogin = async (before: number) => {
      await expect.poll(() => standin.state.logins.length, { timeout: 15_000 }).toBe(before + 1);
      const tokens = [...standin.state.signinTokens.values()];
      return { login: standin.state.logins.at(-1)!, accessKeyId: tokens.at(-1)!.accessKeyId };
    };

    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      standin = await startStandin({ cors: false });
      ci = standin.issueUserKeys({ userName: 'ci-deploy', account: '111111111111' });
      alice = standin.issueUserKeys({ userName: 'alice', account: '111111111111', mfa: { code: MFA_CODE } });
      standin.addRole({ arn: DEPLOY_ARN, trust: { principals: ['111111111111'] } });
      standin.addRole({ arn: SHORT_ARN, trust: { principals: ['111111111111'] } });
      standin.addRole({ arn: ADMIN_ARN, trust: { principals: ['111111111111'], requireMfa: true } });
      b = await launch(kind);
      await ok(b.send('vault.create', { passphrase: PASS }));
      await useStandin(b, standin.url);
      ids['ci'] = (await ok(b.send('identity.addUser', { label: 'ci-deploy', accessKeyId: ci.accessKeyId, secretAccessKey: ci.secretAccessKey }))).id;
      ids['alice'] = (await ok(b.send('identity.addUser', { label: 'alice', accessKeyId: alice.accessKeyId, secretAccessKey: alice.secretAccessKey, mfaSerial: alice.mfaSerial! }))).id;
      const root = standin.issueUserKeys({ userName: 'root', account: '555555555555', root: true });
      ids['root'] = (await ok(b.send('identity.addUser', { label: 'old root', accessKeyId: root.accessKeyId, secretAccessKey: root.secretAccessKey, confirmRoot: true }))).id;
      ids['deploy'] = (await ok(b.send('identity.addRole', { label: 'release', roleArn: DEPLOY_ARN, sourceId: ids['ci']! }))).id;
      ids['short'] = (await ok(b.send('identity.addRole', { label: 'short', roleArn: SHORT_ARN, sourceId: ids['ci']!, durationSeconds: 900 }))).id;
      ids['admin'] = (await ok(b.send('identity.addRole', { label: 'admin', roleArn: ADMIN_ARN, sourceId: ids['alice']!, mfaSerial: alice.mfaSerial! }))).id;
      popup = await b.openPage('src/popup/index.html');
      await popup.setViewport(380, 600);
      await popup.waitForSelector('#search');
      await popup.evaluate(recordClipboardWrites, undefined);
    });
    afterAll(async () => {
      await b?.close();
      await standin?.stop();
    });

    it('a user without MFA: the details say its copied session cannot call IAM; users with MFA and roles are not offered long-term keys', async () => {
      await select('ci-deploy');
      expect(await popup.text('#copy-session-note')).toMatch(/cannot call IAM, and of STS only AssumeRole and GetCallerIdentity/);
      expect(await exists('#copy-long-term')).toBe(true);
      expect(await seriousA11yViolations(popup), 'axe on #details with the note').toEqual([]);
      if (kind === 'chromium') await popup.screenshot(`${SHOTS}/popup-session-note.png`);
      await select('alice');
      expect(await exists('#copy-session-note')).toBe(false);
      expect(await exists('#copy-long-term')).toBe(false);
      await select('release');
      expect(await exists('#copy-long-term')).toBe(false);
      // root keys: the warning says so; Cancel (or Escape) goes back to the copy controls
      await select('old root');
      await popup.click('#copy-long-term');
      await popup.waitForSelector('#long-term');
      expect(await popup.text('#long-term-warning')).toMatch(/root user's keys/);
      await popup.press('Escape');
      await popup.waitForSelector('#copy-credentials');
      expect(await exists('#long-term')).toBe(false);
      expect(await popup.evaluate(() => document.activeElement?.id, undefined)).toBe('copy-long-term');
      // the active user's session says it too
      await select('ci-deploy');
      await popup.click('#make-active');
      await popup.waitForSelector('#active-no-iam', 15_000);
      expect(await popup.text('#active-no-iam')).toMatch(/cannot call IAM/);
    });

    it('long-term keys: a warning first, then the passphrase; a wrong one is refused and counts toward the unlock backoff', async () => {
      await select('ci-deploy');
      await popup.click('#copy-long-term');
      await popup.waitForSelector('#long-term');
      expect(await popup.evaluate(() => document.activeElement?.id, undefined)).toBe('long-term-passphrase');
      expect(await popup.text('#long-term-warning')).toMatch(/never expire.*until the keys are rotated or deleted/);
      expect(await popup.text('#long-term-warning')).toMatch(/Prefer a role, or an MFA device/);
      expect(await seriousA11yViolations(popup), 'axe on #long-term').toEqual([]);
      if (kind === 'chromium') await popup.screenshot(`${SHOTS}/popup-long-term-keys.png`);
      await popup.type('#long-term-passphrase', 'correct horse battery stapler');
      await popup.press('Enter');
      await expect.poll(() => popup.text('#long-term-status'), { timeout: 15_000 }).toBe('Wrong passphrase.');
      expect(await popup.evaluate(() => (document.querySelector('#long-term-passphrase') as HTMLInputElement).value, undefined)).toBe('');
      expect(await copied()).toEqual([]);
      // four more wrong ones (five in all) and the next try waits, whatever the passphrase: the unlock backoff
      for (let i = 0; i < 4; i++) {
        expect(await b.send('session.export', { id: ids['ci']!, format: 'env', longTerm: true, passphrase: `wrong ${i}` })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
      }
      await popup.type('#long-term-passphrase', PASS);
      await popup.press('Enter');
      await expect.poll(() => popup.text('#long-term-status'), { timeout: 15_000 }).toMatch(/Too many wrong passphrases/);
      expect(await copied()).toEqual([]);
      // the same counter as unlock: locked now, the vault reports the five failures
      await ok(b.send('vault.lock', {}));
      expect(await ok(b.send('vault.status', {}))).toMatchObject({ state: 'locked', failedAttempts: 5 });
      await new Promise((r) => setTimeout(r, 2500)); // 2 s after the fifth failure
      await ok(b.send('vault.unlock', { passphrase: PASS }));
      await popup.waitForSelector('#search', 15_000);
      await popup.evaluate(recordClipboardWrites, undefined);
    });

    it('with the right passphrase: the user\'s own keys are copied, without token or expiry, and they work', async () => {
      expect(await b.send('session.export', { id: ids['ci']!, format: 'env', longTerm: true, passphrase: 'wrong again' })).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
      await select('ci-deploy');
      await popup.click('#copy-long-term');
      await popup.waitForSelector('#long-term-passphrase');
      await popup.type('#long-term-passphrase', PASS);
      await popup.click('#confirm-long-term');
      await expect.poll(() => popup.text('#details-status'), { timeout: 15_000 }).toBe('Long-term keys copied — the clipboard is cleared in 30 s');
      expect(await exists('#long-term')).toBe(false);
      const [text] = await copied();
      expect(text).toBeDefined();
      if (b.clipboard) expect(await b.clipboard.read()).toBe(text);
      await popup.bringToFront();
      const accessKeyId = /^export AWS_ACCESS_KEY_ID='([^']+)'$/m.exec(text!)?.[1];
      const secretAccessKey = /^export AWS_SECRET_ACCESS_KEY='([^']+)'$/m.exec(text!)?.[1];
      expect({ accessKeyId, secretAccessKey }).toEqual({ accessKeyId: ci.accessKeyId, secretAccessKey: ci.secretAccessKey });
      expect(text).not.toMatch(/export AWS_SESSION_TOKEN|export AWS_CREDENTIAL_EXPIRATION/);
      expect(text).toMatch(/^unset AWS_SESSION_TOKEN AWS_SECURITY_TOKEN AWS_CREDENTIAL_EXPIRATION$/m);
      expect(await callerArn(standin.url, { accessKeyId: accessKeyId!, secretAccessKey: secretAccessKey! })).toBe(ci.arn);
      // the right passphrase cleared the failure count, as an unlock does
      await ok(b.send('vault.lock', {}));
      expect(await ok(b.send('vault.status', {}))).not.toHaveProperty('failedAttempts');
      await ok(b.send('vault.unlock', { passphrase: PASS }));
      // the popup keeps neither the keys nor the passphrase
      await popup.waitForSelector('#search', 15_000);
      expect(await popup.evaluate(([k, p]) => document.documentElement.outerHTML.includes(k!) || document.documentElement.outerHTML.includes(p!), [ci.secretAccessKey, PASS])).toBe(false);
    });

    it('the background refuses long-term keys for a locked vault, for a role and without the passphrase', async () => {
      const cred = JSON.parse((await ok(b.send('session.export', { id: ids['ci']!, format: 'credential_process', longTerm: true, passphrase: PASS }))).text);
      expect(cred).toEqual({ Version: 1, AccessKeyId: ci.accessKeyId, SecretAccessKey: ci.secretAccessKey });
      expect(await b.send('session.export', { id: ids['deploy']!, format: 'env', longTerm: true, passphrase: PASS })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'longTerm' } });
      expect(await b.send('session.export', { id: ids['ci']!, format: 'env', longTerm: true })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'passphrase' } });
      await ok(b.send('vault.lock', {}));
      const locked = await b.send('session.export', { id: ids['ci']!, format: 'env', longTerm: true, passphrase: PASS });
      expect(locked).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
      expect(JSON.stringify(locked)).not.toContain(ci.secretAccessKey);
      expect(await ok(b.send('vault.status', {}))).not.toHaveProperty('failedAttempts');
      await ok(b.send('vault.unlock', { passphrase: PASS }));
      // the session copy is still the default, and is a session
      const session = await ok(b.send('session.export', { id: ids['ci']!, format: 'env' }));
      expect(session.text).toMatch(/^export AWS_ACCESS_KEY_ID='ASIA/m);
      expect(session.expiresAt).toEqual(expect.any(Number));
    });

    it('a role whose fresh credentials last under 15 minutes (900 s) opens the console anyway, with a notice', async () => {
      const before = standin.state.logins.length;
      const opened = await ok(b.send('console.open', { id: ids['short']! }));
      expect(opened.notices.join(' ')).toMatch(/"short" that last only 14 minutes: the console may sign you out/);
      expect((await lastLogin(before)).login.arn).toContain('assumed-role/Short/');
    });

    it('console.open never uses cached role credentials with 10 minutes left: it fetches fresh ones', async () => {
      // cache Deploy (from the long-term keys) and Admin (through alice's MFA session)
      const deployKey = /AWS_ACCESS_KEY_ID='([^']+)'/.exec((await ok(b.send('session.export', { id: ids['deploy']!, format: 'env' }))).text)![1]!;
      await ok(b.send('session.resolve', { id: ids['admin']!, mfaCode: MFA_CODE }));
      const adminKey = [...standin.state.temps.values()].filter((t) => t.arn.includes('assumed-role/Admin/')).at(-1)!.accessKeyId;
      const sessionKey = [...standin.state.temps.values()].filter((t) => t.kind === 'session' && t.user.accessKeyId === alice.accessKeyId).at(-1)!.accessKeyId;
      // STS's clock moves 50 minutes ahead: both cached roles have 10 minutes left by it (the session, 11 h)
      standin.setClockSkew(50 * MIN);
      await ok(b.send('identity.test', { id: ids['ci']! })); // Sigvault learns the server's clock from a skew error
      expect(standin.temp(deployKey)!.expiresAt - standin.now()).toBeLessThan(11 * MIN);
      expect(await ok(b.send('session.resolve', { id: ids['deploy']! }))).toMatchObject({ fromCache: true }); // still good for the CLI (≥ 5 min)

      let before = standin.state.logins.length;
      await ok(b.send('console.open', { id: ids['deploy']! }));
      const deploy = await lastLogin(before);
      expect(deploy.login.arn).toContain('assumed-role/Deploy/');
      expect(deploy.accessKeyId).not.toBe(deployKey);
      expect(standin.temp(deploy.accessKeyId)!.expiresAt - standin.now()).toBeGreaterThan(55 * MIN);

      // Admin: fresh role credentials from the cached MFA session, so no new MFA code is needed
      before = standin.state.logins.length;
      const calls = standin.state.calls.length;
      await ok(b.send('console.open', { id: ids['admin']!, interactive: false } as any));
      const admin = await lastLogin(before);
      expect(admin.accessKeyId).not.toBe(adminKey);
      expect(standin.state.calls.slice(calls).filter((c) => c.action === 'AssumeRole')).toEqual([expect.objectContaining({ accessKeyId: sessionKey, status: 200, mfa: false })]);
      standin.setClockSkew(0);
    });

    it('the extension raised no errors', async () => {
      expect(await b.extensionErrors()).toEqual([]);
    });
  });
}
