import { describe, expect, it } from 'vitest';
import type { AssumedRole, IamUser, UnknownIdentity } from '../vault/identity.ts';
import { parseAwsConfig, planAwsImport, type PlannedRole } from './aws-cli.ts';
import { exportAwsConfig, profileNameFor } from './export.ts';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const t = { createdAt: 1, updatedAt: 1 };
const user: IamUser = { ...t, id: 'u1', kind: 'user', label: 'dev', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: SECRET, region: 'us-east-1', mfaSerial: 'arn:aws:iam::123456789012:mfa/dev' };
const user2: IamUser = { ...t, id: 'u2', kind: 'user', label: 'Ops Team (main)', accessKeyId: 'AKIAI44QH8DHBEXAMPLE', secretAccessKey: SECRET };
const admin: AssumedRole = {
  ...t,
  id: 'r1',
  kind: 'role',
  label: 'admin',
  roleArn: 'arn:aws:iam::123456789012:role/Admin',
  sourceId: 'u1',
  mfaSerial: 'arn:aws:iam::123456789012:mfa/dev',
  externalId: 'ext-42',
  durationSeconds: 7200,
  sessionName: 'alice',
  region: 'eu-west-1',
  color: '#ff0000',
};
const chained: AssumedRole = { ...t, id: 'r2', kind: 'role', label: 'deep', roleArn: 'arn:aws:iam::210987654321:role/Deep', sourceId: 'r1' };
const ops: AssumedRole = { ...t, id: 'r3', kind: 'role', label: 'ops/read only', roleArn: 'arn:aws:iam::210987654321:role/Read', sourceId: 'u2' };
const orphan: AssumedRole = { ...t, id: 'r4', kind: 'role', label: 'orphan', roleArn: 'arn:aws:iam::210987654321:role/O', sourceId: 'gone' };
const unknown: UnknownIdentity = { ...t, id: 'x1', kind: 'unknown', storedKind: 'sso', label: 'future', data: { secret: 'shh' } };

describe('exportAwsConfig', () => {
  const text = exportAwsConfig([chained, admin, user, user2, ops, orphan, unknown]);

  it('writes users and roles as profiles, no secrets', () => {
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('AKIA');
    expect(text).not.toContain('shh');
    expect(text).toContain('[profile dev]\n# IAM user: access keys not exported\nregion = us-east-1\nmfa_serial = arn:aws:iam::123456789012:mfa/dev\n');
    expect(text).toContain(
      '[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = dev\nmfa_serial = arn:aws:iam::123456789012:mfa/dev\nexternal_id = ext-42\nduration_seconds = 7200\nrole_session_name = alice\nregion = eu-west-1\n',
    );
    expect(text).toContain('[profile deep]\nrole_arn = arn:aws:iam::210987654321:role/Deep\nsource_profile = admin\n');
    expect(text).toContain('[profile Ops-Team-main]\n# Sigvault label: Ops Team (main)\n');
    expect(text).toContain('[profile ops-read-only]\n# Sigvault label: ops/read only\nrole_arn = arn:aws:iam::210987654321:role/Read\nsource_profile = Ops-Team-main\n');
    expect(text).toContain('[profile orphan]\nrole_arn = arn:aws:iam::210987654321:role/O\n# source identity is not exported: set source_profile\n');
    expect(text).toContain('# Not exported (kinds this export does not know): future');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('round-trips: export → parse → plan gives the same roles', () => {
    const parsed = parseAwsConfig(text);
    const existingUsers = [
      { label: 'dev', kind: 'user' },
      { label: 'Ops-Team-main', kind: 'user' },
    ];
    const plan = planAwsImport(parsed, existingUsers);
    const roles = plan.create.filter((c): c is PlannedRole => c.kind === 'role');
    const strip = ({ line: _l, file: _f, ...rest }: PlannedRole) => rest;
    expect(roles.map(strip)).toEqual([
      {
        kind: 'role',
        label: 'admin',
        roleArn: admin.roleArn,
        sourceLabel: 'dev',
        mfaSerial: admin.mfaSerial,
        externalId: 'ext-42',
        durationSeconds: 7200,
        sessionName: 'alice',
        region: 'eu-west-1',
      },
      { kind: 'role', label: 'deep', roleArn: chained.roleArn, sourceLabel: 'admin' },
      { kind: 'role', label: 'ops-read-only', roleArn: ops.roleArn, sourceLabel: 'Ops-Team-main' },
    ]);
    expect(plan.skip.map((s) => [s.label, s.code])).toEqual([
      ['dev', 'no_credentials'],
      ['Ops-Team-main', 'no_credentials'],
    ]);
    // a role whose source was not exported has no source_profile: it comes back as a console role
    expect(plan.create.filter((c) => c.kind === 'console-role').map((c) => c.label)).toEqual(['orphan']);
    expect(plan.warnings).toEqual([]);
  });

  it('sanitises and de-duplicates profile names; default stays [default]', () => {
    expect(profileNameFor('a b/c')).toBe('a-b-c');
    expect(profileNameFor('   ')).toBe('profile');
    expect(profileNameFor('[x]\nnew')).toBe('x-new');
    expect(profileNameFor('Prod read-only (chained)')).toBe('Prod-read-only-chained');
    expect(profileNameFor(`${'a'.repeat(63)} b`)).toBe('a'.repeat(63)); // cut at 64 on the separator: no trailing dash
    const out = exportAwsConfig([
      { id: '1', kind: 'user', label: 'default' },
      { id: '2', kind: 'user', label: 'a b' },
      { id: '3', kind: 'user', label: 'a/b' },
    ]);
    expect(out).toContain('\n[default]\n');
    expect(out).toContain('[profile a-b]');
    expect(out).toContain('[profile a-b-2]');
    const back = parseAwsConfig(out);
    expect(back.profiles.map((p) => p.name)).toEqual(['default', 'a-b', 'a-b-2']);
    expect(back.warnings).toEqual([]);
  });

  it('an empty vault exports only the header comment', () => {
    const out = exportAwsConfig([]);
    expect(parseAwsConfig(out)).toEqual({ profiles: [], ssoSessions: {}, warnings: [] });
  });
});
