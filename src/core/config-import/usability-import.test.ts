/**
 * Issue 15 items 9 and 10: an import matches what the vault already holds by what it is (role ARN + source,
 * access key id), keeps the profile name an identity was imported under (export writes it unchanged, as
 * botocore reads it back), flags a role that cannot work (another partition than its source) and keys not
 * checked with AWS; an AESR base profile is mapped to a vault identity of any label.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAesrConfig, planAesrImport } from './aesr.ts';
import { parseAwsConfig, planAwsImport, toExistingIdentities, toPlanView, type VaultIdentityLike } from './aws-cli.ts';
import { exportAwsConfig, type ExportableIdentity } from './export.ts';
import { validateStoredIdentity, type StoredIdentity } from '../vault/identity.ts';
import { parsePrefs } from '../../shared/prefs-parse.ts';

const KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const OTHER_KEY = 'AKIAI44QH8DHBEXAMPLE';
const OTHER_SECRET = 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY';
const PROD = 'arn:aws:iam::222222222222:role/Admin';
const GOV = 'arn:aws-us-gov:iam::333333333333:role/Admin';

/** The vault after adding the user and the role by hand (`+ User`, `+ Role`). */
const byHand: VaultIdentityLike[] = [
  { id: 'u1', kind: 'user', label: 'Me', accessKeyId: KEY },
  { id: 'r1', kind: 'role', label: 'Prod admin', roleArn: PROD, sourceId: 'u1' },
];
const config = `[profile me]\nregion = eu-west-1\n\n[profile prod-admin]\nrole_arn = ${PROD}\nsource_profile = me\n`;
const credentials = `[me]\naws_access_key_id = ${KEY}\naws_secret_access_key = ${SECRET}\n`;

describe('matching the vault by what an identity is (item 9)', () => {
  it('a role added by hand (same role ARN and source) is updated, not created again as a pair', () => {
    const p = planAwsImport(parseAwsConfig(config, credentials), toExistingIdentities(byHand));
    expect(p.create).toEqual([]);
    const view = toPlanView(p);
    expect(view.update.map((u) => [u.identity.label, u.target, u.matchedBy, u.changes])).toEqual([
      ['me', 'Me', 'key', ['region', 'profileName']],
      ['prod-admin', 'Prod admin', 'role', ['profileName']],
    ]);
    // the role uses the vault's user (by its label) as its source
    expect(p.update[1]?.identity).toMatchObject({ kind: 'role', sourceLabel: 'Me' });
    expect(p.profileNames).toEqual({ me: 'me', 'prod-admin': 'prod-admin' });
  });

  it('once imported under a profile name, the same text again changes nothing, even after a rename', () => {
    const imported: VaultIdentityLike[] = [
      { id: 'u1', kind: 'user', label: 'Me', accessKeyId: KEY, region: 'eu-west-1', profileName: 'me' },
      { id: 'r1', kind: 'role', label: 'Production (admin)', roleArn: PROD, sourceId: 'u1', profileName: 'prod-admin' },
    ];
    const p = planAwsImport(parseAwsConfig(config, credentials), toExistingIdentities(imported));
    expect(p.create).toEqual([]);
    expect(p.update).toEqual([]);
    expect(p.skip.map((s) => [s.label, s.code])).toEqual([['me', 'duplicate_key'], ['prod-admin', 'unchanged']]);
  });

  it('the same role ARN from another source is another role: created', () => {
    const other: VaultIdentityLike[] = [...byHand, { id: 'u2', kind: 'user', label: 'ci', accessKeyId: OTHER_KEY }];
    const text = `[profile ci]\n\n[profile prod-ci]\nrole_arn = ${PROD}\nsource_profile = ci\n`;
    const p = planAwsImport(parseAwsConfig(text), toExistingIdentities(other));
    expect(p.create.map((c) => c.label)).toEqual(['prod-ci']);
    expect(p.update).toEqual([]);
  });

  it('new users are listed as keys not checked with AWS', () => {
    const text = `[profile ci]\naws_access_key_id = ${OTHER_KEY}\naws_secret_access_key = ${OTHER_SECRET}\n`;
    const view = toPlanView(planAwsImport(parseAwsConfig(text), toExistingIdentities(byHand)));
    expect(view.create.map((c) => c.label)).toEqual(['ci']);
    expect(view.uncheckedKeys).toEqual(['ci']);
  });
});

describe('what cannot work is flagged (item 9)', () => {
  it('a GovCloud role whose source is a commercial user (checked by AWS, or by its region) is skipped as invalid', () => {
    const vault: VaultIdentityLike[] = [{ id: 'u1', kind: 'user', label: 'me', accessKeyId: KEY, partition: 'aws', arn: 'arn:aws:iam::111111111111:user/me' }];
    const text = [
      `[profile gov-admin]\nrole_arn = ${GOV}\nsource_profile = me\n`,
      `[profile ci]\nregion = us-east-1\naws_access_key_id = ${OTHER_KEY}\naws_secret_access_key = ${OTHER_SECRET}\n`,
      `[profile gov-ci]\nrole_arn = ${GOV}\nsource_profile = ci\n`,
      `[profile prod]\nrole_arn = ${PROD}\nsource_profile = me\n`,
    ].join('\n');
    const p = planAwsImport(parseAwsConfig(text), toExistingIdentities(vault));
    expect(p.create.map((c) => c.label)).toEqual(['ci', 'prod']);
    const skipped = p.skip.filter((s) => s.code === 'invalid');
    expect(skipped.map((s) => [s.label, s.line])).toEqual([['gov-admin', 3], ['gov-ci', 12]]);
    expect(skipped[0]?.reason).toBe("cannot work: the role is in the aws-us-gov (GovCloud) partition but its source 'me' is in aws (commercial); AWS assumes a role only with credentials of its own partition");
  });

  it('a source whose partition is only the default (no region, no MFA device) is named as such, with the fix', () => {
    const text = `[profile ci]\naws_access_key_id = ${OTHER_KEY}\naws_secret_access_key = ${OTHER_SECRET}\n\n[profile gov-ci]\nrole_arn = ${GOV}\nsource_profile = ci\n`;
    const p = planAwsImport(parseAwsConfig(text), []);
    expect(p.skip.map((s) => [s.label, s.code])).toEqual([['gov-ci', 'invalid']]);
    expect(p.skip[0]?.reason).toContain("(it has no region or MFA device of another partition; if its keys are aws-us-gov's, set its region to one of aws-us-gov)");
  });

  it('a GovCloud role from a GovCloud user is fine', () => {
    const text = `[profile gov]\nregion = us-gov-west-1\naws_access_key_id = ${OTHER_KEY}\naws_secret_access_key = ${OTHER_SECRET}\n\n[profile gov-admin]\nrole_arn = ${GOV}\nsource_profile = gov\n`;
    const p = planAwsImport(parseAwsConfig(text), []);
    expect(p.create.map((c) => c.label)).toEqual(['gov', 'gov-admin']);
  });
});

function hasBotocore(): boolean {
  try {
    execFileSync('python3', ['-c', 'import botocore.configloader'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** botocore's own reading of a config text: profile name → its source_profile (or null). */
function botocoreProfiles(text: string): Record<string, string | null> {
  const dir = mkdtempSync(join(tmpdir(), 'sigvault-profile-names-'));
  try {
    const file = join(dir, 'config');
    writeFileSync(file, text);
    const py = 'import json,sys\nfrom botocore.configloader import load_config\nc=load_config(sys.argv[1])\nprint(json.dumps({k: v.get("source_profile") for k, v in c["profiles"].items()}))';
    return JSON.parse(execFileSync('python3', ['-c', py, file], { encoding: 'utf8', timeout: 60_000 })) as Record<string, string | null>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the profile name an identity was imported under (item 9)', () => {
  const identities: ExportableIdentity[] = [
    { id: 'u1', kind: 'user', label: 'Me', profileName: 'me' },
    { id: 'r1', kind: 'role', label: 'Prod admin', roleArn: PROD, sourceId: 'u1', profileName: 'prod-admin' },
    { id: 'r2', kind: 'role', label: 'prod-admin', roleArn: 'arn:aws:iam::222222222222:role/Other', sourceId: 'u1' },
    { id: 'r3', kind: 'role', label: 'Team', roleArn: 'arn:aws:iam::222222222222:role/Team', sourceId: 'r1', profileName: 'my "team" \\ x' },
  ];

  it('export writes it unchanged; an identity without one gets a derived name that does not take it', () => {
    const text = exportAwsConfig(identities);
    expect(text).toContain('\n[profile me]\n');
    expect(text).toContain(`\n[profile prod-admin]\n# Sigvault label: Prod admin\nrole_arn = ${PROD}\nsource_profile = me\n`);
    expect(text).not.toContain('[profile prod-admin-2]\n# Sigvault label: Prod admin');
    expect(text).toContain('\n[profile prod-admin-2]\n');
    expect(text).toContain('\n[profile "my \\"team\\" \\\\ x"]\n');
  });

  it.skipIf(!hasBotocore())('botocore reads the exported names back as they were imported', () => {
    expect(botocoreProfiles(exportAwsConfig(identities))).toEqual({ me: null, 'prod-admin': 'me', 'prod-admin-2': 'me', 'my "team" \\ x': 'prod-admin' });
  });

  it('round trip: imported, exported and imported again, nothing changes', () => {
    const first = planAwsImport(parseAwsConfig(config, credentials), []);
    expect(first.create.map((c) => c.label)).toEqual(['me', 'prod-admin']);
    // the vault as config.import writes it (profile names recorded), then renamed by the user
    const vault: VaultIdentityLike[] = [
      { id: 'u1', kind: 'user', label: 'Me, renamed', accessKeyId: KEY, region: 'eu-west-1', profileName: first.profileNames?.['me'] },
      { id: 'r1', kind: 'role', label: 'Prod admin', roleArn: PROD, sourceId: 'u1', profileName: first.profileNames?.['prod-admin'] },
    ];
    const text = exportAwsConfig(vault as ExportableIdentity[]);
    expect(Object.keys(botocoreProfilesOrEmpty(text))).toEqual(hasBotocore() ? ['me', 'prod-admin'] : []);
    const again = planAwsImport(parseAwsConfig(text, credentials), toExistingIdentities(vault));
    expect(again.create).toEqual([]);
    expect(again.update).toEqual([]);
  });

  it('a stored profileName is checked like a label on restore; a valid one is kept', () => {
    const role = (profileName: unknown) => ({ id: 'r1', kind: 'role', label: 'Prod admin', roleArn: PROD, sourceId: 'u1', createdAt: 1, updatedAt: 1, profileName }) as unknown as StoredIdentity;
    expect(validateStoredIdentity(role('prod-admin'))).toMatchObject({ profileName: 'prod-admin' });
    expect(() => validateStoredIdentity(role('x\n[profile evil]'))).toThrow(/profileName/);
    expect(() => validateStoredIdentity(role(''))).toThrow(/profileName/);
    expect(() => validateStoredIdentity(role(7))).toThrow(/profileName/);
  });
});

function botocoreProfilesOrEmpty(text: string): Record<string, string | null> {
  return hasBotocore() ? botocoreProfiles(text) : {};
}

describe('AESR base profiles mapped to vault identities (item 10)', () => {
  const aesr = [
    '[org-root]',
    'aws_account_id = 111111111111',
    '',
    '[prod-admin]',
    'aws_account_id = 222222222222',
    'role_name = Admin',
    'source_profile = org-root',
    '',
    '[dev-read]',
    'aws_account_id = 444444444444',
    'role_name = ReadOnly',
    'source_profile = org-root',
    '',
  ].join('\n');
  const vault = toExistingIdentities([
    { id: 'u1', kind: 'user', label: 'alice', accessKeyId: KEY },
    { id: 'c1', kind: 'console-role', label: 'switch', account: '555555555555', roleName: 'X' },
  ]);

  it('no identity labelled like the base: console roles, and the base is offered for mapping', () => {
    const p = planAesrImport(parseAesrConfig(aesr), vault);
    expect(p.create.map((c) => `${c.kind}:${c.label}`)).toEqual(['console-role:prod-admin', 'console-role:dev-read']);
    expect(p.aesrBases).toEqual([{ name: 'org-root', line: 1, targets: 2, account: '111111111111' }]);
  });

  it('a base mapped to a vault identity of another label: its targets are roles assumed from it', () => {
    const p = planAesrImport(parseAesrConfig(aesr), vault, { baseSources: { 'org-root': 'alice' } });
    expect(p.create.map((c) => [c.kind, c.label, c.kind === 'role' ? c.sourceLabel : ''])).toEqual([
      ['role', 'prod-admin', 'alice'],
      ['role', 'dev-read', 'alice'],
    ]);
    expect(p.aesrBases).toEqual([{ name: 'org-root', line: 1, targets: 2, account: '111111111111', source: 'alice' }]);
    expect(p.skip.find((s) => s.code === 'base_profile')?.reason).toBe("base profile: its 2 target role(s) use the vault identity 'alice'");
  });

  it("mapped to none (''), or to a console role or a label not in the vault: console roles", () => {
    for (const to of ['', 'switch', 'nobody']) {
      const p = planAesrImport(parseAesrConfig(aesr), vault, { baseSources: { 'org-root': to } });
      expect(p.create.map((c) => c.kind)).toEqual(['console-role', 'console-role']);
    }
  });

  it('the remembered mapping is kept in the sealed prefs: valid entries only', () => {
    expect(parsePrefs({ aesrBases: { 'org-root': 'u1', 'bad\u202E': 'u1', other: 'not an id!', n: 7 } }).aesrBases).toEqual({ 'org-root': 'u1' });
    expect(parsePrefs({}).aesrBases).toBeUndefined();
  });
});
