import { describe, expect, it } from 'vitest';
import { toBase64, toHex, utf8Encode } from '../bytes.ts';
import { SigvaultError } from '../errors.ts';
import {
  checkCommon,
  checkNewConsoleRole,
  checkNewRole,
  checkNewUser,
  createRole,
  createUser,
  identityRecordValue,
  maskAccessKeyId,
  parseStoredIdentity,
  refusalReason,
  toView,
  updateUser,
  validateNewRole,
  validateNewUser,
  validateStoredIdentity,
  validateFederated,
  type IamUser,
  type SamlRole,
  type SsoRole,
  type WebIdentityRole,
  type StoredIdentity,
} from './identity.ts';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const good = { label: '  dev account ', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: SECRET };

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SigvaultError);
    expect((e as SigvaultError).code).toBe('INVALID_INPUT');
    return (e as SigvaultError).details.field;
  }
  throw new Error('expected INVALID_INPUT');
}

describe('validateNewUser', () => {
  it('accepts a good user, trimming strings and dropping empty optionals and unknown fields', () => {
    expect(validateNewUser({ ...good, mfaSerial: '', region: ' ', extra: 'x' })).toEqual({
      label: 'dev account',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: SECRET,
    });
    expect(
      validateNewUser({ ...good, accessKeyId: ' AKIA' + 'A'.repeat(124) + ' ', mfaSerial: 'arn:aws:iam::123456789012:mfa/alice', region: 'eu-central-1' }),
    ).toMatchObject({ accessKeyId: 'AKIA' + 'A'.repeat(124), mfaSerial: 'arn:aws:iam::123456789012:mfa/alice', region: 'eu-central-1' });
    expect(validateNewUser({ ...good, mfaSerial: 'GAHT12345678' }).mfaSerial).toBe('GAHT12345678');
    expect(validateNewUser({ ...good, mfaSerial: 'arn:aws-us-gov:iam::123456789012:mfa/path/bob' }).mfaSerial).toBeDefined();
    expect(validateNewUser({ ...good, label: 'x'.repeat(64) }).label.length).toBe(64);
    expect(validateNewUser({ ...good, label: '🔑'.repeat(64) }).label).toBe('🔑'.repeat(64));
  });

  const bad: [string, unknown, string][] = [
    ['not an object', 'AKIA...', 'input'],
    ['null', null, 'input'],
    ['label missing', { ...good, label: undefined }, 'label'],
    ['label blank', { ...good, label: '   ' }, 'label'],
    ['label 65 chars', { ...good, label: 'x'.repeat(65) }, 'label'],
    ['label with a newline', { ...good, label: 'a\nb' }, 'label'],
    ['label a number', { ...good, label: 5 }, 'label'],
    ['label with a right-to-left override (U+202E)', { ...good, label: 'prod\u202Eved' }, 'label'],
    ['label with a left-to-right isolate (U+2066)', { ...good, label: '\u2066prod' }, 'label'],
    ['label with a zero-width space (U+200B)', { ...good, label: 'pro\u200Bd' }, 'label'],
    ['label with a soft hyphen (U+00AD)', { ...good, label: 'pro\u00ADd' }, 'label'],
    ['label with DEL (U+007F)', { ...good, label: 'prod\u007F' }, 'label'],
    ['label with a C1 control (U+0085)', { ...good, label: 'prod\u0085x' }, 'label'],
    ['label with an unpaired surrogate', { ...good, label: 'prod\uD800x' }, 'label'],
    ['accessKeyId missing', { ...good, accessKeyId: undefined }, 'accessKeyId'],
    ['accessKeyId wrong prefix', { ...good, accessKeyId: 'ABIAIOSFODNN7EXAMPLE' }, 'accessKeyId'],
    ['accessKeyId 15 chars', { ...good, accessKeyId: 'AKIAIOSFODNN7EX' }, 'accessKeyId'],
    ['accessKeyId 129 chars', { ...good, accessKeyId: 'AKIA' + 'A'.repeat(125) }, 'accessKeyId'],
    ['accessKeyId lower case', { ...good, accessKeyId: 'AKIAiosfodnn7example' }, 'accessKeyId'],
    ['secret 39 chars', { ...good, secretAccessKey: SECRET.slice(1) }, 'secretAccessKey'],
    ['secret 41 chars', { ...good, secretAccessKey: SECRET + 'A' }, 'secretAccessKey'],
    ['secret with -', { ...good, secretAccessKey: SECRET.slice(1) + '-' }, 'secretAccessKey'],
    ['secret a number', { ...good, secretAccessKey: 42 }, 'secretAccessKey'],
    ['mfa ARN with a short account', { ...good, mfaSerial: 'arn:aws:iam::123:mfa/alice' }, 'mfaSerial'],
    ['mfa ARN of a user, not a device', { ...good, mfaSerial: 'arn:aws:iam::123456789012:user/alice' }, 'mfaSerial'],
    ['mfa serial too short', { ...good, mfaSerial: 'ABC123' }, 'mfaSerial'],
    ['mfa serial with spaces', { ...good, mfaSerial: 'GAHT 12345678' }, 'mfaSerial'],
    ['region malformed', { ...good, region: 'US East' }, 'region'],
  ];
  it.each(bad)('INVALID_INPUT names the field: %s', (_name, input, field) => {
    expect(fieldOf(() => validateNewUser(input))).toBe(field);
  });

  it('never echoes the secret in an error message', () => {
    try {
      validateNewUser({ ...good, secretAccessKey: SECRET + '!' });
    } catch (e) {
      expect((e as Error).message).not.toContain(SECRET);
    }
  });
});

describe('createUser / createRole', () => {
  it('assigns an id and timestamps, and the partition from an MFA ARN', () => {
    const u = createUser(validateNewUser({ ...good, mfaSerial: 'arn:aws-cn:iam::123456789012:mfa/a' }), { now: () => 42 });
    expect(u).toMatchObject({ kind: 'user', label: 'dev account', createdAt: 42, updatedAt: 42, partition: 'aws-cn' });
    expect(u.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(createUser(validateNewUser(good)).id).not.toBe(u.id);
    const r = createRole(validateNewRole({ label: 'admin', roleArn: 'arn:aws:iam::123456789012:role/Admin', sourceId: u.id }), { id: 'r1', now: () => 7 });
    expect(r).toEqual({ kind: 'role', id: 'r1', label: 'admin', roleArn: 'arn:aws:iam::123456789012:role/Admin', sourceId: u.id, createdAt: 7, updatedAt: 7 });
  });

  it('updateUser replaces settings, and keeps what STS learned only while the keys stay the same', () => {
    const u = { ...createUser(validateNewUser({ ...good, region: 'eu-west-1', mfaSerial: 'arn:aws:iam::123456789012:mfa/a' }), { now: () => 1 }), account: '123456789012', arn: 'arn:aws:iam::123456789012:user/dev', isRoot: false, color: '#112233' };
    const same = updateUser(u, validateNewUser({ ...good, label: 'renamed' }), { keysChanged: false, now: () => 5 });
    expect(same).toMatchObject({ id: u.id, label: 'renamed', account: '123456789012', arn: u.arn, isRoot: false, createdAt: 1, updatedAt: 5 });
    expect(same).not.toHaveProperty('region'); // cleared: not in the new input
    expect(same).not.toHaveProperty('mfaSerial');
    expect(same).not.toHaveProperty('color');
    const rekeyed = updateUser(u, validateNewUser({ ...good, accessKeyId: 'AKIAJJJJJJJJJJJJJJJJ' }), { keysChanged: true, color: '#445566' });
    expect(rekeyed).toMatchObject({ accessKeyId: 'AKIAJJJJJJJJJJJJJJJJ', color: '#445566' });
    expect(rekeyed).not.toHaveProperty('account');
    expect(rekeyed).not.toHaveProperty('arn');
    expect(rekeyed).not.toHaveProperty('isRoot');
  });

  it('validates roles field by field', () => {
    const base = { label: 'admin', roleArn: 'arn:aws:iam::123456789012:role/Admin', sourceId: 'u1' };
    expect(validateNewRole({ ...base, externalId: 'ext-123', sessionName: 'me', durationSeconds: 3600, color: '#aabbcc' })).toMatchObject({
      durationSeconds: 3600,
    });
    expect(fieldOf(() => validateNewRole({ ...base, roleArn: 'arn:aws:iam::123456789012:user/x' }))).toBe('roleArn');
    expect(fieldOf(() => validateNewRole({ ...base, sourceId: 'a b' }))).toBe('sourceId');
    expect(fieldOf(() => validateNewRole({ ...base, externalId: 'x' }))).toBe('externalId');
    expect(fieldOf(() => validateNewRole({ ...base, sessionName: 'has space' }))).toBe('sessionName');
    expect(fieldOf(() => validateNewRole({ ...base, durationSeconds: 60 }))).toBe('durationSeconds');
    expect(fieldOf(() => validateNewRole({ ...base, color: 'red' }))).toBe('color');
    expect(fieldOf(() => validateNewRole({ ...base, color: 'url(http://127.0.0.1/x)' }))).toBe('color');
    expect(fieldOf(() => validateNewRole({ ...base, label: 'admin\u202Enimda' }))).toBe('label');
  });
});

describe('toView', () => {
  const user: IamUser = {
    ...createUser(validateNewUser({ ...good, mfaSerial: 'arn:aws:iam::123456789012:mfa/alice', region: 'us-east-1' }), { id: 'u1', now: () => 1 }),
    account: '123456789012',
    arn: 'arn:aws:iam::123456789012:user/alice',
    isRoot: false,
  };

  it('drops the secret access key (and everything not allow-listed)', () => {
    const view = toView({ ...user, futureSecret: 'hunter2' } as IamUser);
    const json = JSON.stringify(view);
    for (const needle of [SECRET, toBase64(utf8Encode(SECRET)), toHex(utf8Encode(SECRET)), 'AKIAIOSFODNN7EXAMPLE', 'hunter2', 'secretAccessKey']) {
      expect(json).not.toContain(needle);
    }
    expect(view).toEqual({
      id: 'u1',
      kind: 'user',
      label: 'dev account',
      accessKeyIdMasked: 'AKIA…MPLE',
      mfa: true,
      partition: 'aws',
      region: 'us-east-1',
      account: '123456789012',
      arn: 'arn:aws:iam::123456789012:user/alice',
      isRoot: false,
      createdAt: 1,
      updatedAt: 1,
    });
  });

  it('shows roles without their external id, and unknown kinds by label only', () => {
    const role = createRole(validateNewRole({ label: 'r', roleArn: 'arn:aws:iam::123456789012:role/R', sourceId: 'u1', externalId: 'ext-secret-1' }), { id: 'r1' });
    const rv = toView(role);
    expect(JSON.stringify(rv)).not.toContain('ext-secret-1');
    expect(rv).toMatchObject({ kind: 'role', hasExternalId: true, mfa: false, sourceId: 'u1' });
    const unknown = parseStoredIdentity({ kind: 'future-kind', id: 'z1', label: 'SSO', token: 'tok-secret', createdAt: 1, updatedAt: 2 }, 'z1');
    const uv = toView(unknown);
    expect(uv).toEqual({ id: 'z1', kind: 'unknown', storedKind: 'future-kind', label: 'SSO', createdAt: 1, updatedAt: 2 });
    expect(JSON.stringify(uv)).not.toContain('tok-secret');
  });

  it('masks access key ids', () => {
    expect(maskAccessKeyId('AKIAIOSFODNN7EXAMPLE')).toBe('AKIA…MPLE');
    expect(maskAccessKeyId('AKIA')).toBe('…');
  });
});

describe('parseStoredIdentity', () => {
  const stored = { ...createUser(validateNewUser(good), { id: 'u1', now: () => 1 }), addedByNewerBuild: { x: 1 } };

  it('accepts known kinds and keeps unknown properties (version tolerance)', () => {
    expect(parseStoredIdentity(JSON.parse(JSON.stringify(stored)), 'u1')).toEqual(stored);
  });

  it('turns an unknown kind into UnknownIdentity and writes it back unchanged', () => {
    const raw = { kind: 'future-saml', id: 's1', label: 'Okta', createdAt: 1, updatedAt: 1, assertion: 'x' };
    const parsed = parseStoredIdentity(raw, 's1');
    expect(parsed).toMatchObject({ kind: 'unknown', storedKind: 'future-saml', id: 's1', label: 'Okta' });
    expect(identityRecordValue(parsed)).toEqual(raw);
  });

  it('reports a bad value as CORRUPT_RECORD naming the record, never its contents', () => {
    const cases: unknown[] = [null, [], { ...stored, id: 'u2' }, { ...stored, secretAccessKey: 5 }, { ...stored, createdAt: 'x' }, { ...stored, kind: 3 }];
    for (const value of cases) {
      try {
        parseStoredIdentity(value, 'u1');
        expect.unreachable();
      } catch (e) {
        expect((e as SigvaultError).code).toBe('CORRUPT_RECORD');
        expect((e as SigvaultError).details.recordId).toBe('u1');
        expect((e as SigvaultError).message).not.toContain(SECRET);
      }
    }
  });
});

describe('input patterns per the STS and IAM models (issue 10 item 13)', () => {
  const message = (fn: () => unknown): string => {
    try {
      fn();
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('expected a refusal');
  };

  it('an ASIA… key id is temporary: refused as a user\'s long-term key, with the reason', () => {
    expect(fieldOf(() => validateNewUser({ ...good, accessKeyId: 'ASIAIOSFODNN7EXAMPLE' }))).toBe('accessKeyId');
    expect(message(() => validateNewUser({ ...good, accessKeyId: 'ASIAIOSFODNN7EXAMPLE' }))).toMatch(/temporary.*AKIA/);
    expect(validateNewUser(good).accessKeyId).toBe('AKIAIOSFODNN7EXAMPLE');
  });

  it('MFA serials and device ARNs longer than 256 characters are refused (STS serialNumberType)', () => {
    const arn = (n: number) => 'arn:aws:iam::123456789012:mfa/' + 'd'.repeat(n - 'arn:aws:iam::123456789012:mfa/'.length);
    expect(validateNewUser({ ...good, mfaSerial: arn(256) }).mfaSerial).toHaveLength(256);
    expect(fieldOf(() => validateNewUser({ ...good, mfaSerial: arn(257) }))).toBe('mfaSerial');
    expect(fieldOf(() => validateNewUser({ ...good, mfaSerial: arn(540) }))).toBe('mfaSerial');
    expect(message(() => validateNewRole({ label: 'r', roleArn: 'arn:aws:iam::123456789012:role/R', sourceId: 'u1', mfaSerial: arn(300) }))).toMatch(/256/);
  });

  it('role ARN paths may hold any of \\u0021-\\u007E (IAM pathType), up to 512 characters; the name stays [\\w+=,.@-]{1,64}', () => {
    const ok = (roleArn: string) => validateNewRole({ label: 'r', roleArn, sourceId: 'u1' }).roleArn;
    for (const path of ['/', '/a/', '/team!#$%&*()/x;y?z[]{}|~^`/', '/"quoted"/', "/it's/", '/a:b/']) {
      expect(ok(`arn:aws:iam::123456789012:role${path}Name`)).toBe(`arn:aws:iam::123456789012:role${path}Name`);
    }
    expect(ok('arn:aws:iam::123456789012:role/' + 'p'.repeat(510) + '/Name')).toBeDefined();
    for (const bad of [
      'arn:aws:iam::123456789012:role/' + 'p'.repeat(511) + '/Name', // path 513
      'arn:aws:iam::123456789012:role/pa th/Name', // space is not in \u0021-\u007E
      'arn:aws:iam::123456789012:role/pä/Name',
      'arn:aws:iam::123456789012:role//Name', // "//" is neither "/" nor "/x/"
      'arn:aws:iam::123456789012:role/Na!me', // the name keeps its own rule
      'arn:aws:iam::123456789012:role/' + 'n'.repeat(65),
    ]) {
      expect(fieldOf(() => validateNewRole({ label: 'r', roleArn: bad, sourceId: 'u1' })), bad).toBe('roleArn');
    }
  });

  it('regions follow the partition rule: iso regions and nonsense refused, naming the partition', () => {
    expect(message(() => validateNewUser({ ...good, region: 'us-iso-east-1' }))).toMatch(/us-iso-east-1 is in the aws-iso partition, which Sigvault does not support/);
    expect(message(() => validateNewRole({ label: 'r', roleArn: 'arn:aws:iam::123456789012:role/R', sourceId: 'u1', region: 'eu-isoe-west-1' }))).toMatch(/aws-iso-e partition/);
    expect(fieldOf(() => validateNewUser({ ...good, region: 'xx-foo-1' }))).toBe('region');
    expect(message(() => validateNewUser({ ...good, region: 'eusc-de-east-1' }))).toMatch(/aws-eusc partition/);
    expect(validateNewUser({ ...good, region: 'us-gov-east-1' }).region).toBe('us-gov-east-1');
  });
});

describe('validateStoredIdentity (a restored backup is checked as new input)', () => {
  const user: IamUser = {
    ...createUser(validateNewUser({ ...good, region: 'eu-west-1', color: '#1e88e5' }), { id: 'u1', now: () => 1 }),
    account: '123456789012', arn: 'arn:aws:iam::123456789012:user/dev', isRoot: false, partition: 'aws',
  };
  const role = createRole(validateNewRole({ label: 'admin', roleArn: 'arn:aws:iam::210987654321:role/path/Admin', sourceId: 'u1', externalId: 'ext-1234', color: '#AABBCC', durationSeconds: 3600 }), { id: 'r1', now: () => 2 });
  const unknown = parseStoredIdentity({ kind: 'future-kind', id: 'z1', label: 'SSO', token: 'tok', createdAt: 1, updatedAt: 2 }, 'z1');

  it('accepts what this build stores, keeping a newer build\'s extra fields', () => {
    expect(validateStoredIdentity(user)).toEqual(user);
    expect(validateStoredIdentity(role)).toEqual(role);
    expect(validateStoredIdentity(unknown)).toEqual(unknown);
    const extra = { ...user, addedByNewerBuild: { x: 1 } } as IamUser;
    expect(validateStoredIdentity(extra)).toEqual(extra);
    expect(validateNewUser({ ...good, color: '#1e88e5' }).color).toBe('#1e88e5'); // a user's colour is kept on entry too
  });

  it('normalises as on entry: trimmed strings, blank optionals dropped', () => {
    const raw = { ...user, label: '  dev  ', mfaSerial: '', region: ' eu-west-1 ' } as IamUser;
    const v = validateStoredIdentity(raw) as IamUser;
    expect(v).toMatchObject({ label: 'dev', region: 'eu-west-1' });
    expect(v).not.toHaveProperty('mfaSerial');
  });

  const bad: [string, StoredIdentity, string][] = [
    ['a colour that loads a URL', { ...role, color: 'url(http://127.0.0.1:9/track.png)' }, 'color'],
    ['a user colour that is a CSS expression', { ...user, color: 'var(--x)' }, 'color'],
    ['a label with U+202E', { ...user, label: 'prod\u202Eved' }, 'label'],
    ['a label with a newline', { ...role, label: 'a\nb' }, 'label'],
    ['a region that is not one', { ...user, region: 'eu-west-1.evil.example' }, 'region'],
    ['an access key id that is not one', { ...user, accessKeyId: 'AKIA/../x' }, 'accessKeyId'],
    ['a secret of the wrong length', { ...user, secretAccessKey: 'short' }, 'secretAccessKey'],
    ['an MFA serial that is not one', { ...user, mfaSerial: 'arn:aws:iam::1:mfa/x' }, 'mfaSerial'],
    ['a role ARN that is not one', { ...role, roleArn: 'arn:aws:iam::210987654321:user/x' }, 'roleArn'],
    ['a session name with a space', { ...role, sessionName: 'a b' }, 'sessionName'],
    ['a duration out of range', { ...role, durationSeconds: 10 }, 'durationSeconds'],
    ['an external id too short', { ...role, externalId: 'x' }, 'externalId'],
    ['a source id that is not an id', { ...role, sourceId: '../u1' }, 'sourceId'],
    ['a role that is its own source', { ...role, sourceId: 'r1' }, 'sourceId'],
    ['an account that is not 12 digits', { ...user, account: '12345' }, 'account'],
    ['an ARN with a space', { ...user, arn: 'arn:aws:iam::123456789012:user/a b' }, 'arn'],
    ['a root flag that is not a boolean', { ...user, isRoot: 'yes' as unknown as boolean }, 'isRoot'],
    ['an unknown partition', { ...user, partition: 'aws-evil' as 'aws' }, 'partition'],
    ['a negative timestamp', { ...user, createdAt: -1 }, 'createdAt'],
    ['an unknown kind with a bidi label', { ...unknown, label: 'SSO\u202E' } as StoredIdentity, 'label'],
    ['an unknown kind named with markup', { ...unknown, storedKind: '<b>x</b>' } as StoredIdentity, 'kind'],
    ['a container choice that is not one', { ...role, container: 'firefox-container-1' as 'own' }, 'container'],
    ['a user\'s container choice that is not text', { ...user, container: 1 as unknown as 'own' }, 'container'],
  ];
  it.each(bad)('refuses %s, naming the field', (_name, identity, field) => {
    expect(fieldOf(() => validateStoredIdentity(identity))).toBe(field);
  });

  it('gives a reason that never quotes the identity (nor its secret)', () => {
    for (const [, identity] of bad) {
      let reason = '';
      try { validateStoredIdentity(identity); } catch (e) { reason = refusalReason(identity, e); }
      expect(reason).not.toBe('');
      for (const [k, v] of Object.entries(identity)) if (k !== 'kind' && k !== 'id' && typeof v === 'string' && v.length >= 3) expect(reason).not.toContain(v);
    }
    // a message that happened to quote a value is cut down to the field's name
    const quoting = new SigvaultError('INVALID_INPUT', `region ${'eu-west-1.evil.example'} is unknown`, { field: 'region' });
    expect(refusalReason({ ...user, region: 'eu-west-1.evil.example' }, quoting)).toBe('region is not valid');
    expect(refusalReason(user, new Error(SECRET))).not.toContain(SECRET);
  });

  it('toView never passes on a colour other than #rrggbb (a vault restored by an older build)', () => {
    expect(toView({ ...role, color: 'url(http://127.0.0.1:9/x)' })).not.toHaveProperty('color');
    expect(toView({ ...user, color: 'red' })).not.toHaveProperty('color');
    expect(toView(role).color).toBe('#AABBCC');
  });
});

describe('container (Firefox: where an identity\'s console opens)', () => {
  const role = { label: 'admin', roleArn: 'arn:aws:iam::210987654321:role/Admin', sourceId: 'u1' };
  it('is own, none, or absent (default): on entry, in a backup, in the view', () => {
    expect(validateNewUser({ ...good, container: 'own' }).container).toBe('own');
    expect(validateNewRole({ ...role, container: 'none' }).container).toBe('none');
    // 'default' and blank are stored as nothing (absent = follow the global setting)
    expect(validateNewRole({ ...role, container: 'default' })).not.toHaveProperty('container');
    expect(validateNewUser({ ...good, container: ' ' })).not.toHaveProperty('container');
    expect(fieldOf(() => validateNewUser({ ...good, container: 'mine' }))).toBe('container');
    const r = createRole(validateNewRole({ ...role, container: 'own' }), { id: 'r9', now: () => 1 });
    expect(validateStoredIdentity(r)).toEqual(r);
    expect(toView(r).container).toBe('own');
    expect(toView({ ...r, container: 'odd' as 'own' })).not.toHaveProperty('container');
  });
  it('updateUser replaces it, or clears it when the new settings have none', () => {
    const u = createUser(validateNewUser({ ...good, container: 'own' }), { id: 'u9', now: () => 1 });
    expect(updateUser(u, validateNewUser({ ...good, container: 'none' }), { keysChanged: false }).container).toBe('none');
    expect(updateUser(u, validateNewUser(good), { keysChanged: false })).not.toHaveProperty('container');
  });
});

describe('federated identities (sso, saml, web-identity)', () => {
  const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL3Rva2VuLmFjdGlvbnMuZ2l0aHVidXNlcmNvbnRlbnQuY29tIn0.c2lnbmF0dXJlLXNlY3JldA';
  const sso: SsoRole = { kind: 'sso', id: 'f1', label: 'Prod / Admin', sourceId: 'src_1', accountId: '222222222222', accountName: 'Prod', roleName: 'AdministratorAccess', createdAt: 1, updatedAt: 2 };
  const saml: SamlRole = { kind: 'saml', id: 'f2', label: 'Okta admin', roleArn: 'arn:aws:iam::333333333333:role/Admin', principalArn: 'arn:aws:iam::333333333333:saml-provider/Okta', sessionDuration: 28_800, idpUrl: 'https://example.okta.com/app/amazon_aws/x/sso/saml', createdAt: 1, updatedAt: 2 };
  const web: WebIdentityRole = { kind: 'web-identity', id: 'f3', label: 'CI', roleArn: 'arn:aws:iam::444444444444:role/CI', webIdentityToken: TOKEN, tokenExpiresAt: 5, tokenIssuer: 'https://token.actions.githubusercontent.com', createdAt: 1, updatedAt: 2 };

  it('stored records parse back as their kind; a missing field is a corrupt record', () => {
    for (const i of [sso, saml, web]) expect(parseStoredIdentity(JSON.parse(JSON.stringify(i)), i.id)).toEqual(i);
    expect(() => parseStoredIdentity({ ...web, webIdentityToken: undefined }, 'f3')).toThrow(/webIdentityToken is missing/);
    expect(() => parseStoredIdentity({ ...sso, accountId: 1 }, 'f1')).toThrow(/accountId is missing/);
  });

  it('views carry what the popup shows and never the web identity token', () => {
    expect(toView(sso)).toEqual({ id: 'f1', kind: 'sso', label: 'Prod / Admin', sourceId: 'src_1', accountId: '222222222222', accountName: 'Prod', roleName: 'AdministratorAccess', createdAt: 1, updatedAt: 2 });
    expect(toView(saml)).toMatchObject({ kind: 'saml', roleArn: saml.roleArn, principalArn: saml.principalArn, sessionDuration: 28_800 });
    const v = toView(web);
    expect(v).toMatchObject({ kind: 'web-identity', roleArn: web.roleArn, tokenExpiresAt: 5, tokenIssuer: web.tokenIssuer });
    expect(JSON.stringify(v)).not.toContain('c2lnbmF0dXJl');
  });

  it('restored (backup) federated identities are checked field by field', () => {
    for (const i of [sso, saml, web]) expect(validateStoredIdentity(i)).toEqual(i);
    const cases: [StoredIdentity, string][] = [
      [{ ...sso, accountId: '12' }, 'accountId'],
      [{ ...sso, roleName: 'a b' }, 'roleName'],
      [{ ...sso, accountName: 'x\u202Ey' }, 'accountName'],
      [{ ...saml, principalArn: 'arn:aws:iam::333333333333:role/NotAProvider' }, 'principalArn'],
      [{ ...saml, principalArn: 'arn:aws-us-gov:iam::333333333333:saml-provider/Okta' }, 'principalArn'],
      [{ ...saml, sessionDuration: 10 }, 'sessionDuration'],
      [{ ...saml, idpUrl: 'javascript:alert(1)' }, 'idpUrl'],
      [{ ...web, roleArn: 'arn:aws:iam::1:role/x' }, 'roleArn'],
      [{ ...web, webIdentityToken: 'a b c d' }, 'webIdentityToken'],
      [{ ...web, label: '' }, 'label'],
    ];
    for (const [i, field] of cases) {
      let err: unknown;
      try {
        validateStoredIdentity(i);
      } catch (e) {
        err = e;
      }
      expect((err as SigvaultError | undefined)?.details.field, field).toBe(field);
    }
  });
});

describe('every field at once (issue 15 item 7): the checks the popup and the background share', () => {
  const KEY = 'AKIAIOSFODNN7EXAMPLE';
  const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  const fields = (c: { problems: Array<{ field: string }> }) => c.problems.map((p) => p.field);

  it('checkNewUser reports every bad field, in the form\'s order; validateNewUser throws the first, naming all', () => {
    const bad = { label: ' ', accessKeyId: 'AKIA-not', secretAccessKey: 'short', mfaSerial: 'x', region: 'us-east-99', color: 'red', container: 'mine' };
    const c = checkNewUser(bad);
    expect(c.ok).toBe(false);
    expect(fields(c)).toEqual(['label', 'accessKeyId', 'secretAccessKey', 'mfaSerial', 'region', 'color', 'container']);
    expect(c.problems.find((p) => p.field === 'region')).toMatchObject({ reason: 'regionUnknown', params: ['us-east-99'] });
    let thrown: SigvaultError | undefined;
    try { validateNewUser(bad); } catch (e) { thrown = e as SigvaultError; }
    expect(thrown?.details).toMatchObject({ field: 'label', fields: ['label', 'accessKeyId', 'secretAccessKey', 'mfaSerial', 'region', 'color', 'container'] });
    expect(thrown?.message).toBe(c.problems[0]!.message);
  });

  it('checkNewUser: the colour is #rrggbb and is kept; the region must exist, in the MFA device\'s or the known partition', () => {
    expect(checkNewUser({ label: 'a', accessKeyId: KEY, secretAccessKey: SECRET, color: '#aa3355', region: 'eu-west-1' })).toEqual({
      ok: true, problems: [], value: { label: 'a', accessKeyId: KEY, secretAccessKey: SECRET, color: '#aa3355', region: 'eu-west-1' },
    });
    expect(createUser(validateNewUser({ label: 'a', accessKeyId: KEY, secretAccessKey: SECRET, color: '#aa3355' })).color).toBe('#aa3355');
    for (const color of ['red', '#abc', 'aa3355', '#aa33556', 'url(x)']) expect(fields(checkNewUser({ label: 'a', accessKeyId: KEY, secretAccessKey: SECRET, color })), color).toEqual(['color']);
    const gov = { label: 'a', accessKeyId: KEY, secretAccessKey: SECRET, mfaSerial: 'arn:aws-us-gov:iam::123456789012:mfa/a' };
    expect(checkNewUser({ ...gov, region: 'eu-west-1' }).problems).toMatchObject([{ field: 'region', reason: 'regionPartition', params: ['eu-west-1', 'aws-us-gov'] }]);
    expect(checkNewUser({ ...gov, region: 'us-gov-east-1' }).ok).toBe(true);
    expect(checkNewUser({ label: 'a', accessKeyId: KEY, secretAccessKey: SECRET, region: 'cn-north-1' }, { partition: 'aws' }).problems).toMatchObject([{ reason: 'regionPartition' }]);
    expect(checkNewUser({ label: 'a', accessKeyId: KEY, secretAccessKey: SECRET, region: 'cn-north-1' }).ok).toBe(true); // partition not known yet
  });

  it('checkNewUser with keysOptional (edit): both blank keep the keys, one alone is a problem on the other', () => {
    expect(checkNewUser({ label: 'a', accessKeyId: '', secretAccessKey: '' }, { keysOptional: true }).ok).toBe(true);
    expect(checkNewUser({ label: 'a', accessKeyId: KEY, secretAccessKey: '' }, { keysOptional: true }).problems).toMatchObject([{ field: 'secretAccessKey', reason: 'keysTogether' }]);
    expect(checkNewUser({ label: 'a', secretAccessKey: SECRET }, { keysOptional: true }).problems).toMatchObject([{ field: 'accessKeyId', reason: 'keysTogether' }]);
    expect(fields(checkNewUser({ label: 'a', accessKeyId: 'nope', secretAccessKey: 'nope' }, { keysOptional: true }))).toEqual(['accessKeyId', 'secretAccessKey']);
  });

  it('checkNewRole: every bad field; durations as aws-vault takes them; the region in the role ARN\'s partition', () => {
    const c = checkNewRole({ label: '', roleArn: 'arn:aws:iam::12:role/X', sourceId: 'u1', externalId: 'x', sessionName: 'a', durationSeconds: 'soon', region: 'us-east-99', color: 'red', sourceIdentity: 'aws:x' });
    expect(fields(c)).toEqual(['label', 'roleArn', 'externalId', 'sessionName', 'durationSeconds', 'region', 'color', 'sourceIdentity']);
    expect(c.problems.find((p) => p.field === 'durationSeconds')).toMatchObject({ reason: 'durationFormat' });
    const base = { label: 'r', roleArn: 'arn:aws:iam::123456789012:role/R', sourceId: 'u1' };
    for (const [text, seconds] of [['1h', 3600], ['90m', 5400], ['1h30m', 5400], ['3600', 3600], ['12h', 43_200], [7200, 7200]] as const) {
      expect(checkNewRole({ ...base, durationSeconds: text }).value?.durationSeconds, String(text)).toBe(seconds);
    }
    for (const text of ['10m', '13h', '899', 60]) expect(checkNewRole({ ...base, durationSeconds: text }).problems, String(text)).toMatchObject([{ field: 'durationSeconds', reason: 'durationRange' }]);
    expect(checkNewRole({ ...base, durationSeconds: '' }).value).toEqual(base);
    expect(checkNewRole({ ...base, region: 'cn-north-1' }).problems).toMatchObject([{ field: 'region', reason: 'regionPartition', params: ['cn-north-1', 'aws'] }]);
    expect(checkNewRole({ ...base, roleArn: 'arn:aws-cn:iam::123456789012:role/R', region: 'cn-north-1' }).ok).toBe(true);
    expect(checkNewRole({ ...base, roleArn: 'arn:aws-us-gov:iam::123456789012:role/R', region: 'eu-west-1' }).problems).toMatchObject([{ reason: 'regionPartition' }]);
    expect(() => validateNewRole({ ...base, region: 'us-east-99' })).toThrow(/us-east-99 is not an AWS region Sigvault knows/);
  });

  it('checkNewConsoleRole and checkCommon: every bad field at once', () => {
    expect(fields(checkNewConsoleRole({ label: 'c', account: '12345', roleName: '', region: 'eu-west-99', color: 'green', sourceAccount: 'X' })))
      .toEqual(['account', 'roleName', 'color', 'region', 'sourceAccount']);
    expect(checkNewConsoleRole({ label: 'c', account: '123456789012', roleName: 'Admin', region: 'ap-southeast-5', color: '#00aa00' }).ok).toBe(true);
    expect(fields(checkCommon({ label: '', region: 'us-east-99', color: 'red', container: 'x' }))).toEqual(['label', 'region', 'color', 'container']);
    expect(checkCommon({ label: 'a', region: 'eu-west-1' }, 'aws-cn').problems).toMatchObject([{ reason: 'regionPartition' }]);
    expect(checkCommon({ label: 'a', region: 'cn-north-1', color: '#010203' }, 'aws-cn').value).toEqual({ label: 'a', region: 'cn-north-1', color: '#010203' });
  });

  it('a federated identity\'s region must lie in its role ARN\'s partition', () => {
    const saml = { kind: 'saml', id: 's1', label: 's', roleArn: 'arn:aws:iam::123456789012:role/R', principalArn: 'arn:aws:iam::123456789012:saml-provider/P', createdAt: 1, updatedAt: 1 } as SamlRole;
    expect(validateFederated({ ...saml, region: 'eu-west-1' }).region).toBe('eu-west-1');
    expect(() => validateFederated({ ...saml, region: 'us-gov-west-1' })).toThrow(/not a region of the aws partition/);
    expect(() => validateFederated({ ...saml, region: 'us-east-99' })).toThrow(/not an AWS region Sigvault knows/);
  });
});

describe('a stored region is kept on restore', () => {
  it('a region this build does not know (AWS opened it later) or of another partition does not cost the identity; a malformed one still does', async () => {
    const { validateStoredIdentity, createUser, createRole } = await import('./identity.ts');
    const user = { ...createUser({ label: 'u', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }), region: 'us-east-99' };
    expect(validateStoredIdentity(user)).toMatchObject({ kind: 'user', region: 'us-east-99' });
    const role = { ...createRole({ label: 'r', roleArn: 'arn:aws-us-gov:iam::111111111111:role/R', sourceId: user.id }), region: 'eu-west-1' };
    expect(validateStoredIdentity(role)).toMatchObject({ kind: 'role', region: 'eu-west-1' });
    expect(() => validateStoredIdentity({ ...user, region: 'not a region' })).toThrow(/region/);
  });
});
