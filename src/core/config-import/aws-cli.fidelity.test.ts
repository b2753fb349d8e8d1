/**
 * Where the importer must read `~/.aws/config` as the AWS CLI (botocore) does: issue 10, items 7, 8, 15, 17.
 * Each expectation was checked against botocore 1.43 with test/support/botocore_resolve.py on the same text.
 */
import { describe, expect, it } from 'vitest';
import { parseAwsConfig, planAwsImport, toPlanView, type ConfigImportPlan, type ExistingIdentity } from './aws-cli.ts';

const KEY_A = 'AKIAIOSFODNN7EXAMPLE';
const KEY_B = 'AKIAI44QH8DHBEXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const keys = (id: string) => `aws_access_key_id = ${id}\naws_secret_access_key = ${SECRET}\n`;
const ARN = (name: string) => `arn:aws:iam::123456789012:role/${name}`;

function plan(config: string, credentials?: string, existing: ExistingIdentity[] = []): ConfigImportPlan {
  return planAwsImport(parseAwsConfig(config, credentials), existing);
}
const labels = (p: ConfigImportPlan) => p.create.map((c) => `${c.kind}:${c.label}`);
const skips = (p: ConfigImportPlan) => p.skip.map((s) => [s.label, s.code, s.file, s.line]);
const warningsAt = (p: ConfigImportPlan) => p.warnings.map((w) => `${w.file}:${w.line}`);

describe('duration_seconds as botocore reads it (issue 10 #17)', () => {
  const text = (duration: string) =>
    `[profile base]\n${keys(KEY_A)}[profile r]\nrole_arn = ${ARN('R')}\nsource_profile = base\nduration_seconds = ${duration}\n` +
    `[profile r2]\nrole_arn = ${ARN('R2')}\nsource_profile = r\n`;

  it('a non-integer duration_seconds is ignored with a warning; the role and the roles chained from it are imported', () => {
    for (const bad of ['1h', '3600.0', '1e3', '0x100', '36 00', '3__600', '_3600']) {
      const p = plan(text(bad));
      expect(labels(p), bad).toEqual(['user:base', 'role:r', 'role:r2']);
      expect(p.create[1], bad).not.toHaveProperty('durationSeconds');
      expect(p.skip, bad).toEqual([]);
      expect(p.warnings, bad).toEqual([
        { file: 'config', line: 7, message: "duration_seconds of 'r' is not a whole number; ignored, as the AWS CLI does (the role gets STS's default of 1 hour)" },
      ]);
    }
  });

  it('integers are read as Python int() reads them (spaces, sign, underscores, leading zeros, other scripts)', () => {
    for (const [v, n] of [['3600', 3600], ['+3600', 3600], ['3_600', 3600], ['0003600', 3600], ['\u0663\u0666\u0660\u0660', 3600], ['\u{1D7D1}\u{1D7D4}\u{1D7CE}\u{1D7CE}', 3600]] as const) {
      const p = plan(text(v));
      expect(p.create[1], v).toMatchObject({ label: 'r', durationSeconds: n });
      expect(p.warnings, v).toEqual([]);
    }
  });

  it('integers out of range are still refused (STS would refuse them), and so are the roles chained from them', () => {
    for (const v of ['-5', '0', '899', '43201', '99999999999999999999']) {
      const p = plan(text(v));
      expect(skips(p), v).toEqual([
        ['r', 'invalid', 'config', 7],
        ['r2', 'source_skipped', 'config', 10],
      ]);
      expect(p.skip[0]?.reason).toBe('duration_seconds must be an integer from 900 to 43200');
    }
  });
});

describe('a profile with access keys and a role (issue 10 #7, #8)', () => {
  it('#7: source_profile naming the profile itself, with keys, is its role assumed with its own keys', () => {
    const p = plan(`[profile self]\nrole_arn = ${ARN('Self')}\nsource_profile = self\n${keys(KEY_A)}`);
    expect(p.create).toEqual([
      { kind: 'user', label: 'self (keys)', accessKeyId: KEY_A, secretAccessKey: SECRET, line: 4, file: 'config' },
      { kind: 'role', label: 'self', roleArn: ARN('Self'), sourceLabel: 'self (keys)', line: 1, file: 'config' },
    ]);
    expect(p.skip).toEqual([]);
    expect(p.warnings).toEqual([
      {
        file: 'config',
        line: 4,
        message: "profile 'self' has access keys and a role: it assumes its role with its own keys (source_profile names itself), as the AWS CLI does; the keys are imported as user 'self (keys)'",
      },
    ]);
  });

  it('#7: the keys may be in ~/.aws/credentials; without keys a self-reference is still a loop', () => {
    const p = plan(`[profile self]\nrole_arn = ${ARN('Self')}\nsource_profile = self\n`, `[self]\n${keys(KEY_A)}`);
    expect(labels(p)).toEqual(['user:self (keys)', 'role:self']);
    expect(p.create[0]).toMatchObject({ file: 'credentials', line: 2 });
    const q = plan(`[profile self]\nrole_arn = ${ARN('Self')}\nsource_profile = self\n`);
    expect(skips(q)).toEqual([['self', 'cycle', 'config', 3]]);
  });

  it('#8: as a source_profile, a profile with keys and a role gives its keys (not its role); used directly it is its role', () => {
    const p = plan(
      `[profile base]\n${keys(KEY_A)}` +
        `[profile mid]\n${keys(KEY_B)}role_arn = ${ARN('Mid')}\nsource_profile = base\n` +
        `[profile top]\nrole_arn = ${ARN('Top')}\nsource_profile = mid\n`,
    );
    expect(p.create).toEqual([
      { kind: 'user', label: 'base', accessKeyId: KEY_A, secretAccessKey: SECRET, line: 1, file: 'config' },
      { kind: 'user', label: 'mid (keys)', accessKeyId: KEY_B, secretAccessKey: SECRET, line: 5, file: 'config' },
      { kind: 'role', label: 'mid', roleArn: ARN('Mid'), sourceLabel: 'base', line: 4, file: 'config' },
      { kind: 'role', label: 'top', roleArn: ARN('Top'), sourceLabel: 'mid (keys)', line: 9, file: 'config' },
    ]);
    expect(p.warnings).toEqual([
      {
        file: 'config',
        line: 5,
        message: "profile 'mid' has access keys and a role: used directly it is its role, but as the source_profile of 'top' the AWS CLI uses its keys, not its role; the keys are imported as user 'mid (keys)'",
      },
    ]);
    const shown = JSON.stringify([toPlanView(p), p.warnings, p.skip]);
    expect(shown).not.toContain(SECRET);
    expect(shown).not.toContain(KEY_B);
    expect(toPlanView(p).create.map((v) => [v.label, v.kind === 'role' ? v.sourceLabel : v.kind === 'user' ? v.accessKeyIdMasked : v.roleName])).toEqual([
      ['base', 'AKIA…MPLE'],
      ['mid (keys)', 'AKIA…MPLE'],
      ['mid', 'base'],
      ['top', 'mid (keys)'],
    ]);
  });

  it('#8: the profile’s mfa_serial and region belong to its role; the keys user gets the region, not the MFA device', () => {
    const p = plan(`[profile self]\nrole_arn = ${ARN('Self')}\nsource_profile = self\nmfa_serial = arn:aws:iam::123456789012:mfa/me\nregion = eu-west-1\n${keys(KEY_A)}`);
    expect(p.create).toEqual([
      { kind: 'user', label: 'self (keys)', accessKeyId: KEY_A, secretAccessKey: SECRET, region: 'eu-west-1', line: 6, file: 'config' },
      { kind: 'role', label: 'self', roleArn: ARN('Self'), sourceLabel: 'self (keys)', mfaSerial: 'arn:aws:iam::123456789012:mfa/me', region: 'eu-west-1', line: 1, file: 'config' },
    ]);
  });

  it('#8: the keys are used even when the profile’s own role cannot be imported', () => {
    const p = plan(`[profile mid]\n${keys(KEY_B)}role_arn = ${ARN('Mid')}\n[profile top]\nrole_arn = ${ARN('Top')}\nsource_profile = mid\n`);
    expect(labels(p)).toEqual(['user:mid (keys)', 'role:top']);
    expect(skips(p)).toEqual([['mid', 'invalid', 'config', 4]]);
    expect(p.create[1]).toMatchObject({ sourceLabel: 'mid (keys)' });
  });

  it('#8: keys nobody uses as a source are not imported, and the preview says why', () => {
    const p = plan(`[profile base]\n${keys(KEY_A)}[profile mid]\n${keys(KEY_B)}role_arn = ${ARN('Mid')}\nsource_profile = base\n`);
    expect(labels(p)).toEqual(['user:base', 'role:mid']);
    expect(p.warnings).toEqual([
      {
        file: 'config',
        line: 5,
        message: "profile 'mid' has access keys and a role: the AWS CLI uses the keys only when another profile names 'mid' as source_profile, and none does; the keys are not imported",
      },
    ]);
  });

  it('#8: a loop back to a profile with keys breaks there (as botocore: only the profile that starts the loop fails)', () => {
    // a → b → a, where a has keys: used directly, botocore refuses a (a loop); b is assumed with a's keys.
    const p = plan(`[profile a]\n${keys(KEY_A)}role_arn = ${ARN('A')}\nsource_profile = b\n[profile b]\nrole_arn = ${ARN('B')}\nsource_profile = a\n`);
    expect(labels(p)).toEqual(['user:a (keys)', 'role:b']);
    expect(p.create[1]).toMatchObject({ label: 'b', sourceLabel: 'a (keys)' });
    expect(skips(p)).toEqual([['a', 'cycle', 'config', 5]]);
  });

  it('#8: the keys label is unique and at most 64 characters; invalid keys make the roles that use them source_skipped', () => {
    const long = 'x'.repeat(64);
    const p = plan(
      `[profile "mid (keys)"]\nregion = us-east-1\n[profile mid]\n${keys(KEY_B)}role_arn = ${ARN('Mid')}\nsource_profile = mid\n` +
        `[profile ${long}]\n${keys(KEY_A)}role_arn = ${ARN('L')}\nsource_profile = ${long}\n` +
        `[profile bad]\naws_access_key_id = nonsense\naws_secret_access_key = ${SECRET}\nrole_arn = ${ARN('Bad')}\nsource_profile = bad\n`,
    );
    expect(p.create.map((c) => c.label)).toEqual(['mid (keys, 2)', `${'x'.repeat(56)}… (keys)`, 'mid', long]);
    expect(skips(p)).toEqual([
      ['mid (keys)', 'no_credentials', 'config', 1],
      ['bad (keys)', 'invalid', 'config', 14],
      ['bad', 'source_skipped', 'config', 17],
    ]);
  });

  it('#8: keys already in the vault under another label are used instead', () => {
    const p = plan(`[profile mid]\n${keys(KEY_B)}role_arn = ${ARN('Mid')}\nsource_profile = mid\n`, undefined, [{ label: 'me', kind: 'user', accessKeyId: KEY_B }]);
    expect(labels(p)).toEqual(['role:mid']);
    expect(p.create[0]).toMatchObject({ sourceLabel: 'me' });
    expect(skips(p)).toEqual([['mid (keys)', 'duplicate_key', 'config', 2]]);
  });
});

describe('smaller config-file differences (issue 10 #15)', () => {
  it('[ profile x ] and [ default ] (a space after [) are not profiles for the AWS CLI: ignored with a warning; [profile x ] is x', () => {
    const parsed = parseAwsConfig(`[ profile x ]\n${keys(KEY_A)}[ default]\n${keys(KEY_A)}[default ]\nregion = us-east-1\n[profile y ]\n${keys(KEY_B)}`);
    expect(parsed.profiles.map((p) => p.name)).toEqual(['y']);
    expect(parsed.warnings).toEqual([
      { file: 'config', line: 1, message: "section [ profile x ] has spaces inside its brackets: the AWS CLI does not read it as a profile (write [profile x]); ignored" },
      { file: 'config', line: 4, message: "section [ default] has spaces inside its brackets: the AWS CLI does not read it as a profile (write [default]); ignored" },
      { file: 'config', line: 7, message: "section [default ] has spaces inside its brackets: the AWS CLI does not read it as a profile (write [default]); ignored" },
    ]);
  });

  it('[ x ] in ~/.aws/credentials is a profile named " x " for the AWS CLI, not x: ignored with a warning', () => {
    const p = plan(`[profile r]\nrole_arn = ${ARN('R')}\nsource_profile = x\n`, `[ x ]\n${keys(KEY_A)}`);
    expect(p.create).toEqual([]);
    expect(skips(p)).toEqual([['r', 'source_missing', 'config', 3]]);
    expect(p.warnings).toEqual([
      { file: 'credentials', line: 1, message: "section [ x ] has spaces inside its brackets: the AWS CLI reads it as a profile named ' x ' (spaces included), not 'x'; ignored (write [x])" },
    ]);
  });

  it('[profile x] in ~/.aws/credentials is the profile "profile x", as the AWS CLI reads it (not x)', () => {
    const p = plan(`[profile x]\nregion = us-east-1\n`, `[profile x]\n${keys(KEY_A)}`);
    expect(labels(p)).toEqual(['user:profile x']);
    expect(skips(p)).toEqual([['x', 'no_credentials', 'config', 1]]);
    expect(p.warnings).toEqual([
      { file: 'credentials', line: 1, message: "the AWS CLI reads [profile x] in ~/.aws/credentials as a profile named 'profile x', not 'x' (there, write [x]); read as 'profile x'" },
    ]);
  });

  it('keys split across the two files are refused, as by the AWS CLI (it reads both keys, and the token, from one file)', () => {
    const p = plan(
      `[profile a]\naws_access_key_id = ${KEY_A}\n[profile b]\naws_secret_access_key = ${SECRET}\n[profile c]\n${keys(KEY_A)}[profile d]\n${keys(KEY_B)}aws_session_token = tok\n`,
      `[a]\naws_secret_access_key = ${SECRET}\n[b]\naws_access_key_id = ${KEY_B}\n[c]\naws_session_token = tok\n[d]\nregion = us-east-1\n`,
    );
    expect(skips(p)).toEqual([
      ['a', 'invalid', 'config', 2],
      ['d', 'session_token', 'config', 11],
      ['b', 'invalid', 'credentials', 4],
    ]);
    expect(JSON.stringify([p.skip, p.warnings])).not.toContain(SECRET);
    expect(p.skip[0]?.reason).toBe('aws_access_key_id is in ~/.aws/config but aws_secret_access_key is not (it is in ~/.aws/credentials; the AWS CLI reads both from the same file)');
    expect(p.skip[2]?.reason).toBe('aws_access_key_id is in ~/.aws/credentials but aws_secret_access_key is not (it is in ~/.aws/config; the AWS CLI reads both from the same file)');
    // c: the token in the other file is not used with these keys, so they are long-term keys.
    expect(labels(p)).toEqual(['user:c']);
  });

  it('a repeated section or setting: the AWS CLI refuses the whole file; the warning says so (Sigvault merges, later values win)', () => {
    const p = plan(`[profile a]\n${keys(KEY_A)}region = us-east-1\nregion = eu-west-1\n[profile a]\nregion = eu-west-2\n`);
    expect(p.warnings).toEqual([
      { file: 'config', line: 5, message: "setting 'region' repeats line 4 in this section: the AWS CLI refuses a file with a repeated setting; here the later value is used" },
      { file: 'config', line: 6, message: "profile 'a' is defined again (first at line 1): the AWS CLI refuses a file with a repeated section; here the two are merged, later values win" },
    ]);
    expect(p.create).toEqual([expect.objectContaining({ label: 'a', region: 'eu-west-2' })]);
  });

  it('role_arn + web_identity_token_file is a web-identity role even with source_profile (botocore ignores source_profile then)', () => {
    const p = plan(`[profile base]\n${keys(KEY_A)}[profile w]\nrole_arn = ${ARN('W')}\nweb_identity_token_file = /var/run/token\nsource_profile = base\n[profile r]\nrole_arn = ${ARN('R')}\nsource_profile = w\n`);
    expect(labels(p)).toEqual(['user:base']);
    expect(skips(p)).toEqual([
      ['w', 'web_identity', 'config', 6],
      ['r', 'source_skipped', 'config', 10],
    ]);
  });

  it('login_session profiles (aws login) are skipped with a reason; keys in ~/.aws/credentials come first, keys in config after', () => {
    const p = plan(
      `[profile l]\nlogin_session = arn:aws:iam::123456789012:user/l\n[profile lk]\nlogin_session = arn:aws:iam::123456789012:user/l\n${keys(KEY_A)}[profile lc]\nlogin_session = arn:aws:iam::123456789012:user/l\n`,
      `[lc]\n${keys(KEY_B)}`,
    );
    expect(labels(p)).toEqual(['user:lc']);
    expect(skips(p)).toEqual([
      ['l', 'login_session', 'config', 2],
      ['lk', 'login_session', 'config', 4],
    ]);
    expect(p.skip[0]?.reason).toBe('login_session: credentials from `aws login` (a browser sign-in the AWS CLI keeps in its cache) cannot be imported');
  });

  it('SSO is the profile’s source only with sso_account_id / sso_role_name (as botocore); keys win over a bare sso_start_url', () => {
    const p = plan(`[profile s]\nsso_start_url = https://example.awsapps.com/start\n${keys(KEY_A)}[profile t]\nsso_account_id = 123456789012\nsso_role_name = Read\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n${keys(KEY_B)}`);
    expect(labels(p)).toEqual(['user:s', 'sso:t']);
    expect(skips(p)).toEqual([]);
  });

  it('[DEFAULT] is warned about: the AWS CLI adds its settings to every section of that file', () => {
    const parsed = parseAwsConfig('[DEFAULT]\nregion = us-east-1\n');
    expect(parsed.warnings).toEqual([
      { file: 'config', line: 1, message: 'section [DEFAULT]: the AWS CLI adds its settings to every section of this file; Sigvault ignores them (move them into the profiles)' },
    ]);
  });
});
