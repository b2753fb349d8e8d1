import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSamlResponse, buildSamlResponseXml } from '../../../test/support/saml-builder.ts';
import { SigvaultError } from '../errors.ts';
import { MAX_SAML_RESPONSE_CHARS, parseSamlResponse } from './response.ts';

const EX = '/work/shared/aws-examples/saml';
const read = (p: string) => readFileSync(join(EX, p), 'utf8');
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
/** The examples' assertions are valid until 2013-11-05T02:06:42.876Z. */
const EXAMPLE_NOW = Date.UTC(2013, 10, 5, 2, 0, 0);

function err(f: () => unknown): SigvaultError {
  try {
    f();
  } catch (e) {
    return e as SigvaultError;
  }
  throw new Error('expected an error');
}

/** AWS's example response with its Role attribute replaced by these AttributeValues. */
function exampleWithRoles(values: string[]): string {
  const xml = read('example-response.illustrative.xml');
  return xml.replace(
    /(<saml:Attribute Name="https:\/\/aws.amazon.com\/SAML\/Attributes\/Role">)[\s\S]*?(<\/saml:Attribute>)/,
    (_m, open: string, close: string) => `${open}${values.map((v) => `<saml:AttributeValue>${v}</saml:AttributeValue>`).join('')}${close}`,
  );
}

describe("AWS's example responses", () => {
  it('one role: the pair, SessionDuration, RoleSessionName, NotOnOrAfter, Destination, Issuer', () => {
    const value = b64(read('example-response.illustrative.xml'));
    const r = parseSamlResponse(value, { now: EXAMPLE_NOW });
    expect(r.roles).toEqual([{ roleArn: 'arn:aws:iam::123456789012:role/TestSaml', principalArn: 'arn:aws:iam::123456789012:saml-provider/SAML-test' }]);
    expect(r.sessionDuration).toBe(1800);
    expect(r.roleSessionName).toBe('user-id-name');
    expect(r.notOnOrAfter).toBe(Date.UTC(2013, 10, 5, 2, 6, 42, 876));
    expect(r.destination).toBe('https://signin.aws.amazon.com/saml');
    expect(r.issuer).toBe('https://idp.example.com/saml');
    expect(r.samlAssertion).toBe(value);
  });

  it('three roles, the third written provider-first: all read as role + provider', () => {
    const r = parseSamlResponse(b64(read('example-response.multi-role.illustrative.xml')), { now: EXAMPLE_NOW });
    expect(r.roles).toEqual([
      { roleArn: 'arn:aws:iam::111122223333:role/role-name1', principalArn: 'arn:aws:iam::111122223333:saml-provider/provider-name' },
      { roleArn: 'arn:aws:iam::444455556666:role/role-name2', principalArn: 'arn:aws:iam::444455556666:saml-provider/provider-name' },
      { roleArn: 'arn:aws:iam::444455556666:role/role-name3', principalArn: 'arn:aws:iam::444455556666:saml-provider/provider-name' },
    ]);
    expect(r.sessionDuration).toBeUndefined();
    expect(r.roleSessionName).toBe('johndoe@example.com');
  });

  it("the IAM User Guide's Role fragment (placeholder ARNs) is refused as malformed pairs", () => {
    const frag = read('attribute-role.fragment.xml');
    const values = [...frag.matchAll(/<AttributeValue>([^<]*)<\/AttributeValue>/g)].map((m) => m[1]!);
    expect(values).toHaveLength(3);
    const e = err(() => parseSamlResponse(b64(exampleWithRoles(values)), { now: EXAMPLE_NOW }));
    expect(e).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'SAMLResponse' } });
    expect(e.message).toMatch(/value 1 of the Role attribute needs one IAM role ARN and one SAML provider ARN/);
  });

  it('the same fragment with real account ids: three pairs, duplicates dropped, whitespace around ARNs ignored', () => {
    const values = [1, 2, 3, 2].map((n) => ` arn:aws:iam::123456789012:role/role-name${n} , arn:aws:iam::123456789012:saml-provider/provider-name `);
    const r = parseSamlResponse(b64(exampleWithRoles(values)), { now: EXAMPLE_NOW });
    expect(r.roles.map((x) => x.roleArn)).toEqual([1, 2, 3].map((n) => `arn:aws:iam::123456789012:role/role-name${n}`));
  });

  it('GovCloud and China ARNs, and role paths', () => {
    const r = parseSamlResponse(
      b64(exampleWithRoles([
        'arn:aws-us-gov:iam::123456789012:role/Gov,arn:aws-us-gov:iam::123456789012:saml-provider/Okta',
        'arn:aws-cn:iam::210987654321:saml-provider/ADFS,arn:aws-cn:iam::210987654321:role/team/ops/Cn',
      ])),
      { now: EXAMPLE_NOW },
    );
    expect(r.roles).toEqual([
      { roleArn: 'arn:aws-us-gov:iam::123456789012:role/Gov', principalArn: 'arn:aws-us-gov:iam::123456789012:saml-provider/Okta' },
      { roleArn: 'arn:aws-cn:iam::210987654321:role/team/ops/Cn', principalArn: 'arn:aws-cn:iam::210987654321:saml-provider/ADFS' },
    ]);
  });

  it('several Role AttributeValues split over two Role attributes are all read', () => {
    const xml = buildSamlResponseXml({ roles: [{ roleArn: 'arn:aws:iam::123456789012:role/A', principalArn: 'arn:aws:iam::123456789012:saml-provider/P' }] }).replace(
      '</saml:AttributeStatement>',
      '<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role"><saml:AttributeValue>arn:aws:iam::123456789012:role/B,arn:aws:iam::123456789012:saml-provider/P</saml:AttributeValue></saml:Attribute></saml:AttributeStatement>',
    );
    expect(parseSamlResponse(b64(xml)).roles.map((x) => x.roleArn)).toEqual(['arn:aws:iam::123456789012:role/A', 'arn:aws:iam::123456789012:role/B']);
  });
});

const ROLE = { roleArn: 'arn:aws:iam::123456789012:role/Dev', principalArn: 'arn:aws:iam::123456789012:saml-provider/Okta' };

describe('form value and namespaces', () => {
  it('accepts line-wrapped base64, URL-encoded base64, "+" turned into spaces, and missing padding', () => {
    const value = buildSamlResponse({ roles: [ROLE], sessionDuration: 7200 });
    const variants = [
      buildSamlResponse({ roles: [ROLE], sessionDuration: 7200, wrap: true }),
      encodeURIComponent(value),
      value.replace(/\+/g, ' '),
      value.replace(/=+$/, ''),
      `\n  ${value}\n`,
    ];
    for (const v of variants) expect(parseSamlResponse(v).roles).toEqual([ROLE]);
  });

  it('matches elements by namespace URI, not prefix', () => {
    const v = buildSamlResponse({ roles: [ROLE], prefixes: { protocol: 'p2', assertion: 'a2' } });
    expect(parseSamlResponse(v).roles).toEqual([ROLE]);
    // The right local names in a foreign namespace are not SAML.
    const fake = buildSamlResponseXml({ roles: [ROLE] }).replace('xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"', 'xmlns:saml="urn:example:not-saml"');
    expect(err(() => parseSamlResponse(b64(fake))).message).toMatch(/holds no assertion/);
  });
});

describe('bad input: a clear INVALID_INPUT, never the assertion text', () => {
  const SECRET_NAME_ID = 'secret-nameid-0123456789abcdef';
  const good = buildSamlResponse({ roles: [ROLE], nameId: SECRET_NAME_ID });
  const cases: Array<[string, string, RegExp]> = [
    ['empty', '   ', /empty/],
    ['not base64', '<samlp:Response>not base64</samlp:Response>', /not base64/],
    ['base64 of non-XML', b64(`hello ${SECRET_NAME_ID}`), /not well-formed XML/],
    ['base64 of invalid UTF-8', Buffer.from([0xff, 0xfe, 0xfd, 0x3c]).toString('base64'), /invalid UTF-8/],
    ['not a Response', b64(`<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${SECRET_NAME_ID}</saml:Assertion>`), /not a SAML 2.0 Response/],
    ['no Role attribute', buildSamlResponse({ roles: [], noRoleAttribute: true, nameId: SECRET_NAME_ID }), /no https:\/\/aws.amazon.com\/SAML\/Attributes\/Role attribute/],
    ['empty Role attribute', buildSamlResponse({ roles: [], nameId: SECRET_NAME_ID }), /no https:\/\/aws.amazon.com\/SAML\/Attributes\/Role attribute/],
    ['one ARN only', buildSamlResponse({ roles: [ROLE.roleArn], nameId: SECRET_NAME_ID }), /value 1 of the Role attribute is not a "role ARN,provider ARN" pair/],
    ['three ARNs', buildSamlResponse({ roles: [`${ROLE.roleArn},${ROLE.principalArn},${ROLE.roleArn}`] }), /value 1 .* pair/],
    ['two roles', buildSamlResponse({ roles: [ROLE, `${ROLE.roleArn},${ROLE.roleArn}`] }), /value 2 of the Role attribute needs one IAM role ARN and one SAML provider ARN/],
    ['user instead of role', buildSamlResponse({ roles: ['arn:aws:iam::123456789012:user/Dev,arn:aws:iam::123456789012:saml-provider/Okta'] }), /needs one IAM role ARN/],
    ['bad account', buildSamlResponse({ roles: ['arn:aws:iam::12345:role/Dev,arn:aws:iam::12345:saml-provider/Okta'] }), /needs one IAM role ARN/],
    ['mixed partitions', buildSamlResponse({ roles: ['arn:aws:iam::123456789012:role/Dev,arn:aws-cn:iam::123456789012:saml-provider/Okta'] }), /different AWS partitions/],
    ['SessionDuration too long', buildSamlResponse({ roles: [ROLE], sessionDuration: 43_201 }), /SessionDuration must be a whole number of seconds from 900 to 43200/],
    ['SessionDuration too short', buildSamlResponse({ roles: [ROLE], sessionDuration: 899 }), /SessionDuration/],
    ['SessionDuration not a number', buildSamlResponse({ roles: [ROLE], sessionDuration: '1h' }), /SessionDuration/],
    ['expired', buildSamlResponse({ roles: [ROLE], notOnOrAfter: Date.now() - 1000, nameId: SECRET_NAME_ID }), /expired at .*sign in at the identity provider again/],
    ['encrypted', buildSamlResponse({ roles: [ROLE], encrypted: true }), /encrypted: AWS decrypts it, but Sigvault cannot read the roles in it. You can still sign in to the console normally/],
    ['IdP failure status', b64(buildSamlResponseXml({ roles: [ROLE] }).replace('status:Success', 'status:Responder')), /identity provider reported a failure \(status Responder\)/],
    ['bad NotOnOrAfter', b64(buildSamlResponseXml({ roles: [ROLE] }).replace(/NotOnOrAfter="[^"]*"/, 'NotOnOrAfter="tomorrow"')), /NotOnOrAfter is not a valid time/],
    ['DOCTYPE', b64(`<!DOCTYPE x [<!ENTITY e "${SECRET_NAME_ID}">]><x>&e;</x>`), /not well-formed XML/],
    ['too large', 'A'.repeat(MAX_SAML_RESPONSE_CHARS + 1), /larger than 256 KiB/],
  ];
  it.each(cases)('%s', (_name, value, message) => {
    const e = err(() => parseSamlResponse(value));
    expect(e).toBeInstanceOf(SigvaultError);
    expect(e).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'SAMLResponse' } });
    expect(e.message).toMatch(message);
    expect(e.message).not.toContain(SECRET_NAME_ID);
    expect(e.message).not.toContain(value.trim().slice(0, 24) || '\u0000');
  });

  it('the good response is read (the cases above fail for their own reason)', () => {
    expect(parseSamlResponse(good).roles).toEqual([ROLE]);
  });

  it('an assertion expiring exactly now is expired; one second later it is not', () => {
    const t = Date.UTC(2030, 0, 1);
    const v = buildSamlResponse({ roles: [ROLE], notOnOrAfter: t });
    expect(() => parseSamlResponse(v, { now: t })).toThrow(/expired/);
    expect(parseSamlResponse(v, { now: t - 1000 }).notOnOrAfter).toBe(t);
  });
});

describe('"+" turned into spaces, whatever the response holds', () => {
  it('decodes every response of many with its "+"s read as spaces (the whitespace-stripped reading may not be text)', () => {
    for (let i = 0; i < 200; i++) {
      const value = buildSamlResponse({ roles: [ROLE], sessionDuration: 900 + i, nameId: `_n${i}-${'x'.repeat(i % 7)}` });
      if (!value.includes('+')) continue;
      expect(parseSamlResponse(value.replace(/\+/g, ' ')).roles).toEqual([ROLE]);
    }
  });
});
