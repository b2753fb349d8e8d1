import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AssumedRole, SamlRole, SsoRole, WebIdentityRole } from '../vault/identity.ts';
import { parseAwsConfig, planAwsImport, toExistingIdentities, toPlanView, type ConfigImportPlan, type PlannedSso } from './aws-cli.ts';
import { exportAwsConfig } from './export.ts';
import { sourceLabelFor } from './sso.ts';

const ROOT = join(import.meta.dirname, '../../..');
const FIXTURE = readFileSync(join(ROOT, 'test/fixtures/aws-config/botocore/sigvault/sso.config.ini'), 'utf8');
const CORP = 'https://corp-portal.awsapps.com/start';
const OTHER = 'https://other-portal.awsapps.com/start';

const labels = (p: ConfigImportPlan) => p.create.map((c) => `${c.kind}:${c.label}`);
const skips = (p: ConfigImportPlan) => p.skip.map((s) => [s.label, s.code, s.line]);
const plan = (text: string, ...rest: Parameters<typeof planAwsImport> extends [unknown, ...infer R] ? R : never) => planAwsImport(parseAwsConfig(text), ...rest);

describe('IAM Identity Center profiles (sigvault/sso.config.ini)', () => {
  const p = plan(FIXTURE, []);

  it('imports sso-session and legacy profiles as sso identities, and roles chained from them', () => {
    expect(labels(p)).toEqual(['sso:dev', 'sso:prod', 'sso:legacy-same-instance', 'sso:second-instance', 'role:deploy', 'role:deeper']);
    expect(p.create[0]).toEqual({ kind: 'sso', label: 'dev', startUrl: CORP, ssoRegion: 'eu-west-1', accountId: '111122223333', roleName: 'Developer', region: 'eu-central-1', sourceLabel: 'corp', line: 12, file: 'config' });
    expect(p.create[4]).toMatchObject({ kind: 'role', label: 'deploy', sourceLabel: 'dev', region: 'us-west-2' });
    expect(p.create[5]).toMatchObject({ kind: 'role', label: 'deeper', sourceLabel: 'deploy' });
  });

  it('profiles sharing a start URL + region share one source (the legacy form included)', () => {
    expect(p.ssoSources).toEqual([
      { label: 'corp', startUrl: CORP, region: 'eu-west-1' },
      { label: 'other', startUrl: OTHER, region: 'us-east-1' },
    ]);
  });

  it('skips malformed profiles with a reason naming the line (as botocore refuses, or as the portal would)', () => {
    expect(skips(p)).toEqual([
      ['bad-account', 'invalid', 45],
      ['no-role', 'invalid', 49],
      ['not-identity-center', 'invalid', 53],
      ['mismatched-region', 'invalid', 60],
      ['missing-session', 'invalid', 65],
      ['bad-role-name', 'invalid', 72],
      ['session-only', 'sso', 75],
    ]);
    const reason = (l: string) => p.skip.find((s) => s.label === l)?.reason ?? '';
    expect(reason('bad-account')).toMatch(/sso_account_id must be a 12-digit AWS account id \(got '12345'\)/);
    expect(reason('no-role')).toMatch(/without sso_role_name/);
    expect(reason('not-identity-center')).toMatch(/not an IAM Identity Center start URL/);
    expect(reason('mismatched-region')).toBe("sso_region is 'us-east-1' in the profile but 'eu-west-1' in [sso-session corp] (line 5); the AWS CLI refuses a profile whose values disagree with its sso-session");
    expect(reason('missing-session')).toMatch(/\[sso-session nowhere\] section does not exist/);
  });

  it('botocore functional cases: mismatched values and a missing sso-session are refused', () => {
    const dir = join(ROOT, 'test/fixtures/aws-config/botocore/functional');
    const mismatched = plan(readFileSync(join(dir, 'sso_mismatched_session_values.ini'), 'utf8'), []);
    expect(skips(mismatched)).toEqual([['sso-test', 'invalid', 4]]);
    expect(mismatched.skip[0]?.reason).toMatch(/sso_start_url is 'https:\/\/test2.awsapps.com\/start' in the profile but 'https:\/\/test.awsapps.com\/start'/);
    const missing = plan(readFileSync(join(dir, 'sso_missing_sso_session.ini'), 'utf8'), []);
    expect(skips(missing)).toEqual([['sso-test', 'invalid', 3]]);
    expect(missing.skip[0]?.reason).toMatch(/does not exist/);
  });

  it('a role sourced from a skipped SSO profile is skipped with the reason', () => {
    const q = plan('[profile s]\nsso_start_url = https://example.com/start\nsso_region = us-east-1\nsso_account_id = 111122223333\nsso_role_name = R\n[profile r]\nrole_arn = arn:aws:iam::111122223333:role/X\nsource_profile = s\n', []);
    expect(skips(q)).toEqual([['s', 'invalid', 2], ['r', 'source_skipped', 8]]);
  });

  it('reuses a source already in the vault (same start URL + region), with the vault\'s label', () => {
    const q = plan(FIXTURE, [], [{ id: 'sso_abc', label: 'Corp (vault)', startUrl: CORP, region: 'eu-west-1' }, { id: 'sso_x', label: 'Other region', startUrl: OTHER, region: 'eu-west-1' }]);
    expect(q.ssoSources).toEqual([
      { label: 'Corp (vault)', startUrl: CORP, region: 'eu-west-1', existingId: 'sso_abc' },
      { label: 'other', startUrl: OTHER, region: 'us-east-1' },
    ]);
    const view = toPlanView(q);
    expect(view.ssoSources).toEqual([
      { label: 'Corp (vault)', startUrl: CORP, region: 'eu-west-1', existing: true },
      { label: 'other', startUrl: OTHER, region: 'us-east-1', existing: false },
    ]);
    expect(view.create[0]).toEqual({ kind: 'sso', label: 'dev', accountId: '111122223333', roleName: 'Developer', sourceLabel: 'Corp (vault)', startUrl: CORP, ssoRegion: 'eu-west-1', region: 'eu-central-1', line: 12, file: 'config' });
  });

  it('identities already in the vault: unchanged, updated, or a duplicate under another label (its label used as a source)', () => {
    const t = { createdAt: 1, updatedAt: 1 };
    const sources = [{ id: 'sso_abc', label: 'Corp', startUrl: CORP, region: 'eu-west-1' }];
    const vaultIds: SsoRole[] = [
      { ...t, id: 'a', kind: 'sso', label: 'dev', sourceId: 'sso_abc', accountId: '111122223333', roleName: 'Developer', region: 'eu-central-1' },
      { ...t, id: 'b', kind: 'sso', label: 'prod', sourceId: 'sso_abc', accountId: '444455556666', roleName: 'Admin' },
      { ...t, id: 'c', kind: 'sso', label: 'Synced / Admin', sourceId: 'sso_abc', accountId: '777788889999', roleName: 'Admin' },
    ];
    const existing = toExistingIdentities(vaultIds, sources);
    const q = plan(FIXTURE, existing, sources);
    expect(labels(q)).toEqual(['sso:second-instance', 'role:deploy', 'role:deeper']);
    expect(q.update.map((u) => [u.identity.label, u.changes])).toEqual([['prod', ['roleName']]]);
    expect(skips(q).slice(0, 2)).toEqual([['dev', 'unchanged', 12], ['legacy-same-instance', 'duplicate_sso', 23]]);
    expect(q.skip[1]?.reason).toBe("this Identity Center role (account 777788889999, Admin) is already in the vault as 'Synced / Admin'");
    // the same account and role of another instance is not a duplicate
    expect(q.create[0]).toMatchObject({ label: 'second-instance', startUrl: OTHER });
    // a chained role through the duplicate uses the vault's identity
    const r = plan(`${FIXTURE}\n[profile via-legacy]\nrole_arn = arn:aws:iam::999988887777:role/X\nsource_profile = legacy-same-instance\n`, existing, sources);
    expect(r.create.find((c) => c.label === 'via-legacy')).toMatchObject({ sourceLabel: 'Synced / Admin' });
  });

  it('a label the vault holds as another kind is a conflict', () => {
    const q = plan(FIXTURE, [{ label: 'dev', kind: 'user', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }]);
    expect(q.skip.find((s) => s.label === 'dev')).toMatchObject({ code: 'conflict' });
    expect(q.skip.find((s) => s.label === 'deploy')).toMatchObject({ code: 'source_skipped' });
  });

  it('a new source of the legacy form is labelled with the portal alias', () => {
    expect(sourceLabelFor('https://my-sso-portal.awsapps.com/start')).toBe('my-sso-portal');
    expect(sourceLabelFor('https://start.us-gov-home.awsapps.com/directory/d-123')).toBe('d-123');
    expect(sourceLabelFor('https://identitycenter.amazonaws.com/ssoins-1234567890abcdef')).toBe('identitycenter.amazonaws.com');
  });
});

// ---- export

const t = { createdAt: 1, updatedAt: 1 };
const SOURCES = [
  { id: 'sso_1', label: 'Corp Portal', startUrl: CORP, region: 'eu-west-1' },
  { id: 'sso_2', label: 'Corp Portal', startUrl: OTHER, region: 'us-east-1' },
];
const dev: SsoRole = { ...t, id: 'a', kind: 'sso', label: 'dev', sourceId: 'sso_1', accountId: '111122223333', accountName: 'Dev', roleName: 'Developer', region: 'eu-central-1' };
const prod: SsoRole = { ...t, id: 'b', kind: 'sso', label: 'Prod / ReadOnly', sourceId: 'sso_1', accountId: '444455556666', roleName: 'ReadOnly' };
const audit: SsoRole = { ...t, id: 'c', kind: 'sso', label: 'audit', sourceId: 'sso_2', accountId: '111122223333', roleName: 'Auditor' };
const orphan: SsoRole = { ...t, id: 'd', kind: 'sso', label: 'orphan-sso', sourceId: 'sso_gone', accountId: '111122223333', roleName: 'X' };
const deploy: AssumedRole = { ...t, id: 'r', kind: 'role', label: 'deploy', roleArn: 'arn:aws:iam::999988887777:role/Deploy', sourceId: 'a', region: 'us-west-2' };
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ3ZWItaWRlbnRpdHktc2VjcmV0In0.c2lnbmF0dXJlLXNlY3JldA';
const web: WebIdentityRole = { ...t, id: 'w', kind: 'web-identity', label: 'ci-web', roleArn: 'arn:aws:iam::111122223333:role/Web', webIdentityToken: TOKEN };
const saml: SamlRole = { ...t, id: 's', kind: 'saml', label: 'okta-admin', roleArn: 'arn:aws:iam::111122223333:role/Admin', principalArn: 'arn:aws:iam::111122223333:saml-provider/Okta' };

describe('export of federated identities', () => {
  const text = exportAwsConfig([dev, prod, audit, orphan, deploy, web, saml], SOURCES);

  it('writes sso identities as sso_session profiles and their sources as [sso-session] sections', () => {
    expect(text).toContain('[profile dev]\n# IAM Identity Center role: sign in with `aws sso login --profile NAME`\nsso_session = Corp-Portal\nsso_account_id = 111122223333\nsso_role_name = Developer\nregion = eu-central-1\n');
    expect(text).toContain('[profile Prod-ReadOnly]\n# Sigvault label: Prod / ReadOnly\n');
    expect(text).toContain('[sso-session Corp-Portal]\n# Sigvault source: Corp Portal\nsso_start_url = https://corp-portal.awsapps.com/start\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n');
    // two sources with the same label get distinct session names
    expect(text).toContain('[sso-session Corp-Portal-2]\n# Sigvault source: Corp Portal\nsso_start_url = https://other-portal.awsapps.com/start\nsso_region = us-east-1\n');
    expect(text).toContain('[profile audit]\n# IAM Identity Center role: sign in with `aws sso login --profile NAME`\nsso_session = Corp-Portal-2\n');
    expect(text).toContain('[profile deploy]\nrole_arn = arn:aws:iam::999988887777:role/Deploy\nsource_profile = dev\n');
  });

  it('lists SAML and web identity roles as not exported, without the web identity token', () => {
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('eyJ');
    expect(text).toMatch(/# ci-web: web identity role \(arn:aws:iam::111122223333:role\/Web\), not exported: its OIDC token is a secret and is not written here/);
    expect(text).toMatch(/# okta-admin: SAML role, not exported/);
    expect(text).toMatch(/# orphan-sso: IAM Identity Center role whose source is not in the vault, not exported/);
    expect(text).not.toContain('[profile ci-web]');
    expect(text).not.toContain('[profile okta-admin]');
  });

  it('round trip: export → import gives the same identities and sources', () => {
    const p = planAwsImport(parseAwsConfig(text), []);
    expect(p.skip).toEqual([]);
    const sso = p.create.filter((c): c is PlannedSso => c.kind === 'sso');
    const back = sso.map((c) => ({ label: c.label, startUrl: c.startUrl, ssoRegion: c.ssoRegion, accountId: c.accountId, roleName: c.roleName, region: c.region }));
    const srcOf = (i: SsoRole) => SOURCES.find((s) => s.id === i.sourceId)!;
    const byLabel = (x: { label: string }, y: { label: string }) => (x.label < y.label ? -1 : 1);
    const want = [dev, audit, { ...prod, label: 'Prod-ReadOnly' }].map((i) => ({ label: i.label, startUrl: srcOf(i).startUrl, ssoRegion: srcOf(i).region, accountId: i.accountId, roleName: i.roleName, region: i.region }));
    expect([...back].sort(byLabel)).toEqual(want.sort(byLabel));
    expect(p.create.find((c) => c.label === 'deploy')).toMatchObject({ kind: 'role', sourceLabel: 'dev', roleArn: deploy.roleArn, region: 'us-west-2' });
    expect(p.ssoSources?.map((s) => [s.startUrl, s.region])).toEqual([[CORP, 'eu-west-1'], [OTHER, 'us-east-1']]);
    // and against the vault it came from: nothing to do
    const existing = toExistingIdentities([dev, audit, { ...prod, label: 'Prod-ReadOnly' }, deploy], SOURCES);
    const again = planAwsImport(parseAwsConfig(text), existing, SOURCES);
    expect(again.create).toEqual([]);
    expect(again.update).toEqual([]);
    expect(again.skip.map((s) => s.code)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
  });
});

function hasBotocore(): boolean {
  try {
    execFileSync('python3', ['-c', 'import botocore'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!hasBotocore())('the exported text as botocore reads it', () => {
  it('resolves each sso profile to the SSO provider with its session\'s start URL and region, and the role through it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigvault-sso-export-'));
    try {
      const file = join(dir, 'config');
      writeFileSync(file, exportAwsConfig([dev, prod, audit, deploy, web, saml], SOURCES));
      const out = JSON.parse(execFileSync('python3', [join(ROOT, 'test/support/botocore_resolve.py'), file], { encoding: 'utf8', timeout: 60_000 })) as { parse: string; profiles: Record<string, unknown> };
      expect(out.parse).toBe('ok');
      expect(out.profiles).toEqual({
        dev: { kind: 'sso', accountId: '111122223333', roleName: 'Developer', startUrl: CORP, ssoRegion: 'eu-west-1', ssoSession: 'Corp-Portal' },
        'Prod-ReadOnly': { kind: 'sso', accountId: '444455556666', roleName: 'ReadOnly', startUrl: CORP, ssoRegion: 'eu-west-1', ssoSession: 'Corp-Portal' },
        audit: { kind: 'sso', accountId: '111122223333', roleName: 'Auditor', startUrl: OTHER, ssoRegion: 'us-east-1', ssoSession: 'Corp-Portal-2' },
        deploy: { kind: 'role', roleArn: deploy.roleArn, source: { kind: 'sso', accountId: '111122223333', roleName: 'Developer', startUrl: CORP, ssoRegion: 'eu-west-1', ssoSession: 'Corp-Portal' } },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
