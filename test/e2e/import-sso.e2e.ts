/**
 * Importing IAM Identity Center profiles from `~/.aws/config` in real Chromium and Firefox with the built
 * extension: the popup's preview lists the source to create (signed out) and the sso identities; the import
 * creates the source and the identities (and a role chained from one), signs nothing in; after a device
 * sign-in against the Identity Center stand-in (test/support/sso-standin.ts) an imported identity resolves
 * through GetRoleCredentials and the chained role through AssumeRole (STS stand-in, signatures verified);
 * `session.export` gives its CLI credentials; a re-import reuses the source and duplicates nothing; the
 * export writes them back as sso-session profiles.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../support/sts-standin.ts';
import { startSsoStandin, type SsoStandin } from '../support/sso-standin.ts';
import { seriousA11yViolations } from './axe.ts';
import { KINDS, launch, ok, useStandin, type ExtensionBrowser, type ExtPage } from './harness.ts';

const PASS = 'correct horse battery staple';
const DEPLOY = 'arn:aws:iam::444444444444:role/Deploy';

for (const kind of KINDS) {
  describe(`import of IAM Identity Center profiles: ${kind}`, () => {
    let sts: Standin;
    let sso: SsoStandin;
    let b: ExtensionBrowser;
    let popup: ExtPage;
    let config = '';
    const sources = async () => (await ok(b.send('sso.sources', {}))).sources as any[];
    const byLabel = async () => Object.fromEntries(((await ok(b.send('identity.list', {}))).identities as any[]).map((i) => [i.label, i]));
    const labels = (sel: string) => popup.evaluate((s) => [...document.querySelectorAll(`${s} > li`)].map((li) => li.getAttribute('data-label')), sel);
    const texts = (sel: string) => popup.evaluate((s) => [...document.querySelectorAll(`${s} > li`)].map((li) => (li as HTMLElement).innerText.replace(/\s+/g, ' ').trim()), sel);

    beforeAll(async () => {
      sts = await startStandin({ cors: false });
      sso = await startSsoStandin({ sts, deviceInterval: 1 });
      sso.setAccounts([{ accountId: '111111111111', accountName: 'Production', roles: ['AdministratorAccess', 'ReadOnlyAccess'] }]);
      config = [
        '[sso-session corp]',
        `sso_start_url = ${sso.startUrl}`,
        'sso_region = us-east-1',
        'sso_registration_scopes = sso:account:access',
        '',
        '[profile prod-admin]',
        'sso_session = corp',
        'sso_account_id = 111111111111',
        'sso_role_name = AdministratorAccess',
        'region = eu-west-1',
        '',
        '[profile prod-read]',
        'sso_session = corp',
        'sso_account_id = 111111111111',
        'sso_role_name = ReadOnlyAccess',
        '',
        '[profile deploy]',
        `role_arn = ${DEPLOY}`,
        'source_profile = prod-admin',
        '',
        '[profile bad-account]',
        'sso_session = corp',
        'sso_account_id = 12345',
        'sso_role_name = AdministratorAccess',
        '',
      ].join('\n');
      b = await launch(kind);
      await ok(b.send('vault.create', { passphrase: PASS }));
      await useStandin(b, sts.url);
      await ok(b.send('settings.set', { endpoints: { aws: { oidc: sso.oidcEndpoint, portal: sso.portalEndpoint } }, confirmEndpoint: true }));
      popup = await b.openPage('src/popup/index.html');
    });
    afterAll(async () => {
      await popup?.close();
      await b?.close();
      await sso?.stop();
      await sts?.stop();
    });

    it('the preview lists the source to create (sign in after import), the sso identities, the chained role and a malformed profile', async () => {
      await popup.click('#import-button');
      await popup.waitForSelector('#import');
      await popup.fill('#import-config', config);
      await popup.click('#import-preview');
      await popup.waitForSelector('#import-plan');
      expect(await popup.text('#plan-sso-title')).toBe('1 IAM Identity Center sources (sign in after import)');
      expect(await texts('#plan-sso')).toEqual([`corp ${sso.startUrl} · us-east-1 · new, signed out`]);
      expect(await labels('#plan-create')).toEqual(['prod-admin', 'prod-read', 'deploy']);
      const created = await texts('#plan-create');
      expect(created[0]).toBe('prod-admin config:6 IAM Identity Center role · AdministratorAccess@111111111111 · from corp · eu-west-1');
      expect(created[2]).toBe(`deploy config:17 Role · ${DEPLOY} · from prod-admin`);
      expect(await labels('#plan-skip')).toEqual(['bad-account']);
      expect((await texts('#plan-skip'))[0]).toBe("bad-account config:23 Invalid setting sso_account_id must be a 12-digit AWS account id (got '12345')");
      expect(await seriousA11yViolations(popup), 'axe on #import with Identity Center sources').toEqual([]);
      // nothing is created by a preview
      expect(await sources()).toEqual([]);
    });

    it('import creates the source (signed out) and the identities; nothing signs in', async () => {
      await popup.click('#import-apply');
      await popup.waitForSelector('#search');
      expect(await popup.text('#app-notice')).toBe('Imported: 3 created, 0 updated, 1 skipped.');
      const [source, ...more] = await sources();
      expect(more).toEqual([]);
      expect(source).toEqual({ id: expect.stringMatching(/^sso_/), label: 'corp', startUrl: sso.startUrl, region: 'us-east-1', signedIn: false, identities: 2 });
      const ids = await byLabel();
      expect(ids['prod-admin']).toMatchObject({ kind: 'sso', sourceId: source.id, accountId: '111111111111', roleName: 'AdministratorAccess', region: 'eu-west-1' });
      expect(ids['prod-read']).toMatchObject({ kind: 'sso', sourceId: source.id, accountId: '111111111111', roleName: 'ReadOnlyAccess' });
      expect(ids['deploy']).toMatchObject({ kind: 'role', roleArn: DEPLOY, sourceId: ids['prod-admin'].id });
      expect(Object.keys(ids).sort()).toEqual(['deploy', 'prod-admin', 'prod-read']);
      expect(sso.clients()).toEqual([]);
      expect(sso.userCodes()).toEqual([]);
      // not signed in yet: a clear error, not a crash
      expect(await b.send('session.resolve', { id: ids['prod-admin'].id })).toMatchObject({ ok: false, error: { code: 'SIGN_IN_REQUIRED' } });
    });

    it('after a device sign-in, an imported identity resolves (GetRoleCredentials) and the chained role assumes through it', async () => {
      const [source] = await sources();
      const started = await ok(b.send('sso.signIn', { sourceId: source.id }));
      const tab = await b.waitForTab(`${sso.url}/oidc/device?user_code=${started.userCode}`);
      const page = await b.openWebPage(tab.url);
      await page.click('#allow');
      await page.waitForSelector('#result');
      await page.close();
      // the first sync finds the two imported assignments: it adds nothing and keeps their labels
      await expect.poll(async () => (await sources())[0]?.lastSync?.roles, { timeout: 20_000 }).toBe(2);
      expect((await sources())[0]).toMatchObject({ signedIn: true, identities: 2 });
      const ids = await byLabel();
      expect(Object.keys(ids).sort()).toEqual(['deploy', 'prod-admin', 'prod-read']);
      const who = await ok(b.send('identity.test', { id: ids['prod-admin'].id }));
      expect(who.arn).toMatch(/^arn:aws:sts::111111111111:assumed-role\/AWSReservedSSO_AdministratorAccess_[0-9a-f]{16}\/user@example\.com$/);
      expect(sso.count('/portal/federation/credentials')).toBe(1);
      sts.addRole({ arn: DEPLOY, trust: { principals: [sso.roleArn('111111111111', 'AdministratorAccess')] }, maxSessionDuration: 43_200 });
      const r = await ok(b.send('session.resolve', { id: ids['deploy'].id }));
      expect(r.arn).toMatch(/^arn:aws:sts::444444444444:assumed-role\/Deploy\//);
      // the CLI export of an imported identity: its GetRoleCredentials credentials (cached), as env lines
      const exported = await ok(b.send('session.export', { id: ids['prod-read'].id, format: 'env' }));
      expect(exported.text).toMatch(/^export AWS_ACCESS_KEY_ID='ASIA/m);
      expect(exported.text).toMatch(/^export AWS_SESSION_TOKEN=/m);
      expect(exported.text).toMatch(/^export AWS_REGION=/m);
      expect(sso.count('/portal/federation/credentials')).toBe(2);
    });

    it('re-importing the same text reuses the source and duplicates nothing; the export writes sso-session profiles', async () => {
      const preview = await ok(b.send('config.preview', { format: 'aws-cli', config: `${config}\n[profile sandbox]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = PowerUserAccess\n` }));
      // only the new profile needs the source: the vault's, reused
      expect(preview.plan.ssoSources).toEqual([{ label: 'corp', startUrl: sso.startUrl, region: 'us-east-1', existing: true }]);
      expect(preview.plan.create.map((c: any) => c.label)).toEqual(['sandbox']);
      expect(preview.plan.skip.map((s: any) => [s.label, s.code])).toEqual([['prod-admin', 'unchanged'], ['prod-read', 'unchanged'], ['deploy', 'unchanged'], ['bad-account', 'invalid']]);
      expect(await ok(b.send('config.import', { token: preview.token }))).toEqual({ created: 1, updated: 0, skipped: 4 });
      const all = await sources();
      expect(all.map((s) => [s.label, s.identities])).toEqual([['corp', 3]]);
      expect((await byLabel())['sandbox']).toMatchObject({ kind: 'sso', sourceId: all[0].id, roleName: 'PowerUserAccess' });
      const { text } = await ok(b.send('config.export', {}));
      expect(text).toContain(`[sso-session corp]\nsso_start_url = ${sso.startUrl}\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n`);
      expect(text).toContain('[profile prod-admin]\n# IAM Identity Center role: sign in with `aws sso login --profile NAME`\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = AdministratorAccess\nregion = eu-west-1\n');
      expect(text).toContain(`[profile deploy]\nrole_arn = ${DEPLOY}\nsource_profile = prod-admin\n`);
      expect(text).not.toMatch(/accessToken|refreshToken|clientSecret/);
    });
  });
}
