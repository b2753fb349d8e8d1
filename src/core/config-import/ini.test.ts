import { describe, expect, it } from 'vitest';
import { displayKey, parseIni, shellSplit } from './ini.ts';

describe('parseIni', () => {
  it('reads sections, key = value in every spacing, and lower-cases keys', () => {
    const doc = parseIni('[default]\nregion=us-west-2\nOutput = json\nrole_arn= arn:x\nk :v\n');
    expect(doc.warnings).toEqual([]);
    expect(doc.sections).toEqual([
      {
        name: 'default',
        rawName: 'default',
        line: 1,
        entries: [
          { key: 'region', value: 'us-west-2', line: 2 },
          { key: 'output', value: 'json', line: 3 },
          { key: 'role_arn', value: 'arn:x', line: 4 },
          { key: 'k', value: 'v', line: 5 },
        ],
      },
    ]);
  });

  it('splits on the first = or : only (values keep later ones)', () => {
    const doc = parseIni('[s]\nsso_registration_scopes = sso:account:access\ntoken = ab+c/d==\n');
    expect(doc.sections[0]?.entries.map((e) => [e.key, e.value])).toEqual([
      ['sso_registration_scopes', 'sso:account:access'],
      ['token', 'ab+c/d=='],
    ]);
  });

  it('skips # and ; comment lines, keeps inline ; and # (AWS CLI rules)', () => {
    const doc = parseIni('# top\n; also\n[a]\n  # indented comment\nk = v ; not a comment\nx = y # neither\n');
    expect(doc.warnings).toEqual([]);
    expect(doc.sections[0]?.entries.map((e) => e.value)).toEqual(['v ; not a comment', 'y # neither']);
  });

  it('strips inline comments anywhere in the AESR dialect, except a leading #rrggbb colour', () => {
    const doc = parseIni('[a]\nk = v ; comment\ncolor = #ffaaee\nd = x#y\ne = y;z\n', { dialect: 'aesr' });
    expect(doc.sections[0]?.entries.map((e) => e.value)).toEqual(['v', '#ffaaee', 'x', 'y']);
    const other = parseIni('[a]\nk = #ffaaee\n', { dialect: 'aesr' });
    expect(other.warnings).toEqual([{ line: 2, message: "setting 'k' has no value (AWS Extend Switch Roles refuses this); line ignored" }]);
  });

  it('parses nested sub-sections one level deep, with line numbers', () => {
    const text = '[profile development]\ns3 =\n  max_concurrent_requests = 20\n\n  addressing_style = path\nregion = us-east-1\n';
    const doc = parseIni(text);
    expect(doc.warnings).toEqual([]);
    const entries = doc.sections[0]?.entries ?? [];
    expect(entries[0]).toEqual({
      key: 's3',
      value: '',
      line: 2,
      nested: [
        { key: 'max_concurrent_requests', value: '20', line: 3 },
        { key: 'addressing_style', value: 'path', line: 5 },
      ],
    });
    expect(entries[1]).toEqual({ key: 'region', value: 'us-east-1', line: 6 });
  });

  it('joins continuation lines of a non-empty value', () => {
    const doc = parseIni('[a]\nk = one\n  two\n\n');
    expect(doc.sections[0]?.entries[0]?.value).toBe('one\ntwo');
  });

  it('warns about a nested line without =', () => {
    const doc = parseIni('[a]\ns3 =\n  nonsense\n');
    expect(doc.warnings).toEqual([{ line: 3, message: "expected 'key = value' in the nested settings of 's3'; line ignored" }]);
  });

  it('accepts CRLF, CR and a BOM', () => {
    const doc = parseIni('\uFEFF[a]\r\nk = v\r\n[b]\rx = y\r');
    expect(doc.sections.map((s) => [s.name, s.line, s.entries[0]?.value])).toEqual([
      ['a', 1, 'v'],
      ['b', 3, 'y'],
    ]);
  });

  it('warns with line numbers and never quotes line content', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const doc = parseIni(`${secret} = x\n[a]\n${secret}\n= nokey\n[\n[b\nk = v\n[c] trailing\n`);
    expect(doc.warnings.map((w) => w.line)).toEqual([1, 3, 4, 5, 6, 8]);
    for (const w of doc.warnings) expect(w.message).not.toContain(secret);
    expect(doc.warnings[0]?.message).toMatch(/outside any \[section\]/);
    expect(doc.sections.map((s) => s.name)).toEqual(['a', 'c']);
  });

  it('warns on a repeated key; the later value wins', () => {
    const doc = parseIni('[a]\nregion = us-east-1\nregion = eu-west-1\n');
    expect(doc.sections[0]?.entries).toEqual([{ key: 'region', value: 'eu-west-1', line: 3 }]);
    expect(doc.warnings).toEqual([{ line: 3, message: "setting 'region' repeats line 2 in this section: the AWS CLI refuses a file with a repeated setting; here the later value is used" }]);
  });

  it('keeps the section name as written in rawName (configparser does not trim it)', () => {
    const doc = parseIni('[ profile x ]\n[profile y ]\n[z]\n');
    expect(doc.sections.map((s) => [s.name, s.rawName])).toEqual([
      ['profile x', ' profile x '],
      ['profile y', 'profile y '],
      ['z', 'z'],
    ]);
  });

  it('handles empty and non-string input', () => {
    expect(parseIni('')).toEqual({ sections: [], warnings: [] });
    expect(parseIni(undefined as unknown as string)).toEqual({ sections: [], warnings: [] });
  });

  it('caps the number of warnings', () => {
    const doc = parseIni('[a]\n' + 'junk\n'.repeat(1000));
    expect(doc.warnings.length).toBe(201);
  });
});

describe('displayKey', () => {
  it('shows setting-like names only', () => {
    expect(displayKey('colour')).toBe('colour');
    expect(displayKey('cli_follow_urlparam')).toBe('cli_follow_urlparam');
    expect(displayKey('colour', true)).toBeUndefined();
    expect(displayKey('abcdefghijklmnop')).toBeUndefined();
    expect(displayKey('wjalrxutnfemi/k7mdeng/bpxrficyexamplekey')).toBeUndefined();
    expect(displayKey('a b')).toBeUndefined();
  });
});

describe('shellSplit', () => {
  it('splits like shlex', () => {
    expect(shellSplit('profile dev')).toEqual(['profile', 'dev']);
    expect(shellSplit('profile "my name"')).toEqual(['profile', 'my name']);
    expect(shellSplit("profile 'a b' c")).toEqual(['profile', 'a b', 'c']);
    expect(shellSplit('profile a\\ b')).toEqual(['profile', 'a b']);
    expect(shellSplit('profile ""')).toEqual(['profile', '']);
    expect(shellSplit('profile "open')).toBeUndefined();
  });
});
