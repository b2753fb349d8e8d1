/**
 * Importing `~/.aws/config` + `~/.aws/credentials` and exporting the configuration back, through the
 * protocol in real Chromium and Firefox: a fixture with errors gets line-numbered skips and warnings and
 * never breaks; a preview holds no secret; the import links roles to their sources.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { KINDS, launch, useStandin, type ExtensionBrowser, ok } from './harness.ts';
import { findLeaks } from './secret-forms.ts';
import { startStandin, type IssuedUser, type Standin } from '../support/sts-standin.ts';

const fixture = (p: string) => readFileSync(`test/fixtures/aws-config/${p}`, 'utf8');

for (const kind of KINDS) {
  describe(`config import: ${kind}`, () => {
    let b: ExtensionBrowser;
    let standin: Standin;
    let user1: IssuedUser;
    beforeAll(async () => {
      // knows the fixture's [user1] keys: identity.test proves the imported secret
      standin = await startStandin({ cors: false });
      user1 = standin.issueUserKeys({ userName: 'user1', account: '111111111111', accessKeyId: 'AKIAI44QH8DHBEXAMPLE', secretAccessKey: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY' });
      b = await launch(kind);
      await ok(b.send('vault.create', { passphrase: 'correct horse battery staple' }));
      await useStandin(b, standin.url);
    });
    afterAll(async () => {
      await b?.close();
      await standin?.stop();
    });

    it('previews a config with errors: skips and warnings carry line numbers, nothing is written', async () => {
      const { plan } = await ok(b.send('config.preview', { format: 'aws-cli', config: fixture('errors/config.errors.ini'), credentials: fixture('errors/credentials.errors.ini') }));
      expect(plan.warnings.length).toBeGreaterThan(0);
      for (const w of plan.warnings) expect(w).toMatchObject({ line: expect.any(Number), message: expect.any(String) });
      const skip = Object.fromEntries(plan.skip.map((s: any) => [s.label, s]));
      expect(skip['loop-a']).toMatchObject({ code: 'cycle', line: expect.any(Number) });
      expect(skip['orphan-role']).toMatchObject({ code: 'source_missing' });
      expect(skip['bad-arn']).toMatchObject({ code: 'invalid', file: 'config' });
      expect(skip['proc']).toMatchObject({ code: 'credential_process' });
      expect(skip['sso']).toMatchObject({ code: 'invalid', reason: expect.stringContaining('[sso-session corp] section does not exist') });
      expect((await ok(b.send('identity.list', {}))).identities).toEqual([]);
    });

    it('imports users from credentials and roles from config, linked to their sources; the preview holds no secret', async () => {
      const config = fixture('aws-cli/config.two-profiles.ini') + '\n' + fixture('aws-cli/config.role.external_id.mfa.ini');
      const credentials = fixture('aws-cli/credentials.two-profiles.ini');
      const preview = await ok(b.send('config.preview', { format: 'aws-cli', config, credentials }));
      expect(findLeaks(JSON.stringify(preview), { a: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', b: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY', ext: '123456' })).toEqual([]);
      expect(preview.plan.create.map((c: any) => c.label).sort()).toEqual(['crossaccountrole', 'default', 'user1']);
      expect(await ok(b.send('config.import', { token: preview.token }))).toEqual({ created: 3, updated: 0, skipped: 0 });
      expect(await b.send('config.import', { token: preview.token })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } }); // used once
      const list = (await ok(b.send('identity.list', {}))).identities;
      const byLabel = Object.fromEntries(list.map((i: any) => [i.label, i]));
      expect(byLabel['crossaccountrole']).toMatchObject({ kind: 'role', roleArn: 'arn:aws:iam::234567890123:role/SomeRole', sourceId: byLabel['default'].id, mfa: true, hasExternalId: true });
      expect(byLabel['user1']).toMatchObject({ kind: 'user', region: 'us-east-1', accessKeyIdMasked: 'AKIA…MPLE' });
      // the imported secret is the file's: read back from IndexedDB after a background restart, GetCallerIdentity
      // signed with it passes the stand-in's check
      await b.stopBackground();
      expect(await ok(b.send('identity.test', { id: byLabel['user1'].id }))).toMatchObject({ arn: user1.arn });
      // importing the same files again changes nothing
      const again = await ok(b.send('config.preview', { format: 'aws-cli', config, credentials }));
      expect(again.plan.create).toEqual([]);
      expect(again.plan.skip.every((s: any) => s.code === 'unchanged')).toBe(true);
    });

    it('exports the non-secret configuration as ~/.aws/config text', async () => {
      const { text } = await ok(b.send('config.export', {}));
      expect(text).toContain('[profile crossaccountrole]');
      expect(text).toMatch(/role_arn = arn:aws:iam::234567890123:role\/SomeRole/);
      expect(text).toMatch(/source_profile = default/);
      expect(findLeaks(text, { a: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', b: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY' })).toEqual([]);
      expect(text).not.toContain('AKIAIOSFODNN7EXAMPLE');
    });

    it('refuses malformed requests clearly', async () => {
      expect(await b.send('config.preview', { format: 'yaml' as 'aesr', config: 'x' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'format' } });
      expect(await b.send('config.preview', { format: 'aws-cli', config: 42 as unknown as string })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', field: 'config' } });
      const garbage = await ok(b.send('config.preview', { format: 'aws-cli', config: '\u0000[[[\n=\n[profile\n' }));
      expect(garbage.plan.create).toEqual([]);
    });
  });
}
