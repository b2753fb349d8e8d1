/**
 * Builds SAML 2.0 responses for tests, shaped like AWS's example response
 * (../shared/aws-examples/saml/example-response.illustrative.xml): `samlp:Response` → Issuer, Status,
 * `saml:Assertion` (Issuer, Subject with a bearer SubjectConfirmationData NotOnOrAfter/Recipient,
 * Conditions, AuthnStatement, AttributeStatement with AWS's Role / RoleSessionName / SessionDuration
 * attributes). UNSIGNED: real IdPs sign responses and AWS verifies the signature; the stand-in checks
 * only the structure (see sts-standin.ts).
 * @module
 */

export interface SamlRoleSpec {
  roleArn: string;
  principalArn: string;
  /** Write this pair provider-first (some IdPs do). */
  providerFirst?: boolean;
}

export interface BuildSamlOptions {
  /** Role/provider pairs; a raw string is written as the AttributeValue as it is (for malformed-pair tests). */
  roles: Array<SamlRoleSpec | string>;
  /** SessionDuration attribute (seconds); a string is written verbatim. */
  sessionDuration?: number | string;
  /** SubjectConfirmationData and Conditions NotOnOrAfter, ms since the epoch (default: now + 5 min). */
  notOnOrAfter?: number;
  /** Default `https://idp.example.com/saml`. */
  issuer?: string;
  /** Response Destination and Recipient (default `https://signin.aws.amazon.com/saml`). */
  destination?: string;
  /** Default `sigvault-tester`; null leaves the attribute out. */
  roleSessionName?: string | null;
  /** Replace the Assertion by an EncryptedAssertion (no readable attributes). */
  encrypted?: boolean;
  /** Namespace prefixes (default samlp / saml): parsers must not depend on them. */
  prefixes?: { protocol: string; assertion: string };
  /** NameID (default `_cbb88bf52c2510eabe00c1642d4643f41430fe25e3`, as in AWS's example). */
  nameId?: string;
  /** Leave the Role attribute out. */
  noRoleAttribute?: boolean;
  /** Wrap the base64 every 76 characters (as some IdPs do). */
  wrap?: boolean;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The XML text of a response. */
export function buildSamlResponseXml(o: BuildSamlOptions): string {
  const p = o.prefixes?.protocol ?? 'samlp';
  const a = o.prefixes?.assertion ?? 'saml';
  const now = Date.now();
  const issued = new Date(now).toISOString();
  const until = new Date(o.notOnOrAfter ?? now + 5 * 60_000).toISOString();
  const dest = o.destination ?? 'https://signin.aws.amazon.com/saml';
  const issuer = o.issuer ?? 'https://idp.example.com/saml';
  const id = `_${Math.random().toString(16).slice(2)}${Math.random().toString(16).slice(2)}`;
  const attr = (name: string, values: string[]) =>
    `      <${a}:Attribute Name="${esc(name)}">\n${values.map((v) => `        <${a}:AttributeValue>${esc(v)}</${a}:AttributeValue>\n`).join('')}      </${a}:Attribute>\n`;
  let attrs = '';
  if (!o.noRoleAttribute) {
    attrs += attr('https://aws.amazon.com/SAML/Attributes/Role', o.roles.map((r) => (typeof r === 'string' ? r : r.providerFirst ? `${r.principalArn},${r.roleArn}` : `${r.roleArn},${r.principalArn}`)));
  }
  const rsn = o.roleSessionName === undefined ? 'sigvault-tester' : o.roleSessionName;
  if (rsn !== null) attrs += attr('https://aws.amazon.com/SAML/Attributes/RoleSessionName', [rsn]);
  if (o.sessionDuration !== undefined) attrs += attr('https://aws.amazon.com/SAML/Attributes/SessionDuration', [String(o.sessionDuration)]);
  const assertion = o.encrypted
    ? `  <${a}:EncryptedAssertion>\n    <xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#" Type="http://www.w3.org/2001/04/xmlenc#Element"><xenc:CipherData><xenc:CipherValue>bm90IHJlYWRhYmxl</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData>\n  </${a}:EncryptedAssertion>\n`
    : `  <${a}:Assertion ID="${id}a" Version="2.0" IssueInstant="${issued}">\n` +
      `    <${a}:Issuer>${esc(issuer)}</${a}:Issuer>\n` +
      `    <${a}:Subject>\n      <${a}:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${esc(o.nameId ?? '_cbb88bf52c2510eabe00c1642d4643f41430fe25e3')}</${a}:NameID>\n` +
      `      <${a}:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">\n        <${a}:SubjectConfirmationData NotOnOrAfter="${until}" Recipient="${esc(dest)}"/>\n      </${a}:SubjectConfirmation>\n    </${a}:Subject>\n` +
      `    <${a}:Conditions NotBefore="${new Date(now - 60_000).toISOString()}" NotOnOrAfter="${until}">\n      <${a}:AudienceRestriction>\n        <${a}:Audience>https://signin.aws.amazon.com/saml</${a}:Audience>\n      </${a}:AudienceRestriction>\n    </${a}:Conditions>\n` +
      `    <${a}:AuthnStatement AuthnInstant="${issued}" SessionIndex="${id}s">\n      <${a}:AuthnContext>\n        <${a}:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</${a}:AuthnContextClassRef>\n      </${a}:AuthnContext>\n    </${a}:AuthnStatement>\n` +
      `    <${a}:AttributeStatement>\n${attrs}    </${a}:AttributeStatement>\n  </${a}:Assertion>\n`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<${p}:Response xmlns:${p}="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:${a}="urn:oasis:names:tc:SAML:2.0:assertion" ID="${id}" Version="2.0" IssueInstant="${issued}" Destination="${esc(dest)}">\n` +
    `  <${a}:Issuer>${esc(issuer)}</${a}:Issuer>\n  <${p}:Status>\n    <${p}:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/>\n  </${p}:Status>\n` +
    assertion +
    `</${p}:Response>\n`
  );
}

/** The base64 `SAMLResponse` form value of a response. */
export function buildSamlResponse(o: BuildSamlOptions): string {
  const b64 = Buffer.from(buildSamlResponseXml(o), 'utf8').toString('base64');
  return o.wrap ? b64.replace(/(.{76})/g, '$1\r\n') : b64;
}
