/**
 * The popup's Import and Export screens driven through the UI, as a user would, in real Chromium and
 * Firefox with the built extension: paste (or choose) `~/.aws/config` + `~/.aws/credentials`, preview
 * (created, updated, skipped with reasons, warnings with line numbers), import, re-import, AESR with a
 * default source, an expired preview, garbage; export with Copy and Download; no secret in the page or the
 * export. Screenshots popup-import.png and popup-export.png with UPDATE_SCREENSHOTS=1 (Chromium).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seriousA11yViolations } from './axe.ts';
import { KINDS, launch, useStandin, type ExtensionBrowser, type ExtPage, ok } from './harness.ts';
import { findLeaks } from './secret-forms.ts';
import { startStandin, type IssuedUser, type Standin } from '../support/sts-standin.ts';

const PASS = 'correct horse battery staple';
const SHOTS = process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots';
const FIXTURES = 'test/fixtures/aws-config';
const fixture = (p: string) => readFileSync(`${FIXTURES}/${p}`, 'utf8');
// the secrets in test/fixtures/aws-config/errors/credentials.errors.ini
const SECRETS = {
  defaultKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  otherKey: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
  sessionToken: 'AQoEXAMPLEH4aoAH0gNCAPyJxz4BlCFFxWNE1OPTgk5TthT',
};


for (const kind of KINDS) {
  describe(`popup import/export: ${kind}`, () => {
    let b: ExtensionBrowser;
    let popup: ExtPage;

    const shot = async (name: string) => {
      if (kind === 'chromium') await popup.screenshot(`${SHOTS}/${name}.png`);
    };
    const focusedId = () => popup.evaluate(() => document.activeElement?.id ?? '', undefined);
    const exists = (sel: string) => popup.evaluate((s) => !!document.querySelector(s), sel);
    const value = (sel: string) => popup.evaluate((s) => (document.querySelector(s) as HTMLTextAreaElement | HTMLSelectElement).value, sel);
    const labels = (sel: string) => popup.evaluate((s) => [...document.querySelectorAll(`${s} > li`)].map((li) => li.getAttribute('data-label')), sel);
    const texts = (sel: string) => popup.evaluate((s) => [...document.querySelectorAll(`${s} > li`)].map((li) => (li as HTMLElement).innerText.replace(/\s+/g, ' ').trim()), sel);
    const listLabels = () => popup.evaluate(() => [...document.querySelectorAll('[role=option] .label')].map((l) => l.textContent), undefined);
    const select = (sel: string, v: string) => popup.evaluate(([s, val]) => {
      const el = document.querySelector(s) as HTMLSelectElement;
      el.value = val;
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }, [sel, v] as [string, string]);
    /** Appends `text` at the end of a textarea, typed as keys. */
    const typeAtEnd = async (sel: string, text: string) => {
      await popup.evaluate((s) => {
        const el = document.querySelector(s) as HTMLTextAreaElement;
        el.focus();
        el.setSelectionRange(el.value.length, el.value.length);
      }, sel);
      await popup.type(sel, text);
    };
    const pageHtml = () => popup.evaluate(() => document.documentElement.outerHTML, undefined);
    const openImport = async () => {
      if (await exists('#back-button')) await popup.click('#back-button'); // a failed test left another screen
      await popup.click('#import-button');
      await popup.waitForSelector('#import');
      await expect.poll(focusedId).toBe('import-title');
    };

    let bigFile: string;
    let standin: Standin;
    let defaultUser: IssuedUser;

    beforeAll(async () => {
      // knows the fixture's [default] keys: identity.test proves the imported secret
      standin = await startStandin({ cors: false });
      defaultUser = standin.issueUserKeys({ userName: 'default', account: '111111111111', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: SECRETS.defaultKey });
      bigFile = join(mkdtempSync(join(tmpdir(), 'sigvault-import-')), 'big-config.ini');
      writeFileSync(bigFile, `[profile big]\n${'# padding\n'.repeat(220_000)}`);
      mkdirSync(SHOTS, { recursive: true });
      mkdirSync('test-results/screenshots', { recursive: true });
      b = await launch(kind);
      await ok(b.send('vault.create', { passphrase: PASS }));
      await useStandin(b, standin.url);
      popup = await b.openPage('src/popup/index.html');
      await popup.setViewport(380, 560);
      await popup.waitForSelector('#empty-list');
    });
    afterAll(async () => {
      await b?.close();
      await standin?.stop();
    });

    it('the header keeps its buttons inside the popup; Import opens with the heading focused; Escape goes back', async () => {
      const overflow = await popup.evaluate(() => {
        const width = document.body.clientWidth;
        return [...document.querySelectorAll('header button')].filter((el) => el.getBoundingClientRect().right > width).map((el) => el.id);
      }, undefined);
      expect(overflow).toEqual([]);
      expect(await exists('#add-user-button')).toBe(true);
      expect(await exists('#add-role-button')).toBe(true);
      expect(await exists('#lock-button')).toBe(true);
      // keyboard only: focus the nav button, Enter opens the screen
      await popup.evaluate(() => (document.querySelector('#import-button') as HTMLElement).focus(), undefined);
      await popup.press('Enter');
      await popup.waitForSelector('#import');
      await expect.poll(focusedId).toBe('import-title');
      expect(await exists('#back-button')).toBe(true);
      await popup.press('Tab');
      expect(await focusedId()).toBe('show-export');
      await popup.press('Tab');
      expect(await focusedId()).toBe('import-format');
      await popup.press('Tab');
      expect(await focusedId()).toBe('import-config');
      await popup.press('Escape');
      await popup.waitForSelector('#empty-list');
    });

    it('garbage or nothing: a clear message, warnings with line numbers, "nothing to import", no crash', async () => {
      await openImport();
      await popup.click('#import-preview');
      await expect.poll(() => popup.text('#import-error')).toBe('Paste the text or choose a file first.');
      await popup.fill('#import-config', 'this is not ini\n= =\n[[[broken\nkey = v\n');
      await popup.press('Control+Enter');
      await popup.waitForSelector('#import-nothing');
      expect(await popup.text('#import-nothing')).toMatch(/Nothing to import/);
      expect(await texts('#plan-warnings')).toEqual([
        'config:1 setting outside any [section]; ignored up to the next section header',
        "config:3 section header without a closing ']'; the lines up to the next section are ignored",
      ]);
      expect(await exists('#import-apply')).toBe(false);
      expect(await popup.text('#import-error')).toBe('');
      // a file above the 2 MB limit is refused before it is read, and the pasted text stays
      await popup.setFile('#import-config-file', bigFile);
      await expect.poll(() => popup.text('#import-error')).toBe('“big-config.ini” is larger than 2 MB.');
      expect(await popup.evaluate(() => document.querySelector('#import-config')!.getAttribute('aria-invalid'), undefined)).toBe('true');
      // the text stays until cancel
      expect(await value('#import-config')).toBe('this is not ini\n= =\n[[[broken\nkey = v\n');
      // a pasted text the background refuses (INVALID_INPUT: over 2 MB), set as a paste would (typing it takes too long)
      const huge = `# ${'x'.repeat(2_200_000)}\n`;
      await popup.evaluate((v) => {
        const el = document.querySelector('#import-credentials') as HTMLTextAreaElement;
        el.value = v;
        el.dispatchEvent(new Event('input', { bubbles: true }));
      }, huge);
      await popup.click('#import-preview');
      await expect.poll(() => popup.text('#import-error')).toBe('Check “~/.aws/credentials (optional)”: it must be text of at most 2 MB.');
      expect(await popup.evaluate(() => document.querySelector('#import-credentials')!.getAttribute('aria-invalid'), undefined)).toBe('true');
      expect(await popup.evaluate(() => (document.querySelector('#import-credentials') as HTMLTextAreaElement).value.length, undefined)).toBe(huge.length);
      expect(await value('#import-config')).toBe('this is not ini\n= =\n[[[broken\nkey = v\n');
      expect(await exists('#import-plan')).toBe(false);
      await popup.click('#import-cancel');
      await popup.waitForSelector('#empty-list');
    });

    it('the errors fixture + credentials: preview with reasons and line numbers, then import; the list shows them', async () => {
      await openImport();
      await popup.fill('#import-config', fixture('errors/config.errors.ini'));
      await popup.fill('#import-credentials', fixture('errors/credentials.errors.ini'));
      await popup.press('Control+Enter'); // in the credentials text area
      await popup.waitForSelector('#import-plan');
      expect(await popup.text('#import-summary-live')).toBe('Preview: 3 to create, 0 to update, 13 skipped, 7 warnings.');
      expect(await labels('#plan-create')).toEqual(['default', 'admin', 'deep']);
      const created = await texts('#plan-create');
      expect(created[0]).toBe('default config:3 IAM user · AKIA…MPLE · us-east-1');
      expect(created[1]).toContain('arn:aws:iam::123456789012:role/Admin · from default · eu-west-1');
      const skipped = Object.fromEntries(await popup.evaluate(() => [...document.querySelectorAll('#plan-skip > li')].map((li) => [
        li.getAttribute('data-label'),
        { code: li.getAttribute('data-code'), where: li.querySelector('.plan-where')?.textContent, reason: li.querySelector('.plan-reason')?.textContent, title: li.querySelector('.plan-code')?.textContent },
      ]), undefined));
      expect(Object.keys(skipped)).toEqual(['loop-a', 'loop-b', 'orphan-role', 'bad-arn', 'bad-duration', 'chained', 'proc', 'sso', 'via-proc', 'ec2', 'halfkey', 'badkey', 'temp']);
      expect(skipped['loop-a']).toMatchObject({ code: 'cycle', where: 'config:16', reason: "source_profile chain loops: 'loop-a' → 'loop-b' → 'loop-a'" });
      expect(skipped['bad-arn']).toMatchObject({ code: 'invalid', where: 'config:27', reason: 'role_arn must look like arn:aws:iam::123456789012:role/name' });
      expect(skipped['bad-duration']).toMatchObject({ where: 'config:36', reason: 'duration_seconds must be an integer from 900 to 43200' });
      expect(skipped['proc']).toMatchObject({ code: 'credential_process', where: 'config:45', title: 'Runs a program (credential_process): an extension cannot' });
      // an Identity Center profile whose [sso-session corp] is not in the file: refused as the AWS CLI refuses it
      expect(skipped['sso']).toMatchObject({ code: 'invalid', where: 'config:48', title: 'Invalid setting', reason: 'sso_session: the [sso-session corp] section does not exist (the AWS CLI refuses this profile)' });
      expect(skipped['temp']).toMatchObject({ code: 'session_token', where: 'credentials:16' });
      expect(skipped['halfkey']).toMatchObject({ code: 'invalid', where: 'credentials:7' });
      const warnings = await texts('#plan-warnings');
      expect(warnings).toEqual([
        'config:2 setting outside any [section]; ignored up to the next section header',
        "config:5 expected 'key = value', a [section] header or a comment; line ignored",
        "config:6 unknown setting 'colour' (ignored)",
        "config:30 profile 'admin' is defined again (first at line 8): the AWS CLI refuses a file with a repeated section; here the two are merged, later values win",
        "config:42 section header without a closing ']'; the lines up to the next section are ignored",
        'config:66 section [notaprofile] is not a profile in ~/.aws/config (profiles are [profile NAME] or [default]); ignored',
        "credentials:4 expected 'key = value', a [section] header or a comment; line ignored",
      ]);
      // the secrets are only in the text area's value, never in the page's markup
      expect(findLeaks(await pageHtml(), SECRETS)).toEqual([]);
      expect(await seriousA11yViolations(popup), 'axe on #import with a preview').toEqual([]);
      await expect.poll(focusedId).toBe('import-apply');
      expect(await popup.text('#import-apply')).toBe('Import 3');
      await popup.evaluate(() => { document.querySelector('#import-summary-live')!.scrollIntoView({ block: 'start' }); window.scrollBy(0, -70); }, undefined);
      await shot('popup-import');
      if (kind === 'chromium') { // the dark theme, for a look (not a docs screenshot)
        await popup.setColorScheme('dark');
        await popup.screenshot('test-results/screenshots/popup-import-dark.png');
        await popup.setColorScheme('light');
      }
      await popup.press('Enter'); // on the focused Import button
      await popup.waitForSelector('#search');
      expect(await popup.text('#app-notice')).toBe('Imported: 3 created, 0 updated, 13 skipped.');
      await expect.poll(listLabels).toEqual(expect.arrayContaining(['default', 'admin', 'deep']));
      await popup.type('#search', 'deep');
      await expect.poll(listLabels).toEqual(['deep']);
      await popup.fill('#search', '');
      // nothing of the pasted text is left in the page
      expect(await exists('textarea')).toBe(false);
      expect(findLeaks(await pageHtml(), SECRETS)).toEqual([]);
      const list = (await ok(b.send('identity.list', {}))).identities;
      const byLabel = Object.fromEntries(list.map((i: any) => [i.label, i]));
      expect(byLabel['admin']).toMatchObject({ kind: 'role', sourceId: byLabel['default'].id, region: 'eu-west-1' });
      // the imported secret is the file's: read back from IndexedDB after a background restart, GetCallerIdentity
      // signed with it passes the stand-in's check
      await b.stopBackground();
      expect(await ok(b.send('identity.test', { id: byLabel['default'].id }))).toMatchObject({ arn: defaultUser.arn });
    });

    it('re-importing the same files (chosen as files) creates no duplicates; a changed region is an update', async () => {
      await openImport();
      // one file at a time: the file inputs are disabled while a chosen file is read
      await popup.setFile('#import-config-file', `${FIXTURES}/errors/config.errors.ini`);
      await expect.poll(() => value('#import-config')).toBe(fixture('errors/config.errors.ini'));
      await popup.setFile('#import-credentials-file', `${FIXTURES}/errors/credentials.errors.ini`);
      await expect.poll(() => value('#import-credentials')).toBe(fixture('errors/credentials.errors.ini'));
      await popup.click('#import-preview');
      await popup.waitForSelector('#import-plan');
      expect(await exists('#import-nothing')).toBe(true);
      expect(await exists('#plan-create')).toBe(false);
      expect(await exists('#import-apply')).toBe(false);
      const unchanged = await popup.evaluate(() => [...document.querySelectorAll('#plan-skip > li[data-code=unchanged]')].map((li) => li.getAttribute('data-label')), undefined);
      expect(unchanged.sort()).toEqual(['admin', 'deep', 'default']);
      // editing the text drops the stale preview
      await typeAtEnd('#import-config', '\n[profile admin]\nregion = ap-south-1\n');
      expect(await exists('#import-plan')).toBe(false);
      await popup.press('Control+Enter');
      await popup.waitForSelector('#plan-update');
      expect(await labels('#plan-update')).toEqual(['admin']);
      expect((await texts('#plan-update'))[0]).toContain('changes: region');
      await popup.click('#import-apply');
      await popup.waitForSelector('#search');
      expect(await popup.text('#app-notice')).toBe('Imported: 0 created, 1 updated, 15 skipped.');
      const list = (await ok(b.send('identity.list', {}))).identities;
      expect(list.map((i: any) => i.label).sort()).toEqual(['admin', 'deep', 'default']);
      expect(list.find((i: any) => i.label === 'admin')).toMatchObject({ region: 'ap-south-1' });
    });

    it('AWS Extend Switch Roles: targets become roles assumed from the chosen default source', async () => {
      await openImport();
      await select('#import-format', 'aesr');
      await popup.waitForSelector('#import-default-source');
      expect(await exists('#import-credentials')).toBe(false);
      expect(await popup.evaluate(() => document.querySelector('label[for=import-config]')?.textContent, undefined)).toBe('AWS Extend Switch Roles configuration');
      expect(await value('#import-default-source')).toBe('default'); // the vault's user
      await popup.fill('#import-config', fixture('aesr/simple.ini'));
      await select('#import-default-source', '');
      await popup.evaluate(() => (document.querySelector('#import-default-source') as HTMLElement).focus(), undefined);
      await popup.press('Enter'); // Enter in a select previews
      // no source chosen: the targets are console roles (switched to inside a signed-in console, as AESR does)
      await popup.waitForSelector('#plan-create');
      expect(await popup.evaluate(() => [...document.querySelectorAll('#plan-create > li')].map((li) => li.getAttribute('data-kind')), undefined))
        .toEqual(['console-role', 'console-role', 'console-role']);
      expect((await texts('#plan-create'))[1]).toContain('Console role (switch inside a signed-in console) · anotherrole@987654321987 · ap-northeast-1');
      await select('#import-default-source', 'default');
      expect(await exists('#import-plan')).toBe(false);
      await popup.evaluate(() => (document.querySelector('#import-default-source') as HTMLElement).focus(), undefined);
      await popup.press('Enter');
      await popup.waitForSelector('#plan-create');
      expect(await labels('#plan-create')).toEqual(['marketingadmin', 'anotheraccount', 'athirdaccount']);
      expect((await texts('#plan-create'))[1]).toContain('arn:aws:iam::987654321987:role/anotherrole · from default · ap-northeast-1');
      await expect.poll(focusedId).toBe('import-apply');
      await popup.press('Enter');
      await popup.waitForSelector('#search');
      expect(await popup.text('#app-notice')).toBe('Imported: 3 created, 0 updated, 0 skipped.');
      await popup.type('#search', 'marketing');
      await expect.poll(listLabels).toEqual(['marketingadmin']);
      await popup.fill('#search', '');
      const list = (await ok(b.send('identity.list', {}))).identities;
      const byLabel = Object.fromEntries(list.map((i: any) => [i.label, i]));
      expect(byLabel['marketingadmin']).toMatchObject({ kind: 'role', sourceId: byLabel['default'].id, color: '#ffaaee' });
    });

    it('an expired preview (the background restarted) says so and keeps the text; preview again imports', async () => {
      await openImport();
      const text = '[profile extra]\nrole_arn = arn:aws:iam::123456789012:role/Extra\nsource_profile = default\n';
      await popup.fill('#import-config', text);
      await popup.click('#import-preview');
      await popup.waitForSelector('#import-apply');
      await b.stopBackground(); // the plan lived in its memory; the vault stays unlocked
      await popup.click('#import-apply');
      await expect.poll(() => popup.text('#import-error'), { timeout: 15_000 }).toBe('That preview expired or was already used. Preview again, then import.');
      expect(await value('#import-config')).toBe(text);
      expect(await exists('#import-apply')).toBe(false);
      await popup.click('#import-preview');
      await popup.waitForSelector('#import-apply');
      await popup.click('#import-apply');
      await popup.waitForSelector('#search');
      expect(await popup.text('#app-notice')).toBe('Imported: 1 created, 0 updated, 0 skipped.');
    });

    it('the vault locking while the import screen is open drops the pasted credentials with the screen', async () => {
      await openImport();
      await popup.fill('#import-config', fixture('errors/config.errors.ini'));
      await popup.fill('#import-credentials', fixture('errors/credentials.errors.ini'));
      await ok(b.send('vault.lock', {}));
      await popup.waitForSelector('#unlock');
      expect(await exists('textarea')).toBe(false);
      expect(findLeaks(await pageHtml(), SECRETS)).toEqual([]);
      await popup.type('#passphrase', PASS);
      await popup.press('Enter');
      await popup.waitForSelector('#search');
      expect(await exists('#import')).toBe(false);
    });

    it('export: ~/.aws/config text without any secret, Copy and Download; Escape goes back', async () => {
      await openImport();
      await popup.click('#show-export');
      await popup.waitForSelector('#export');
      await expect.poll(focusedId).toBe('export-title');
      await expect.poll(() => value('#export-text')).toContain('[profile admin]');
      const text = await value('#export-text');
      expect(text).toContain('[profile deep]\nrole_arn = arn:aws:iam::123456789012:role/Deep\nsource_profile = admin\n');
      expect(text).toMatch(/^role_arn = arn:aws:iam::123456789012:role\/Admin$/m);
      expect(text).toMatch(/^source_profile = default$/m);
      expect(text).toContain('[profile marketingadmin]');
      expect(text).toContain('[default]');
      expect(findLeaks(text, SECRETS)).toEqual([]);
      expect(text).not.toContain('AKIAIOSFODNN7EXAMPLE');
      expect(text).not.toMatch(/^\s*(aws_secret_access_key|aws_session_token|aws_access_key_id)\s*[=:]/m); // only named in a comment
      expect(findLeaks(await pageHtml(), SECRETS)).toEqual([]);
      expect(await seriousA11yViolations(popup), 'axe on #export').toEqual([]);
      await shot('popup-export');
      if (kind === 'chromium') {
        await popup.setColorScheme('dark');
        await popup.screenshot('test-results/screenshots/popup-export-dark.png');
        await popup.setColorScheme('light');
      }

      await popup.click('#export-copy');
      await expect.poll(() => popup.text('#export-status')).toMatch(/^Copied/);
      if (b.clipboard) {
        expect(await b.clipboard.read()).toBe(text);
        await popup.bringToFront();
      }

      // what the download link carries: its file name and the blob's text, read as the click happens (the
      // Blob itself, kept when its URL is made: the page's CSP, connect-src 'none', forbids fetching the URL)
      await popup.evaluate(() => {
        const blobs = new Map<string, Blob>();
        const make = URL.createObjectURL.bind(URL);
        URL.createObjectURL = (obj: Blob | MediaSource) => { const url = make(obj); if (obj instanceof Blob) blobs.set(url, obj); return url; };
        document.addEventListener('click', (e) => {
          const a = e.target as HTMLAnchorElement;
          if (a.tagName !== 'A' || !a.download) return;
          e.preventDefault(); // keep the test browser from saving a file; the blob is read instead
          void blobs.get(a.href)?.text().then((body) => { (globalThis as any).__download = { name: a.download, body }; });
        }, { capture: true });
      }, undefined);
      await popup.click('#export-download');
      await expect.poll(() => popup.evaluate(() => (globalThis as any).__download ?? null, undefined)).toEqual({ name: 'config', body: text });
      expect(await popup.text('#export-status')).toMatch(/Download started/);

      await popup.click('#show-import');
      await popup.waitForSelector('#import');
      await popup.click('#show-export');
      await popup.waitForSelector('#export');
      await popup.press('Escape');
      await popup.waitForSelector('#search');
    });

    it('the extension raised no errors', async () => {
      expect(await b.extensionErrors()).toEqual([]);
    });
  });
}
