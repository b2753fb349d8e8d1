import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAwsConfig, planAwsImport, showName, toExistingIdentities, toPlanView, type ConfigImportPlan, type ExistingIdentity, type PlannedRole } from './aws-cli.ts';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/aws-config');
const cli = (name: string) => readFileSync(join(FIXTURES, 'aws-cli', name), 'utf8');
const errors = (name: string) => readFileSync(join(FIXTURES, 'errors', name), 'utf8');

const SECRETS = ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY', 'AQoEXAMPLEH4aoAH0gNCAPyJxz4BlCFFxWNE1OPTgk5TthT'];

function plan(config: string, credentials?: string, existing: ExistingIdentity[] = []): ConfigImportPlan {
  return planAwsImport(parseAwsConfig(config, credentials), existing);
}
const labels = (p: ConfigImportPlan) => p.create.map((c) => `${c.kind}:${c.label}`);
const skips = (p: ConfigImportPlan) => p.skip.map((s) => [s.label, s.code, s.file, s.line]);

function expectNoSecrets(p: ConfigImportPlan): void {
  const text = JSON.stringify([p.skip, p.warnings, p.update.map((u) => u.changes)]);
  for (const s of SECRETS) expect(text).not.toContain(s);
  const view = JSON.stringify(toPlanView(p));
  for (const s of SECRETS) expect(view).not.toContain(s);
}

describe('AWS CLI documentation examples (test/fixtures/aws-config/aws-cli)', () => {
  it('config.default.ini + credentials.default.ini → one user', () => {
    const p = plan(cli('config.default.ini'), cli('credentials.default.ini'));
    expect(p.create).toEqual([
      { kind: 'user', label: 'default', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: SECRETS[0], region: 'us-west-2', line: 1, file: 'config' },
    ]);
    expect(p.skip).toEqual([]);
    expect(p.warnings).toEqual([]);
    expectNoSecrets(p);
  });

  it('two profiles: [profile user1] in config, bare [user1] in credentials', () => {
    const p = plan(cli('config.two-profiles.ini'), cli('credentials.two-profiles.ini'));
    expect(p.create.map((c) => [c.label, c.kind === 'user' ? c.accessKeyId : '', c.region])).toEqual([
      ['default', 'AKIAIOSFODNN7EXAMPLE', 'us-west-2'],
      ['user1', 'AKIAI44QH8DHBEXAMPLE', 'us-east-1'],
    ]);
    expect(p.warnings).toEqual([]);
  });

  it('credentials alone make users (no region)', () => {
    const p = plan('', cli('credentials.two-profiles.ini'));
    expect(labels(p)).toEqual(['user:default', 'user:user1']);
    expect(p.create[1]).toMatchObject({ file: 'credentials', line: 5 });
  });

  it('role_arn + source_profile → a role sourced from the user', () => {
    const p = plan(cli('config.role.source_profile.ini'), cli('credentials.two-profiles.ini'));
    expect(labels(p)).toEqual(['user:default', 'user:user1', 'role:marketingadmin']);
    expect(p.create[2]).toEqual({ kind: 'role', label: 'marketingadmin', roleArn: 'arn:aws:iam::123456789012:role/marketingadminrole', sourceLabel: 'user1', line: 1, file: 'config' });
  });

  it('role without its source anywhere → source_missing with the source_profile line', () => {
    const p = plan(cli('config.role.source_profile.ini'));
    expect(skips(p)).toEqual([['marketingadmin', 'source_missing', 'config', 3]]);
    expect(p.skip[0]?.reason).toBe("source_profile 'user1' is not defined here and no identity with that label is in the vault");
  });

  it('role whose source is already in the vault', () => {
    const p = plan(cli('config.role.source_profile.ini'), undefined, [{ label: 'user1', kind: 'user', accessKeyId: 'AKIAI44QH8DHBEXAMPLE' }]);
    expect(p.create).toEqual([expect.objectContaining({ label: 'marketingadmin', sourceLabel: 'user1' })]);
  });

  it('credential_source roles are skipped with the reason', () => {
    const p = plan(cli('config.role.credential_source.ini'));
    expect(skips(p)).toEqual([['marketingadmin', 'credential_source', 'config', 3]]);
    expect(p.skip[0]?.reason).toMatch(/^credential_source = Ec2InstanceMetadata: /);
    for (const v of ['Environment', 'EcsContainer']) {
      const q = plan(`[profile r]\nrole_arn = arn:aws:iam::123456789012:role/x\ncredential_source = ${v}\n`);
      expect(q.skip[0]).toMatchObject({ code: 'credential_source', line: 3 });
    }
  });

  it('config.role.mfa.ini: source cli-user is not defined (doc inconsistency); anika has no credentials', () => {
    const p = plan(cli('config.role.mfa.ini'));
    expect(skips(p)).toEqual([
      ['role-without-mfa', 'source_missing', 'config', 4],
      ['role-with-mfa', 'source_missing', 'config', 9],
      ['anika', 'no_credentials', 'config', 12],
    ]);
    expect(p.warnings).toEqual([]);
  });

  it('config.role.mfa.ini with cli-user in the vault → both roles, one with mfa_serial', () => {
    const p = plan(cli('config.role.mfa.ini'), undefined, [{ label: 'cli-user', kind: 'user', accessKeyId: 'AKIAI44QH8DHBEXAMPLE' }]);
    expect(p.create).toEqual([
      { kind: 'role', label: 'role-without-mfa', roleArn: 'arn:aws:iam::128716708097:role/cli-role', sourceLabel: 'cli-user', region: 'us-west-2', line: 1, file: 'config' },
      {
        kind: 'role',
        label: 'role-with-mfa',
        roleArn: 'arn:aws:iam::128716708097:role/cli-role',
        sourceLabel: 'cli-user',
        region: 'us-west-2',
        mfaSerial: 'arn:aws:iam::128716708097:mfa/cli-user',
        line: 6,
        file: 'config',
      },
    ]);
  });

  it('external_id + mfa_serial of another account', () => {
    const p = plan(cli('config.role.external_id.mfa.ini'), cli('credentials.default.ini'));
    expect(p.create[1]).toEqual({
      kind: 'role',
      label: 'crossaccountrole',
      roleArn: 'arn:aws:iam::234567890123:role/SomeRole',
      sourceLabel: 'default',
      mfaSerial: 'arn:aws:iam::123456789012:mfa/saanvi',
      externalId: '123456',
      line: 1,
      file: 'config',
    });
    expect(toPlanView(p).create[1]).toEqual({
      kind: 'role',
      label: 'crossaccountrole',
      roleArn: 'arn:aws:iam::234567890123:role/SomeRole',
      sourceLabel: 'default',
      mfa: true,
      hasExternalId: true,
      line: 1,
      file: 'config',
    });
  });

  it('role_session_name', () => {
    const p = plan(cli('config.role.role_session_name.ini'), cli('credentials.default.ini'));
    expect((p.create[1] as PlannedRole).sessionName).toBe('Session_Maria_Garcia');
  });

  it('web identity (with the doc’s malformed ARN) is skipped as web identity', () => {
    const p = plan(cli('config.web-identity.ini'));
    expect(skips(p)).toEqual([['web-identity', 'web_identity', 'config', 5]]);
    expect(p.warnings).toEqual([]);
  });

  it('credential_process is skipped', () => {
    const p = plan(cli('config.credential_process.ini'));
    expect(skips(p)).toEqual([['developer', 'credential_process', 'config', 2]]);
  });

  it('nested s3 settings are tolerated and kept', () => {
    const parsed = parseAwsConfig(cli('config.s3-nested.ini'));
    expect(parsed.warnings).toEqual([]);
    const s3 = parsed.profiles[0]?.settings['s3'];
    expect(Object.keys(s3?.nested ?? {})).toEqual([
      'max_concurrent_requests',
      'max_queue_size',
      'multipart_threshold',
      'multipart_chunksize',
      'max_bandwidth',
      'use_accelerate_endpoint',
      'addressing_style',
    ]);
    expect(s3?.nested?.['max_bandwidth']).toEqual({ value: '50MB/s', line: 7, file: 'config' });
    expect(skips(planAwsImport(parsed, []))).toEqual([['development', 'no_credentials', 'config', 1]]);
  });

  it('[services x] is tolerated', () => {
    const parsed = parseAwsConfig(cli('config.services.ini'));
    expect(parsed.warnings).toEqual([]);
    expect(parsed.profiles.map((p) => p.name)).toEqual(['dev']);
  });

  it('SSO profiles (legacy and sso-session) become Identity Center roles of one source per start URL + region', () => {
    const legacy = plan(cli('config.sso-legacy.ini'));
    expect(skips(legacy)).toEqual([]);
    expect(legacy.create).toEqual([
      { kind: 'sso', label: 'my-dev-profile', startUrl: 'https://my-sso-portal.awsapps.com/start', ssoRegion: 'us-east-1', accountId: '123456789011', roleName: 'readOnly', region: 'us-west-2', sourceLabel: 'my-sso-portal', line: 1, file: 'config' },
    ]);
    expect(legacy.ssoSources).toEqual([{ label: 'my-sso-portal', startUrl: 'https://my-sso-portal.awsapps.com/start', region: 'us-east-1' }]);
    const parsed = parseAwsConfig(cli('config.sso-session.shared.ini'));
    expect(parsed.warnings).toEqual([]);
    expect(parsed.ssoSessions['my-sso']?.settings['sso_region']?.value).toBe('us-east-1');
    const shared = planAwsImport(parsed, []);
    expect(skips(shared)).toEqual([]);
    expect(labels(shared)).toEqual(['sso:dev', 'sso:prod']);
    expect(shared.ssoSources).toEqual([{ label: 'my-sso', startUrl: 'https://my-sso-portal.awsapps.com/start', region: 'us-east-1' }]);
    expect(labels(plan(cli('config.sso-session.ini')))).toEqual(['sso:dev']);
  });

  it('the single-line settings list has no section: warned once, nothing imported', () => {
    const p = plan(cli('config-settings.single-line-examples.txt'));
    expect(p.create).toEqual([]);
    expect(p.warnings).toEqual([{ line: 3, file: 'config', message: 'setting outside any [section]; ignored up to the next section header' }]);
    expectNoSecrets(p);
  });

  it('every file in the examples directory parses and plans without throwing, as config and as credentials', () => {
    const dir = join(FIXTURES, 'aws-cli');
    const files = readdirSync(dir);
    expect(files.length).toBeGreaterThanOrEqual(20);
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8');
      for (const p of [plan(text), plan('', text), plan(text, text)]) {
        for (const w of p.warnings) expect(Number.isInteger(w.line) && w.line >= 1).toBe(true);
        expectNoSecrets(p);
      }
    }
  });
});

describe('fixture with deliberate errors (test/fixtures/aws-config/errors)', () => {
  const p = plan(errors('config.errors.ini'), errors('credentials.errors.ini'));

  it('warns about bad lines, unknown keys, duplicates and non-profile sections with line numbers', () => {
    expect(p.warnings).toEqual([
      { file: 'config', line: 2, message: 'setting outside any [section]; ignored up to the next section header' },
      { file: 'config', line: 5, message: "expected 'key = value', a [section] header or a comment; line ignored" },
      { file: 'config', line: 6, message: "unknown setting 'colour' (ignored)" },
      { file: 'config', line: 30, message: "profile 'admin' is defined again (first at line 8): the AWS CLI refuses a file with a repeated section; here the two are merged, later values win" },
      { file: 'config', line: 42, message: "section header without a closing ']'; the lines up to the next section are ignored" },
      { file: 'config', line: 66, message: 'section [notaprofile] is not a profile in ~/.aws/config (profiles are [profile NAME] or [default]); ignored' },
      { file: 'credentials', line: 4, message: "expected 'key = value', a [section] header or a comment; line ignored" },
    ]);
  });

  it('creates what is valid, in dependency order (chains)', () => {
    expect(labels(p)).toEqual(['user:default', 'role:admin', 'role:deep']);
    expect(p.create[1]).toMatchObject({ sourceLabel: 'default', region: 'eu-west-1', durationSeconds: 3600 });
    expect(p.create[2]).toMatchObject({ sourceLabel: 'admin', externalId: 'ext-123', sessionName: 'deep-session' });
  });

  it('skips the rest with reasons and line numbers', () => {
    expect(skips(p)).toEqual([
      ['loop-a', 'cycle', 'config', 16],
      ['loop-b', 'cycle', 'config', 20],
      ['orphan-role', 'source_missing', 'config', 24],
      ['bad-arn', 'invalid', 'config', 27],
      ['bad-duration', 'invalid', 'config', 36],
      ['chained', 'source_skipped', 'config', 40],
      ['proc', 'credential_process', 'config', 45],
      ['sso', 'invalid', 'config', 48],
      ['via-proc', 'source_skipped', 'config', 60],
      ['ec2', 'credential_source', 'config', 64],
      ['halfkey', 'invalid', 'credentials', 7],
      ['badkey', 'invalid', 'credentials', 10],
      ['temp', 'session_token', 'credentials', 16],
    ]);
    const reason = (label: string) => p.skip.find((s) => s.label === label)?.reason;
    expect(reason('loop-a')).toBe("source_profile chain loops: 'loop-a' → 'loop-b' → 'loop-a'");
    expect(reason('bad-arn')).toBe('role_arn must look like arn:aws:iam::123456789012:role/name');
    expect(reason('bad-duration')).toBe('duration_seconds must be an integer from 900 to 43200');
    expect(reason('chained')).toBe("source_profile 'bad-arn' is skipped (invalid)");
    expect(reason('via-proc')).toBe("source_profile 'proc' is skipped (credential_process)");
    expect(reason('halfkey')).toBe('aws_access_key_id without aws_secret_access_key');
    expect(reason('badkey')).toMatch(/^aws_access_key_id must start with AKIA or ASIA/);
  });

  it('never puts a secret in a warning, reason or view', () => {
    expectNoSecrets(p);
    expect(JSON.stringify(toPlanView(p))).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(toPlanView(p).create[0]).toEqual({ kind: 'user', label: 'default', accessKeyIdMasked: 'AKIA…MPLE', mfa: false, region: 'us-east-1', line: 3, file: 'config' });
  });
});

describe('CLI reading rules', () => {
  const KEYS = 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n';

  it('[profile "my name"] is profile "my name"; [profileX] is not a profile', () => {
    const parsed = parseAwsConfig(`[profile "my name"]\n${KEYS}[profileX]\nregion = us-east-1\n`);
    expect(parsed.profiles.map((p) => p.name)).toEqual(['my name']);
    expect(parsed.warnings).toEqual([{ file: 'config', line: 4, message: 'section [profileX] is not read as a profile (expected [profile NAME], NAME quoted if it has spaces); ignored' }]);
  });

  it('[default] and [profile default]: the later section wins whole, as in botocore', () => {
    const parsed = parseAwsConfig('[default]\nregion = us-east-1\noutput = json\n[profile default]\nregion = eu-west-1\n');
    expect(parsed.profiles.map((p) => [p.name, p.settings['region']?.value, p.settings['output']])).toEqual([['default', 'eu-west-1', undefined]]);
    expect(parsed.warnings).toEqual([
      { file: 'config', line: 4, message: "profile 'default' is defined again under another header (first at line 1); as in the AWS CLI, this later section replaces it" },
    ]);
    const reversed = parseAwsConfig('[profile default]\nregion = eu-west-1\n[default]\nregion = us-east-1\n');
    expect(reversed.profiles[0]?.settings['region']?.value).toBe('us-east-1');
  });

  it('[profiles x] is read as x, as botocore does, with a warning', () => {
    const parsed = parseAwsConfig('[profiles x]\nregion = us-east-1\n');
    expect(parsed.profiles.map((p) => p.name)).toEqual(['x']);
    expect(parsed.warnings).toEqual([{ file: 'config', line: 1, message: "read as profile 'x' (as the AWS CLI does); write [profile NAME]" }]);
  });

  it('credentials values override config values', () => {
    const parsed = parseAwsConfig('[profile x]\nregion = us-east-1\nmfa_serial = arn:aws:iam::123456789012:mfa/a\n', `[x]\n${KEYS}region = eu-west-1\n`);
    expect(parsed.warnings).toEqual([]);
    const p = planAwsImport(parsed, []);
    expect(p.create).toEqual([expect.objectContaining({ label: 'x', region: 'eu-west-1', mfaSerial: 'arn:aws:iam::123456789012:mfa/a' })]);
  });

  it('keys in ~/.aws/credentials win over credential_process; keys in config do not', () => {
    expect(labels(plan('[profile a]\ncredential_process = /bin/x\n', `[a]\n${KEYS}`))).toEqual(['user:a']);
    expect(skips(plan(`[profile a]\ncredential_process = /bin/x\n${KEYS}`))).toEqual([['a', 'credential_process', 'config', 2]]);
    expect(labels(plan(`[profile a]\n${KEYS}`))).toEqual(['user:a']);
  });

  it('source_profile and credential_source together are refused; role_arn alone (no source) is a console role', () => {
    const p = plan('[profile r]\nrole_arn = arn:aws:iam::123456789012:role/x\nsource_profile = a\ncredential_source = Environment\n[profile s]\nrole_arn = arn:aws:iam::123456789012:role/team/x\nregion = eu-west-1\n');
    expect(skips(p)).toEqual([['r', 'invalid', 'config', 4]]);
    expect(p.create).toEqual([{ kind: 'console-role', label: 's', account: '123456789012', roleName: 'team/x', region: 'eu-west-1', line: 5, file: 'config' }]);
  });

  it('role_arn alone with MFA, session name or duration: a console role, and a warning names what is not kept', () => {
    const p = plan('[profile s]\nrole_arn = arn:aws:iam::123456789012:role/x\nmfa_serial = arn:aws:iam::123456789012:mfa/me\nduration_seconds = 7200\n');
    expect(p.create).toEqual([{ kind: 'console-role', label: 's', account: '123456789012', roleName: 'x', line: 1, file: 'config' }]);
    expect(p.warnings).toEqual([{ line: 3, file: 'config', message: expect.stringMatching(/becomes a console role .*Not kept: mfa_serial, duration_seconds$/) }]);
    expect(plan('[profile s]\nrole_arn = arn:aws:iam::123456789012:role/x\n').warnings).toEqual([]);
  });

  it('role_arn alone is not a console role when the console cannot switch to it, or when the profile has keys', () => {
    const long = `arn:aws:iam::123456789012:role/${'p'.repeat(40)}/${'n'.repeat(30)}`;
    const p = plan(`[profile e]\nrole_arn = arn:aws:iam::123456789012:role/x\nexternal_id = ext-1\n[profile l]\nrole_arn = ${long}\n[profile k]\nrole_arn = arn:aws:iam::123456789012:role/x\n`,
      '[k]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n');
    expect(p.create.filter((c) => c.kind === 'console-role')).toEqual([]);
    expect(skips(p).filter(([l]) => l !== 'k (keys)')).toEqual([
      ['e', 'invalid', 'config', 3],
      ['l', 'invalid', 'config', 5],
      ['k', 'invalid', 'config', 7],
    ]);
    expect(p.skip.find((s) => s.label === 'e')?.reason).toMatch(/cannot send an external ID/);
    expect(p.skip.find((s) => s.label === 'l')?.reason).toMatch(/^role_arn \(path and name together\) must be at most 64/);
  });

  it('a role whose source_profile is a console role is skipped: a console role has no credentials', () => {
    const p = plan('[profile cr]\nrole_arn = arn:aws:iam::123456789012:role/x\n[profile r]\nrole_arn = arn:aws:iam::123456789012:role/y\nsource_profile = cr\n');
    expect(p.create.map((c) => [c.label, c.kind])).toEqual([['cr', 'console-role']]);
    expect(skips(p)).toEqual([['r', 'source_skipped', 'config', 5]]);
    expect(p.skip[0]?.reason).toMatch(/is a console role: it has no credentials/);
    const inVault = plan('[profile r]\nrole_arn = arn:aws:iam::123456789012:role/y\nsource_profile = cr\n', undefined, [{ label: 'cr', kind: 'console-role' }]);
    expect(skips(inVault)).toEqual([['r', 'source_skipped', 'config', 3]]);
  });

  it('a role naming itself as source is a cycle', () => {
    const p = plan('[profile r]\nrole_arn = arn:aws:iam::123456789012:role/x\nsource_profile = r\n');
    expect(skips(p)).toEqual([['r', 'cycle', 'config', 3]]);
  });

  it('a role whose source has no credentials uses the vault identity of that label', () => {
    const p = plan('[profile base]\nregion = us-east-1\n[profile r]\nrole_arn = arn:aws:iam::123456789012:role/x\nsource_profile = base\n', undefined, [{ label: 'base', kind: 'user' }]);
    expect(p.create).toEqual([expect.objectContaining({ label: 'r', sourceLabel: 'base' })]);
    expect(skips(p)).toEqual([['base', 'no_credentials', 'config', 1]]);
  });

  it('chains of any depth resolve in order; a loop below a chain skips the chain', () => {
    let text = `[profile r0]\n${KEYS}`;
    const n = 300;
    for (let i = 1; i <= n; i++) text += `[profile r${i}]\nrole_arn = arn:aws:iam::123456789012:role/r${i}\nsource_profile = r${i - 1}\n`;
    const p = plan(text);
    expect(p.create.length).toBe(n + 1);
    expect(p.create.map((c) => c.label)).toEqual(Array.from({ length: n + 1 }, (_, i) => `r${i}`));
    expect((p.create[n] as PlannedRole).sourceLabel).toBe(`r${n - 1}`);

    const looped = plan(text.replace(/\[profile r0\][^[]*/, '[profile r0]\nrole_arn = arn:aws:iam::123456789012:role/r0\nsource_profile = r3\n'));
    expect(looped.create).toEqual([]);
    expect(looped.skip.filter((s) => s.code === 'cycle').map((s) => s.label)).toEqual(['r0', 'r1', 'r2', 'r3']);
    expect(looped.skip.filter((s) => s.code === 'source_skipped').length).toBe(n - 3);
  });

  it('invalid region and profile names are skipped with the offending line', () => {
    const p = plan(`[profile ok]\n${KEYS}region = us_west-2\n[profile ${'x'.repeat(65)}]\n${KEYS}`);
    expect(skips(p)).toEqual([
      ['ok', 'invalid', 'config', 4],
      ['x'.repeat(65), 'invalid', 'config', 5],
    ]);
    expect(p.skip[0]?.reason).toBe('region must look like us-east-1');
    expect(p.skip[1]?.reason).toBe('profile name must be at most 64 characters');
  });
});

describe('planning against the vault', () => {
  const text = `[profile dev]\nregion = us-east-1\n[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = dev\nregion = eu-west-1\n`;
  const creds = '[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n';

  it('same label, same fields → unchanged; different → update with the changed fields', () => {
    const existing: ExistingIdentity[] = [
      { label: 'dev', kind: 'user', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', region: 'us-east-1' },
      { label: 'admin', kind: 'role', roleArn: 'arn:aws:iam::123456789012:role/Old', sourceLabel: 'dev', region: 'us-east-1' },
    ];
    const p = plan(text, creds, existing);
    expect(p.create).toEqual([]);
    expect(p.update.map((u) => [u.identity.label, u.changes])).toEqual([['admin', ['roleArn', 'region']]]);
    expect(skips(p)).toEqual([['dev', 'unchanged', 'config', 1]]);
  });

  it('fields absent from the existing description are not compared', () => {
    const p = plan(text, creds, [
      { label: 'dev', kind: 'user', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
      { label: 'admin', kind: 'role', roleArn: 'arn:aws:iam::123456789012:role/Admin' },
    ]);
    expect(p.update).toEqual([]);
    expect(p.skip.map((s) => s.code)).toEqual(['unchanged', 'unchanged']);
  });

  it('a rotated key updates the user', () => {
    const p = plan(text, creds, [{ label: 'dev', kind: 'user', accessKeyId: 'AKIAI44QH8DHBEXAMPLE' }]);
    expect(p.update.map((u) => [u.identity.label, u.changes])).toEqual([['dev', ['accessKeyId']]]);
    expect(labels(p)).toEqual(['role:admin']);
  });

  it('the same label as another kind is a conflict; dependants are skipped', () => {
    const p = plan(text, creds, [{ label: 'dev', kind: 'role', roleArn: 'arn:aws:iam::123456789012:role/X' }]);
    expect(skips(p)).toEqual([
      ['dev', 'conflict', 'config', 1],
      ['admin', 'source_skipped', 'config', 5],
    ]);
    expect(p.skip[0]?.reason).toBe("the vault already has a role labelled 'dev'; rename one of them");
  });

  it('keys already in the vault under another label are not duplicated; roles use that identity', () => {
    const p = plan(text, creds, [{ label: 'me', kind: 'user', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }]);
    expect(skips(p)).toEqual([['dev', 'duplicate_key', 'config', 1]]);
    expect(p.skip[0]?.reason).toBe("these access keys are already in the vault as 'me'");
    expect(p.create).toEqual([expect.objectContaining({ label: 'admin', sourceLabel: 'me' })]);
  });
});

describe('robustness', () => {
  function rng(seed: number): () => number {
    let s = seed >>> 0;
    return () => {
      s = (s * 1664525 + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
  }
  const ALPHABET = ['[', ']', '=', ':', ';', '#', ' ', '\t', '\n', '\r\n', '\r', '"', "'", '\\', 'profile ', 'default', 'role_arn', 'source_profile', 'a', 'b', 'x', '0', '\u0000', '\uFEFF', 'é', '🙂', '__proto__', 'constructor'];

  it('random garbage never throws and every warning has a line', () => {
    const r = rng(42);
    for (let i = 0; i < 250; i++) {
      let s = '';
      const len = Math.floor(r() * 200);
      for (let j = 0; j < len; j++) s += ALPHABET[Math.floor(r() * ALPHABET.length)];
      const p = plan(s, s.split('').reverse().join(''));
      for (const w of p.warnings) expect(w.line).toBeGreaterThanOrEqual(1);
      expect(() => toPlanView(p)).not.toThrow();
    }
  });

  it('every truncation of the fixtures never throws', () => {
    const texts = [errors('config.errors.ini'), cli('config.role.mfa.ini'), cli('config.s3-nested.ini'), cli('config.sso-session.shared.ini')];
    const creds = errors('credentials.errors.ini');
    for (const t of texts) {
      for (let n = 0; n <= t.length; n += 7) {
        const p = plan(t.slice(0, n), creds.slice(0, n));
        expectNoSecrets(p);
      }
    }
  });

  it('a profile named __proto__ is an ordinary profile', () => {
    const p = plan('[profile __proto__]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n');
    expect(labels(p)).toEqual(['user:__proto__']);
  });
});

describe('limits', () => {
  it('a very deep chain is cut at MAX_CHAIN_DEPTH instead of overflowing the stack', () => {
    const n = 2500;
    let text = '[profile r0]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n';
    // Dependants first, so resolving the first profile walks the whole chain.
    for (let i = n; i >= 1; i--) text += `[profile r${i}]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = r${i - 1}\n`;
    const p = planAwsImport(parseAwsConfig(text), []);
    expect(p.create.length + p.skip.length).toBe(n + 1);
    expect(p.skip.some((s) => s.reason === 'source_profile chain is deeper than 1000 roles')).toBe(true);
  });
});

describe('secrets in broken credentials text', () => {
  it('a session token split over lines (with = padding) is never quoted', () => {
    const token = 'IQoJb3JpZ2luX2VjEHoaCXVzLWVhc3QtMSJHMEUCIQDexampletokenAAAA';
    const creds = `[t]\naws_access_key_id = ASIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\naws_session_token = ${token.slice(0, 20)}\n${token.slice(20, 30)}==\n${token.slice(30)}\n`;
    const p = planAwsImport(parseAwsConfig('', creds), []);
    const text = JSON.stringify(p.warnings).toLowerCase();
    expect(text).not.toContain(token.slice(20, 30).toLowerCase());
    expect(text).not.toContain(token.slice(30).toLowerCase());
    expect(p.warnings.map((w) => w.line)).toEqual([5, 6]);
  });
});

describe('toExistingIdentities', () => {
  it('maps stored identities (no secrets) with source labels; unset fields compare as unset', () => {
    const stored = [
      { id: 'u', kind: 'user', label: 'dev', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: SECRETS[0], createdAt: 1, updatedAt: 1 },
      { id: 'r', kind: 'role', label: 'admin', roleArn: 'arn:aws:iam::123456789012:role/Admin', sourceId: 'u', createdAt: 1, updatedAt: 1 },
      { id: 'x', kind: 'unknown', label: 'future', createdAt: 1, updatedAt: 1 },
    ];
    const existing = toExistingIdentities(stored);
    expect(JSON.stringify(existing)).not.toContain(SECRETS[0]);
    expect(existing[1]).toMatchObject({ label: 'admin', kind: 'role', sourceLabel: 'dev' });
    expect(existing[2]).toEqual({ label: 'future', kind: 'unknown' });
    const p = planAwsImport(
      parseAwsConfig('[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = dev\nregion = eu-west-1\n'),
      existing,
    );
    expect(p.update.map((u) => [u.identity.label, u.changes])).toEqual([['admin', ['region']]]);
  });
});

describe('showName (names quoted in the preview)', () => {
  it('replaces controls and format characters (a bidi override would reorder the preview text)', () => {
    expect(showName('prod\u202Eved')).toBe('prod ved');
    expect(showName('a\u200Bb\u0007c')).toBe('a b c');
    expect(showName('x'.repeat(70))).toHaveLength(64);
  });
});
