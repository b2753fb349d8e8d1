import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeColor, parseAesrConfig, planAesrImport } from './aesr.ts';
import type { ExistingIdentity, PlannedIdentity } from './aws-cli.ts';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/aws-config');
const aesr = (name: string) => readFileSync(join(FIXTURES, 'aesr', name), 'utf8');
const skips = (p: ReturnType<typeof planAesrImport>) => p.skip.map((s) => [s.label, s.code, s.line]);

describe('AESR README examples (test/fixtures/aws-config/aesr)', () => {
  it('simple.ini: targets only; [profile x] and [x]; color normalised; quoted image ignored', () => {
    const parsed = parseAesrConfig(aesr('simple.ini'));
    expect(parsed.warnings).toEqual([]);
    expect(parsed.profiles.map((p) => p.name)).toEqual(['marketingadmin', 'anotheraccount', 'athirdaccount']);
    expect(parsed.profiles[2]?.settings['image']?.value).toBe('https://aesr.dev/img/150');

    const p = planAesrImport(parsed, [{ label: 'me', kind: 'user' }], { defaultSourceLabel: 'me' });
    expect(p.create).toEqual([
      { kind: 'role', label: 'marketingadmin', roleArn: 'arn:aws:iam::123456789012:role/marketingadmin', sourceLabel: 'me', color: '#ffaaee', line: 1, file: 'aesr' },
      { kind: 'role', label: 'anotheraccount', roleArn: 'arn:aws:iam::987654321987:role/anotherrole', sourceLabel: 'me', region: 'ap-northeast-1', line: 5, file: 'aesr' },
      { kind: 'role', label: 'athirdaccount', roleArn: 'arn:aws:iam::987654321988:role/athirdrole', sourceLabel: 'me', line: 10, file: 'aesr' },
    ]);
  });

  it('simple.ini without a default source: every target is a console role (AESR\'s own way: switch inside the console)', () => {
    const p = planAesrImport(parseAesrConfig(aesr('simple.ini')), []);
    expect(p.skip).toEqual([]);
    expect(p.create).toEqual([
      { kind: 'console-role', label: 'marketingadmin', account: '123456789012', roleName: 'marketingadmin', color: '#ffaaee', line: 1, file: 'aesr' },
      { kind: 'console-role', label: 'anotheraccount', account: '987654321987', roleName: 'anotherrole', region: 'ap-northeast-1', line: 5, file: 'aesr' },
      { kind: 'console-role', label: 'athirdaccount', account: '987654321988', roleName: 'athirdrole', line: 10, file: 'aesr' },
    ]);
    // a default source the vault does not have is still an error (the user chose it)
    const q = planAesrImport(parseAesrConfig(aesr('simple.ini')), [], { defaultSourceLabel: 'ghost' });
    expect(q.skip[0]?.reason).toBe("no identity labelled 'ghost' (the chosen source) is in the vault");
    // with a default source in the vault: roles assumed from it
    const r = planAesrImport(parseAesrConfig(aesr('simple.ini')), [{ label: 'me', kind: 'user' }], { defaultSourceLabel: 'me' });
    expect(r.create.map((c) => [c.label, c.kind])).toEqual([['marketingadmin', 'role'], ['anotheraccount', 'role'], ['athirdaccount', 'role']]);
  });

  it('complex.ini: base profiles map to vault users by label; the others\' targets are console roles switched from the base account; target_role_name; inline ; comments stripped', () => {
    const parsed = parseAesrConfig(aesr('complex.ini'));
    expect(parsed.warnings).toEqual([]);
    expect(parsed.profiles.find((p) => p.name === 'organization1')?.settings['aws_account_alias']?.value).toBe('your-account-alias');
    const existing: ExistingIdentity[] = [
      { label: 'organization1', kind: 'user' },
      { label: 'Org2-BaseAccount', kind: 'user' },
      { label: 'Org3-BaseAccount1', kind: 'user' },
    ];
    const p = planAesrImport(parsed, existing, { defaultSourceLabel: 'organization1' });
    const row = (c: PlannedIdentity) => c.kind === 'role' ? [c.label, c.roleArn, c.sourceLabel] : c.kind === 'console-role' ? [c.label, `console:${c.roleName}@${c.account}`, c.sourceAccount ?? ''] : [c.label];
    expect(p.create.map(row)).toEqual([
      ['Org1-Account1-Role1', 'arn:aws:iam::123456789012:role/Role1', 'organization1'],
      ['Org1-Account1-Role2', 'arn:aws:iam::123456789012:role/Role2', 'organization1'],
      ['Org1-Account2-Role1', 'arn:aws:iam::210987654321:role/Role1', 'organization1'],
      // baseaccount2 is not in the vault: its target is switched to inside a console signed in to 000000000000
      ['Base2-Role1', 'console:Role1@234567890123', '000000000000'],
      // an alias where AESR expects an id: no role ARN can be built, the console's switch takes the alias
      ['AnotherRole', 'console:SomeOtherRole@account-3-alias', ''],
      ['Org2-Account1-Developer', 'arn:aws:iam::222200001111:role/Developer', 'Org2-BaseAccount'], // target_role_name
      ['Org2-Account2-Manager', 'arn:aws:iam::222200002222:role/Manager', 'Org2-BaseAccount'],
      ['Org3-Account1-Role1', 'arn:aws:iam::333300001111:role/Role1', 'Org3-BaseAccount1'],
      // base Org3-BaseAccount2 (id 333300000000, alias mycompany) is not in the vault: its id is the source account
      ['Org2-Account2-Role2', 'console:Role2@222200002222', '333300000000'],
    ]);
    expect(skips(p)).toEqual([
      ['organization1', 'base_profile', 1],
      ['baseaccount2', 'base_profile', 19],
      ['Org2-BaseAccount', 'base_profile', 33],
      ['Org3-BaseAccount1', 'base_profile', 49],
      ['Org3-BaseAccount2', 'base_profile', 53],
    ]);
    const reason = (l: string) => p.skip.find((s) => s.label === l)?.reason;
    expect(reason('organization1')).toBe("base profile: its 3 target role(s) use the vault identity 'organization1'");
    expect(reason('Org3-BaseAccount2')).toBe(
      "base profile: where you sign in (account 333300000000); no identity labelled 'Org3-BaseAccount2' is in the vault, so its 1 target role(s) import as console roles, switched to inside a console signed in to it",
    );
    expect(p.warnings).toEqual([{ line: 26, file: 'aesr', message: "'AnotherRole' names its account by alias (a role ARN needs the 12-digit id): it imports as a console role" }]);
  });

  it('complex.ini with an empty vault and no default source: every target is a console role, each switched from its base account', () => {
    const p = planAesrImport(parseAesrConfig(aesr('complex.ini')), []);
    expect(p.create.every((c) => c.kind === 'console-role')).toBe(true);
    expect(p.create.map((c) => c.kind === 'console-role' ? [c.label, c.sourceAccount ?? ''] : [])).toEqual([
      ['Org1-Account1-Role1', '000011112222'],
      ['Org1-Account1-Role2', '000011112222'],
      ['Org1-Account2-Role1', '000011112222'],
      ['Base2-Role1', '000000000000'],
      ['AnotherRole', ''],
      ['Org2-Account1-Developer', '222200000000'],
      ['Org2-Account2-Manager', '222200000000'],
      ['Org3-Account1-Role1', '333300000000'],
      ['Org2-Account2-Role2', '333300000000'],
    ]);
    expect(p.skip.map((s) => s.code)).toEqual(['base_profile', 'base_profile', 'base_profile', 'base_profile', 'base_profile']);
  });

  it('a base account with only an alias: its alias is the source account; re-importing the same text changes nothing', () => {
    const text = '[base]\naws_account_alias = my-co\ntarget_role_name = Dev\n[t]\naws_account_id = 111122223333\nsource_profile = base\ncolor = ffaaee\n';
    const p = planAesrImport(parseAesrConfig(text), []);
    expect(p.create).toEqual([{ kind: 'console-role', label: 't', account: '111122223333', roleName: 'Dev', color: '#ffaaee', sourceAccount: 'my-co', line: 4, file: 'aesr' }]);
    const again = planAesrImport(parseAesrConfig(text), [{ label: 't', kind: 'console-role', account: '111122223333', roleName: 'Dev', color: '#ffaaee', sourceAccount: 'my-co', region: undefined }]);
    expect(again.create).toEqual([]);
    expect(again.skip.map((s) => [s.label, s.code])).toEqual([['base', 'base_profile'], ['t', 'unchanged']]);
    const changed = planAesrImport(parseAesrConfig(text.replace('Dev', 'Ops')), [{ label: 't', kind: 'console-role', account: '111122223333', roleName: 'Dev', color: '#ffaaee', sourceAccount: 'my-co', region: undefined }]);
    expect(changed.update).toEqual([{ identity: expect.objectContaining({ kind: 'console-role', roleName: 'Ops' }), changes: ['roleName'] }]);
    // a role in the vault under that label is a conflict, not silently replaced
    const conflict = planAesrImport(parseAesrConfig(text), [{ label: 't', kind: 'role' }]);
    expect(conflict.skip.find((s) => s.label === 't')?.code).toBe('conflict');
  });

  it('every file in the AESR examples directory parses and plans without throwing', () => {
    const dir = join(FIXTURES, 'aesr');
    for (const f of readdirSync(dir)) {
      const p = planAesrImport(parseAesrConfig(readFileSync(join(dir, f), 'utf8')), [], { defaultSourceLabel: 'x' });
      for (const w of p.warnings) expect(w.line).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('AESR rules', () => {
  it('normalises colors', () => {
    expect(normalizeColor('ffaaee')).toBe('#ffaaee');
    expect(normalizeColor('#FFAAEE')).toBe('#ffaaee');
    expect(normalizeColor('fae')).toBe('#ffaaee');
    expect(normalizeColor('red')).toBeUndefined();
    expect(normalizeColor('ffaaee00')).toBeUndefined();
  });

  it('a bad color is a warning, not a skip; # colors are kept despite inline comments', () => {
    const p = planAesrImport(
      parseAesrConfig('[a]\nrole_arn = arn:aws:iam::123456789012:role/A\ncolor = purple\n[b]\nrole_arn = arn:aws:iam::123456789012:role/B\ncolor = #00FF00 ; green\n'),
      [{ label: 'me', kind: 'user' }],
      { defaultSourceLabel: 'me' },
    );
    expect(p.warnings).toEqual([{ line: 3, file: 'aesr', message: "color of 'a' is not a hex RGB color like ffaaee; ignored" }]);
    expect(p.create.map((c) => (c.kind === 'role' ? c.color : ''))).toEqual([undefined, '#00ff00']);
  });

  it('refuses role_arn with aws_account_id, a missing role name, unknown keys and duplicates (with lines)', () => {
    const text = [
      '[both]', // 1
      'role_arn = arn:aws:iam::123456789012:role/A', // 2
      'aws_account_id = 123456789012', // 3
      '[norole]', // 4
      'aws_account_id = 123456789012', // 5
      'flavour = vanilla', // 6
      '[norole]', // 7
      'region = us-east-1', // 8
      '[badarn]', // 9
      'role_arn = arn:aws:iam:123456789012:role/A', // 10
      '[badregion]', // 11
      'aws_account_id = 123456789012', // 12
      'role_name = R', // 13
      'region = mars', // 14
    ].join('\n');
    const parsed = parseAesrConfig(text);
    expect(parsed.warnings).toEqual([
      { line: 6, file: 'aesr', message: "unknown setting 'flavour' (ignored)" },
    ]);
    const p = planAesrImport(parsed, [{ label: 'me', kind: 'user' }], { defaultSourceLabel: 'me' });
    expect(p.warnings).toContainEqual({ line: 7, file: 'aesr', message: "profile 'norole' is defined again (first at line 4); AESR keeps both: this one is labelled 'norole (2)', the first 'norole'" });
    expect(skips(p)).toEqual([
      ['both', 'invalid', 2],
      ['norole', 'invalid', 5],
      ['norole (2)', 'invalid', 7],
      ['badarn', 'invalid', 10],
      ['badregion', 'invalid', 14],
    ]);
    expect(p.skip[4]?.reason).toBe('region must look like us-east-1');
  });

  it('target_region and partition defaults; a chained target resolves through the planner', () => {
    const text = '[base]\naws_account_id = 111111111111\ntarget_role_name = Dev\ntarget_region = us-gov-east-1\n[t1]\naws_account_id = 222222222222\nsource_profile = base\n[t2]\naws_account_id = 333333333333\nrole_name = Ops\nsource_profile = t1\n';
    const p = planAesrImport(parseAesrConfig(text), [{ label: 'base', kind: 'user' }], { partition: 'aws-us-gov' });
    expect(p.create.map((c) => [c.label, c.kind === 'role' ? c.roleArn : '', c.kind === 'role' ? c.sourceLabel : '', c.region])).toEqual([
      ['t1', 'arn:aws-us-gov:iam::222222222222:role/Dev', 'base', 'us-gov-east-1'],
      ['t2', 'arn:aws-us-gov:iam::333333333333:role/Ops', 't1', undefined],
    ]);
    // a region of another partition cannot work with a GovCloud role (its console link would not open)
    const commercial = planAesrImport(parseAesrConfig(text.replace('us-gov-east-1', 'eu-west-1')), [{ label: 'base', kind: 'user' }], { partition: 'aws-us-gov' });
    expect(commercial.skip.map((s) => [s.label, s.reason])).toContainEqual(['t1', 'region eu-west-1 is not a region of the aws-us-gov partition this identity is in']);
  });

  it('updates an existing role whose color changed, keeps the vault color when AESR gives none', () => {
    const text = '[a]\nrole_arn = arn:aws:iam::123456789012:role/A\ncolor = ff0000\n[b]\nrole_arn = arn:aws:iam::123456789012:role/B\n';
    const existing: ExistingIdentity[] = [
      { label: 'me', kind: 'user' },
      { label: 'a', kind: 'role', roleArn: 'arn:aws:iam::123456789012:role/A', color: '#00ff00' },
      { label: 'b', kind: 'role', roleArn: 'arn:aws:iam::123456789012:role/B', color: '#00ff00' },
    ];
    const p = planAesrImport(parseAesrConfig(text), existing, { defaultSourceLabel: 'me' });
    expect(p.update.map((u) => [u.identity.label, u.changes])).toEqual([['a', ['color']]]);
    expect(skips(p)).toEqual([['b', 'unchanged', 4]]);
  });

  it('garbage and truncations never throw', () => {
    const t = aesr('complex.ini');
    for (let n = 0; n <= t.length; n += 5) {
      expect(() => planAesrImport(parseAesrConfig(t.slice(0, n)), [{ label: 'organization1', kind: 'user' }], { defaultSourceLabel: 'x' })).not.toThrow();
    }
    let s = 1;
    const r = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = '[]=;# \n\r"\'abcprofile_source0123456789:/';
    for (let i = 0; i < 200; i++) {
      let text = '';
      for (let j = 0; j < 150; j++) text += alphabet[Math.floor(r() * alphabet.length)];
      expect(() => planAesrImport(parseAesrConfig(text), [], { defaultSourceLabel: 'a' })).not.toThrow();
    }
  });
});

describe("read as AESR's own parser (aesr-config) reads it (issue 10 #16)", () => {
  const me: ExistingIdentity[] = [{ label: 'me', kind: 'user' }];

  it('an indented section header starts a section (it is not a continuation of the value above)', () => {
    const text = '[A]\naws_account_id = 111111111111\nrole_name = a\n\n  [B]\n  role_arn = arn:aws:iam::222222222222:role/b\n';
    const p = planAesrImport(parseAesrConfig(text), me, { defaultSourceLabel: 'me' });
    expect(p.create.map((c) => [c.label, c.kind === 'role' ? c.roleArn : ''])).toEqual([
      ['A', 'arn:aws:iam::111111111111:role/a'],
      ['B', 'arn:aws:iam::222222222222:role/b'],
    ]);
    expect(p.warnings).toEqual([]);
  });

  it('the "comments and spaces are everywhere" input of aesr-config’s parser test gives its sections', () => {
    const text = '[profile a]# comment\n; comment\nkey = role/roleA  #\n\n  [B] # comment\nrole_arn = arn:aws:iam::123456789012:role/role-b;\n  # comment\n[profileC];comment\n# comment\n  aws_account_id  =  123456789012  ;comment\n  ; comment\n';
    const parsed = parseAesrConfig(text);
    expect(parsed.profiles.map((p) => [p.name, p.line, Object.fromEntries(Object.entries(p.settings).map(([k, v]) => [k, v.value]))])).toEqual([
      ['a', 1, { key: 'role/roleA' }],
      ['B', 5, { role_arn: 'arn:aws:iam::123456789012:role/role-b' }],
      ['profileC', 8, { aws_account_id: '123456789012' }],
    ]);
  });

  it('; and # start a comment anywhere (color = ffaaee; comment, role_name = X#comment); a leading #rrggbb color is kept', () => {
    const text = [
      '[a]', // 1
      'role_arn = arn:aws:iam::123456789012:role/A', // 2
      'color = ffaaee; comment', // 3
      '[b]', // 4
      'aws_account_id = 123456789012', // 5
      'role_name = SomeOtherRole#comment', // 6
      'color = #00FF00;green', // 7
      '[c]', // 8
      'role_arn = arn:aws:iam::123456789012:role/C', // 9
      'color = #abc # short', // 10
    ].join('\n');
    const p = planAesrImport(parseAesrConfig(text), me, { defaultSourceLabel: 'me' });
    expect(p.warnings).toEqual([]);
    expect(p.create.map((c) => [c.label, c.kind === 'role' ? c.roleArn : '', c.kind === 'role' ? c.color : ''])).toEqual([
      ['a', 'arn:aws:iam::123456789012:role/A', '#ffaaee'],
      ['b', 'arn:aws:iam::123456789012:role/SomeOtherRole', '#00ff00'],
      ['c', 'arn:aws:iam::123456789012:role/C', '#aabbcc'],
    ]);
  });

  it('two profiles with one name under different base accounts are two roles (AESR groups targets by source_profile)', () => {
    const text = [
      '[MyCompany]', // 1
      'aws_account_id = 986450800000', // 2
      '[b-project]', // 3
      'aws_account_id = 652527129940', // 4
      '[stg]', // 5
      'aws_account_id = 633772692222', // 6
      'role_name = developer', // 7
      'source_profile = MyCompany', // 8
      '[stg]', // 9
      'aws_account_id = 616567000000', // 10
      'role_name = developer', // 11
      'source_profile = b-project', // 12
    ].join('\n');
    const p = planAesrImport(parseAesrConfig(text), [{ label: 'MyCompany', kind: 'user' }, { label: 'b-project', kind: 'user' }]);
    expect(p.create.map((c) => [c.label, c.kind === 'role' ? c.roleArn : '', c.kind === 'role' ? c.sourceLabel : '', c.line])).toEqual([
      ['stg (MyCompany)', 'arn:aws:iam::633772692222:role/developer', 'MyCompany', 5],
      ['stg (b-project)', 'arn:aws:iam::616567000000:role/developer', 'b-project', 9],
    ]);
    expect(p.warnings).toEqual([
      { line: 9, file: 'aesr', message: "profile 'stg' is defined again (first at line 5); AESR keeps both: this one is labelled 'stg (b-project)', the first 'stg (MyCompany)'" },
    ]);
  });

  it('a name used twice under the same base (or none) gets a number; a chain names the first profile of that name', () => {
    const text = [
      '[base]\naws_account_id = 111111111111',
      '[x]\nrole_arn = arn:aws:iam::111111111111:role/X1\nsource_profile = base',
      '[x]\nrole_arn = arn:aws:iam::222222222222:role/X2\nsource_profile = base',
      '[x]\nrole_arn = arn:aws:iam::333333333333:role/X3',
      '[y]\nrole_arn = arn:aws:iam::444444444444:role/Y\nsource_profile = x',
    ].join('\n');
    const p = planAesrImport(parseAesrConfig(text), [...me, { label: 'base', kind: 'user' }], { defaultSourceLabel: 'me' });
    expect(p.create.map((c) => [c.label, c.kind === 'role' ? c.roleArn.slice(-2) : '', c.kind === 'role' ? c.sourceLabel : ''])).toEqual([
      ['x (base)', 'X1', 'base'],
      ['x (base, 2)', 'X2', 'base'],
      ['x', 'X3', 'me'],
      ['y', '/Y', 'x (base)'],
    ]);
  });

  it('a second section named like a base account is a target of its own (AESR: only the first is the base)', () => {
    const text = '[base]\naws_account_id = 111111111111\n[base]\nrole_arn = arn:aws:iam::222222222222:role/B\n[t]\nrole_arn = arn:aws:iam::333333333333:role/T\nsource_profile = base\n';
    const p = planAesrImport(parseAesrConfig(text), [...me, { label: 'base', kind: 'user' }], { defaultSourceLabel: 'me' });
    expect(p.create.map((c) => [c.label, c.kind === 'role' ? c.sourceLabel : ''])).toEqual([
      ['base (2)', 'me'],
      ['t', 'base'],
    ]);
    expect(skips(p)).toEqual([['base', 'base_profile', 1]]);
  });

  it('setting names are case-sensitive and only = separates a value, as in AESR; a value may hold = and :', () => {
    const parsed = parseAesrConfig('[a]\nRole_ARN = arn:aws:iam::123456789012:role/A\nregion: us-east-1\nrole_arn = arn:aws:iam::123456789012:role/a=b\n');
    expect(parsed.profiles[0]?.settings['role_arn']?.value).toBe('arn:aws:iam::123456789012:role/a=b');
    expect(parsed.warnings).toEqual([
      { line: 2, file: 'aesr', message: "unknown setting 'Role_ARN' (ignored; AESR setting names are lower-case)" },
      { line: 3, file: 'aesr', message: "expected 'key = value', a [section] header or a comment; line ignored" },
    ]);
  });
});
