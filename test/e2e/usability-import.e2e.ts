/**
 * Issue 15 items 9 and 10, through the popup as a user would, in real Chromium and Firefox with the built
 * extension:
 * - importing `~/.aws/config` after adding the same user and role by hand updates them (matched by access
 *   key id, by role ARN + source) instead of creating pairs; an update can be unticked; export then writes
 *   the profile names the identities were imported under (`[profile prod-admin]`, not `prod-admin-2`);
 *   the preview flags a GovCloud role sourced from a commercial user and keys not checked with AWS;
 * - an AWS Extend Switch Roles base profile (`[org-root]`) is mapped to a vault identity of another label
 *   in the preview (the picker sorted by label), its targets become roles assumed from it, and the mapping is
 *   offered again by the next import.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KINDS, launch, type ExtensionBrowser, type ExtPage, ok } from './harness.ts';

const PASS = 'correct horse battery staple';
const KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const CI_KEY = 'AKIAI44QH8DHBEXAMPLE';
const CI_SECRET = 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY';
const PROD = 'arn:aws:iam::222222222222:role/Admin';
const GOV = 'arn:aws-us-gov:iam::333333333333:role/Admin';

const CONFIG = [
  '[profile me]',
  'region = eu-west-1',
  '',
  '[profile prod-admin]',
  `role_arn = ${PROD}`,
  'source_profile = me',
  '',
  '[profile dev-read]',
  'role_arn = arn:aws:iam::444444444444:role/ReadOnly',
  'source_profile = me',
  '',
  '[profile gov-admin]',
  `role_arn = ${GOV}`,
  'source_profile = me',
  '',
  '[profile ci]',
  'region = us-east-1',
  '',
].join('\n');
const CREDENTIALS = `[me]\naws_access_key_id = ${KEY}\naws_secret_access_key = ${SECRET}\n\n[ci]\naws_access_key_id = ${CI_KEY}\naws_secret_access_key = ${CI_SECRET}\n`;

const AESR = [
  '[org-root]',
  'aws_account_id = 111111111111',
  '',
  '[prod-admin-aesr]',
  'aws_account_id = 222222222222',
  'role_name = Admin',
  'source_profile = org-root',
  '',
  '[audit]',
  'aws_account_id = 555555555555',
  'role_name = Audit',
  'source_profile = org-root',
  '',
].join('\n');

for (const kind of KINDS) {
  describe(`import usability (issue 15 items 9, 10): ${kind}`, () => {
    let b: ExtensionBrowser;
    let popup: ExtPage;
    const exists = (sel: string) => popup.evaluate((s) => !!document.querySelector(s), sel);
    const value = (sel: string) => popup.evaluate((s) => (document.querySelector(s) as HTMLTextAreaElement | HTMLSelectElement).value, sel);
    const labels = (sel: string) => popup.evaluate((s) => [...document.querySelectorAll(`${s} > li`)].map((li) => li.getAttribute('data-label')), sel);
    const rowText = (sel: string) => popup.evaluate((s) => (document.querySelector(s) as HTMLElement | null)?.innerText.replace(/\s+/g, ' ').trim() ?? '', sel);
    const select = (sel: string, v: string) => popup.evaluate(([s, val]) => {
      const el = document.querySelector(s) as HTMLSelectElement;
      el.focus();
      el.value = val;
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }, [sel, v] as [string, string]);
    const openImport = async () => {
      if (await exists('#back-button')) await popup.click('#back-button');
      await popup.click('#import-button');
      await popup.waitForSelector('#import');
    };
    const vaultLabels = async () => (await ok(b.send('identity.list', {}))).identities.map((i: { label: string }) => i.label).sort();

    beforeAll(async () => {
      b = await launch(kind);
      await ok(b.send('vault.create', { passphrase: PASS }));
      // added by hand, as + User and + Role do (the keys are not checked here: no AWS)
      const me = (await ok(b.send('identity.addUser', { label: 'Me', accessKeyId: KEY, secretAccessKey: SECRET, check: false }))).id;
      await ok(b.send('identity.addRole', { label: 'Prod admin', roleArn: PROD, sourceId: me }));
      // more identities, added out of order: the base profile picker lists them by label
      for (const label of ['zed', 'Bob', 'alice']) {
        await ok(b.send('identity.addUser', { label, accessKeyId: `AKIA${label.toUpperCase().padEnd(16, 'X')}`, secretAccessKey: SECRET.replace('w', label[0]!), check: false }));
      }
      popup = await b.openPage('src/popup/index.html');
      await popup.setViewport(380, 560);
      await popup.waitForSelector('#search');
    });
    afterAll(async () => {
      await popup?.close().catch(() => undefined);
      await b?.close();
    });

    it('item 9: identities added by hand are matched (keys; role ARN + source) and updated, not duplicated; what cannot work and unchecked keys are flagged', async () => {
      await openImport();
      await popup.fill('#import-config', CONFIG);
      await popup.fill('#import-credentials', CREDENTIALS);
      await popup.click('#import-preview');
      await popup.waitForSelector('#import-plan');
      // nothing of what the vault holds is created again
      expect(await labels('#plan-create')).toEqual(['ci', 'dev-read']);
      expect(await labels('#plan-update')).toEqual(['me', 'prod-admin']);
      expect(await popup.evaluate(() => [...document.querySelectorAll('#plan-update > li')].map((li) => li.getAttribute('data-target')), undefined)).toEqual(['Me', 'Prod admin']);
      expect(await rowText('#plan-update > li[data-label="prod-admin"] [data-match]')).toBe('Matches “Prod admin” in the vault (the same role ARN and source): that identity is updated and keeps its label');
      expect(await rowText('#plan-update > li[data-label="me"] [data-match]')).toContain('(the same access keys)');
      // a GovCloud role from a commercial user cannot work: skipped, saying why
      expect(await popup.evaluate(() => document.querySelector('#plan-skip > li[data-label="gov-admin"]')?.getAttribute('data-code'), undefined)).toBe('invalid');
      expect(await rowText('#plan-skip > li[data-label="gov-admin"] .plan-reason')).toMatch(/^cannot work: the role is in the aws-us-gov \(GovCloud\) partition but its source 'me' is in aws/);
      // the new user's keys are imported without asking AWS: the preview says so
      expect(await popup.text('#plan-unchecked')).toBe('Keys not checked with AWS yet (use Test after importing): ci');
      expect(await exists('#plan-create > li[data-label="ci"][data-unchecked]')).toBe(true);
      expect(await exists('#plan-create > li[data-label="dev-read"][data-unchecked]')).toBe(false);
      expect(await popup.text('#import-apply')).toBe('Import 4');
      if (kind === 'chromium') {
        await popup.evaluate(() => document.querySelector('#plan-update')!.scrollIntoView({ block: 'start' }), undefined);
        await popup.screenshot('test-results/screenshots/popup-import-matched.png');
      }
      expect(await popup.evaluate(() => [...document.querySelectorAll('#plan-update input[data-update-toggle]')].map((i) => i.getAttribute('aria-label')), undefined)).toEqual(['Update “Me”', 'Update “Prod admin”']);
      // untick the role's update: it is left as it is
      await popup.click('#plan-update > li[data-label="prod-admin"] input[data-update-toggle]');
      await expect.poll(() => popup.text('#import-apply')).toBe('Import 3');
      await popup.click('#import-apply');
      await popup.waitForSelector('#search');
      expect(await popup.text('#app-notice')).toBe('Imported: 2 created, 1 updated, 2 skipped.');
      expect(await vaultLabels()).toEqual(['Bob', 'Me', 'Prod admin', 'alice', 'ci', 'dev-read', 'zed']);
      const list = (await ok(b.send('identity.list', {}))).identities as { label: string; region?: string; sourceId?: string; id: string }[];
      const byLabel = Object.fromEntries(list.map((i) => [i.label, i]));
      expect(byLabel['Me']).toMatchObject({ region: 'eu-west-1' });
      expect(byLabel['dev-read']).toMatchObject({ sourceId: byLabel['Me']!.id });
    });

    it('item 9: export writes the profile names the identities were imported under', async () => {
      // the unticked role has no profile name yet: its label's
      await openImport();
      await popup.click('#show-export');
      await popup.waitForSelector('#export');
      await expect.poll(() => value('#export-text')).toContain('[profile me]');
      let text = await value('#export-text');
      expect(text).toContain('[profile Prod-admin]');
      expect(text).toContain('[profile dev-read]\n');
      expect(text).toMatch(/\[profile dev-read\]\nrole_arn = arn:aws:iam::444444444444:role\/ReadOnly\nsource_profile = me\n/);
      // import again, with the update ticked: the role takes its profile name, nothing is created
      await openImport();
      await popup.fill('#import-config', CONFIG);
      await popup.fill('#import-credentials', CREDENTIALS);
      await popup.click('#import-preview');
      await popup.waitForSelector('#import-plan');
      expect(await exists('#plan-create')).toBe(false);
      expect(await labels('#plan-update')).toEqual(['prod-admin']);
      expect(await rowText('#plan-update > li[data-label="prod-admin"] [data-changes]')).toBe('changes: profileName');
      await popup.click('#import-apply');
      await popup.waitForSelector('#search');
      expect(await vaultLabels()).toEqual(['Bob', 'Me', 'Prod admin', 'alice', 'ci', 'dev-read', 'zed']);
      // renamed afterwards: still exported under the name scripts use
      const prod = (await ok(b.send('identity.list', {}))).identities.find((i: { label: string }) => i.label === 'Prod admin');
      await ok(b.send('identity.update', { id: prod.id, label: 'Production admin' }));
      await openImport();
      await popup.click('#show-export');
      await popup.waitForSelector('#export');
      await expect.poll(() => value('#export-text')).toContain('[profile me]');
      text = await value('#export-text');
      expect(text).toContain(`[profile prod-admin]\n# Sigvault label: Production admin\nrole_arn = ${PROD}\nsource_profile = me\n`);
      expect(text).not.toMatch(/prod-admin-2|Production-admin/);
      expect(text).toContain('[profile ci]\n');
      await popup.click('#export-done');
      await popup.waitForSelector('#search');
    });

    it('item 10: an AESR base profile is mapped to a vault identity in the preview (sorted picker), and remembered', async () => {
      await openImport();
      await select('#import-format', 'aesr');
      await popup.fill('#import-config', AESR);
      await select('#import-default-source', '');
      await popup.click('#import-preview');
      await popup.waitForSelector('#plan-bases');
      // no identity is labelled org-root: console roles until the base is mapped
      expect(await value('select[data-base="org-root"]')).toBe('');
      expect(await popup.evaluate(() => [...document.querySelectorAll('#plan-create > li')].map((li) => li.getAttribute('data-kind')), undefined)).toEqual(['console-role', 'console-role']);
      expect(await rowText('#plan-bases > li[data-base="org-root"]')).toContain('Roles using it: 2 · account 111111111111');
      const options = await popup.evaluate(() => [...document.querySelectorAll('select[data-base="org-root"] option')].map((o) => (o as HTMLOptionElement).value), undefined);
      const idLabels = options.slice(1);
      expect(options[0]).toBe('');
      expect(idLabels).toEqual([...idLabels].sort((a, c) => a.localeCompare(c)));
      expect(idLabels).toEqual(expect.arrayContaining(['alice', 'Bob', 'Me', 'zed', 'dev-read']));
      // map it: the preview follows at once, the picker keeps focus
      await select('select[data-base="org-root"]', 'alice');
      await expect.poll(() => popup.evaluate(() => [...document.querySelectorAll('#plan-create > li')].map((li) => li.getAttribute('data-kind')), undefined)).toEqual(['role', 'role']);
      expect(await rowText('#plan-create > li[data-label="audit"]')).toContain('from alice');
      expect(await popup.evaluate(() => (document.activeElement as HTMLElement | null)?.getAttribute('data-base'), undefined)).toBe('org-root');
      expect(await popup.text('#import-apply')).toBe('Import 2');
      if (kind === 'chromium') {
        await popup.evaluate(() => document.querySelector('#plan-bases-title')!.scrollIntoView({ block: 'start' }), undefined);
        await popup.screenshot('test-results/screenshots/popup-import-aesr-bases.png');
      }
      await popup.click('#import-apply');
      await popup.waitForSelector('#search');
      const list = (await ok(b.send('identity.list', {}))).identities as { label: string; kind: string; id: string; sourceId?: string }[];
      const alice = list.find((i) => i.label === 'alice')!;
      expect(list.filter((i) => i.label === 'audit' || i.label === 'prod-admin-aesr').map((i) => [i.label, i.kind, i.sourceId])).toEqual(
        expect.arrayContaining([['audit', 'role', alice.id], ['prod-admin-aesr', 'role', alice.id]]),
      );
      // the next import offers the same mapping (a new target becomes a role from alice at once)
      await openImport();
      await select('#import-format', 'aesr');
      await popup.fill('#import-config', `${AESR}\n[billing]\naws_account_id = 666666666666\nrole_name = Billing\nsource_profile = org-root\n`);
      await select('#import-default-source', '');
      await popup.click('#import-preview');
      await popup.waitForSelector('#plan-bases');
      expect(await value('select[data-base="org-root"]')).toBe('alice');
      expect(await labels('#plan-create')).toEqual(['billing']);
      expect(await rowText('#plan-create > li[data-label="billing"]')).toContain('from alice');
      await popup.click('#import-cancel');
      await popup.waitForSelector('#search');
    });
  });
}
