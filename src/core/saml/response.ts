/**
 * Reading a captured SAML 2.0 response (the `SAMLResponse` form value an identity provider makes the
 * browser POST to AWS's sign-in `/saml` endpoint) for what Sigvault needs: the role / SAML-provider pairs
 * AWS would offer, the session duration the IdP allows, and the assertion's validity.
 *
 * What AWS expects (IAM User Guide, "Configure SAML assertions for the authentication response"; copies in
 * ../shared/aws-examples/saml/): attribute `https://aws.amazon.com/SAML/Attributes/Role` with one or more
 * values, each "a comma-delimited pair of ARNs" role + provider (written either order by IdPs: both are
 * accepted, told apart by their shape); `…/SessionDuration` 900–43200 seconds; `…/RoleSessionName`; the
 * assertion's `SubjectConfirmationData NotOnOrAfter` (and `Conditions NotOnOrAfter`) bound its use.
 *
 * Elements are matched by namespace URI + local name (`urn:oasis:names:tc:SAML:2.0:protocol` /
 * `…:assertion`), never by prefix. The signature is NOT checked: AWS verifies it when the assertion is
 * used; Sigvault only reads the roles to offer them. An encrypted assertion cannot be read (only AWS holds
 * the key).
 *
 * The response is a bearer secret: no error message quotes any of its text (only positions, counts and
 * attribute names from AWS's documentation).
 * @module
 */

import { fromBase64, utf8Decode } from '../bytes.ts';
import { SigvaultError } from '../errors.ts';
import { parseIsoTimestamp } from '../sts/response.ts';
import { XmlError, childElements, directText, parseXml, type XmlElement } from '../sts/xml.ts';

export const SAMLP_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
export const SAML_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
export const ROLE_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/Role';
export const SESSION_DURATION_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/SessionDuration';
export const ROLE_SESSION_NAME_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/RoleSessionName';
/** Largest `SAMLResponse` form value read (characters). AWS's own limit for AssumeRoleWithSAML is 100,000. */
export const MAX_SAML_RESPONSE_CHARS = 256 * 1024;

export interface SamlRolePair {
  /** `arn:<partition>:iam::<account>:role/<path/>name` */
  roleArn: string;
  /** `arn:<partition>:iam::<account>:saml-provider/<name>` */
  principalArn: string;
}

export interface SamlResponseInfo {
  /** Each distinct pair once, in the assertion's order. */
  roles: SamlRolePair[];
  /** The IdP's SessionDuration attribute (seconds, 900–43200). */
  sessionDuration?: number;
  roleSessionName?: string;
  /** ms since the epoch: the earliest of SubjectConfirmationData and Conditions NotOnOrAfter. */
  notOnOrAfter?: number;
  /** The Response's Destination attribute (the ACS URL it was made for). */
  destination?: string;
  /** The IdP (Response or Assertion Issuer). */
  issuer?: string;
  /** The cleaned base64 (whitespace and URL-encoding removed): what AssumeRoleWithSAML wants. */
  samlAssertion: string;
}

export interface ParseSamlOptions {
  /** Clock for the expiry check, ms since the epoch (default Date.now()). */
  now?: number;
}

const fail = (message: string): SigvaultError => new SigvaultError('INVALID_INPUT', message, { field: 'SAMLResponse' });

const ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc):iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const PROVIDER_ARN = /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc):iam::(\d{12}):saml-provider\/[\w.-]{1,128}$/;

/**
 * The form value → standard base64 without whitespace. Tolerates line breaks, URL-encoding left in by
 * a raw form body (`%2B`, `%3D`…), `+` turned into spaces by a second form decoding, missing padding.
 */
export function cleanSamlResponseValue(value: string): string[] {
  let v = value.trim();
  if (v.includes('%')) {
    try {
      v = decodeURIComponent(v);
    } catch {
      throw fail('The SAML response is not base64 (a broken %-escape).');
    }
  }
  const candidates = [v.replace(/\s+/g, '')];
  if (/ /.test(v.replace(/^\s+|\s+$/g, ''))) candidates.push(v.replace(/[\r\n\t]+/g, '').replace(/ /g, '+'));
  return candidates.map((c) => (c.length % 4 === 0 ? c : c + '='.repeat(4 - (c.length % 4))));
}

function decodeBase64(value: string): { base64: string; text: string } {
  const candidates = cleanSamlResponseValue(value);
  let notText = false;
  for (const c of candidates) {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(c)) continue;
    let bytes: Uint8Array;
    try {
      bytes = fromBase64(c);
    } catch {
      // Not canonical in its last character (some encoders): mask the unused bits and retry.
      try {
        bytes = fromBase64(canonicalTail(c));
      } catch {
        continue;
      }
    }
    let text: string;
    try {
      text = utf8Decode(bytes);
    } catch {
      // the wrong reading of an ambiguous value (spaces that were "+") decodes to bytes that are not
      // text: try the next reading before saying so
      notText = true;
      continue;
    }
    if (candidates.length > 1 && !text.trimStart().startsWith('<')) continue;
    return { base64: c, text };
  }
  if (notText) throw fail('The SAML response is not text (invalid UTF-8 after base64 decoding).');
  throw fail('The SAML response is not base64.');
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function canonicalTail(c: string): string {
  const pad = c.endsWith('==') ? 2 : c.endsWith('=') ? 1 : 0;
  if (pad === 0) return c;
  const i = c.length - pad - 1;
  const mask = pad === 2 ? 0b110000 : 0b111100;
  return c.slice(0, i) + B64[B64.indexOf(c[i]!) & mask] + c.slice(i + 1);
}

const isSaml = (el: XmlElement, ns: string, local: string): boolean => el.namespace === ns && el.localName === local;
const child = (el: XmlElement, ns: string, local: string): XmlElement | undefined => el.children.find((c): c is XmlElement => typeof c !== 'string' && isSaml(c, ns, local));
const children = (el: XmlElement, ns: string, local: string): XmlElement[] => childElements(el).filter((c) => isSaml(c, ns, local));

function timeAttr(el: XmlElement | undefined, what: string): number | undefined {
  const v = el?.attributes['NotOnOrAfter'];
  if (v === undefined) return undefined;
  const t = parseIsoTimestamp(v);
  if (t === undefined) throw fail(`The SAML response's ${what} NotOnOrAfter is not a valid time.`);
  return t;
}

function rolePair(value: string, index: number): SamlRolePair {
  const parts = value.split(',').map((p) => p.trim());
  const where = `value ${index + 1} of the Role attribute`;
  if (parts.length !== 2) throw fail(`The SAML response's ${where} is not a "role ARN,provider ARN" pair.`);
  const role = parts.find((p) => ROLE_ARN.test(p));
  const provider = parts.find((p) => PROVIDER_ARN.test(p));
  if (!role || !provider) throw fail(`The SAML response's ${where} needs one IAM role ARN and one SAML provider ARN.`);
  if (ROLE_ARN.exec(role)![1] !== PROVIDER_ARN.exec(provider)![1]) throw fail(`The SAML response's ${where} pairs a role and a provider of different AWS partitions.`);
  return { roleArn: role, principalArn: provider };
}

/**
 * Decode and read a `SAMLResponse` form value.
 * @throws SigvaultError INVALID_INPUT (field `SAMLResponse`): too large, not base64, not XML, not a
 *   SAML 2.0 Response, an IdP failure status, an encrypted assertion, no Role attribute, a malformed
 *   pair, a bad SessionDuration, or an assertion already expired at `now`
 * @example parseSamlResponse(form.SAMLResponse[0], { now: Date.now() }).roles
 */
export function parseSamlResponse(value: string, options: ParseSamlOptions = {}): SamlResponseInfo {
  if (typeof value !== 'string' || value.trim() === '') throw fail('The SAML response is empty.');
  if (value.length > MAX_SAML_RESPONSE_CHARS) throw fail(`The SAML response is larger than ${MAX_SAML_RESPONSE_CHARS / 1024} KiB.`);
  const { base64, text } = decodeBase64(value);
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (e) {
    if (!(e instanceof XmlError)) throw e;
    throw fail(`The SAML response is not well-formed XML (line ${e.line}, column ${e.column}).`);
  }
  if (!isSaml(root, SAMLP_NS, 'Response')) throw fail('The SAML response is not a SAML 2.0 Response (samlp:Response).');
  const status = child(root, SAMLP_NS, 'Status');
  const code = status ? child(status, SAMLP_NS, 'StatusCode')?.attributes['Value'] : undefined;
  if (code !== undefined && code !== 'urn:oasis:names:tc:SAML:2.0:status:Success') {
    throw fail(`The identity provider reported a failure (status ${code.replace(/^urn:oasis:names:tc:SAML:2\.0:status:/, '').slice(0, 80)}).`);
  }
  const assertion = child(root, SAML_NS, 'Assertion');
  if (!assertion) {
    if (child(root, SAML_NS, 'EncryptedAssertion')) {
      throw fail('The SAML assertion is encrypted: AWS decrypts it, but Sigvault cannot read the roles in it. You can still sign in to the console normally.');
    }
    throw fail('The SAML response holds no assertion.');
  }

  const issuerEl = child(root, SAML_NS, 'Issuer') ?? child(assertion, SAML_NS, 'Issuer');
  const subject = child(assertion, SAML_NS, 'Subject');
  const confirmations = subject ? children(subject, SAML_NS, 'SubjectConfirmation') : [];
  const times = [
    ...confirmations.map((c) => timeAttr(child(c, SAML_NS, 'SubjectConfirmationData'), 'SubjectConfirmationData')),
    timeAttr(child(assertion, SAML_NS, 'Conditions'), 'Conditions'),
  ].filter((t): t is number => t !== undefined);
  const notOnOrAfter = times.length ? Math.min(...times) : undefined;
  const now = options.now ?? Date.now();
  if (notOnOrAfter !== undefined && now >= notOnOrAfter) {
    throw fail(`The SAML assertion expired at ${new Date(notOnOrAfter).toISOString()}: sign in at the identity provider again.`);
  }

  const values = new Map<string, string[]>();
  for (const st of children(assertion, SAML_NS, 'AttributeStatement')) {
    for (const a of children(st, SAML_NS, 'Attribute')) {
      const name = a.attributes['Name'];
      if (name === undefined) continue;
      const list = values.get(name) ?? [];
      for (const v of children(a, SAML_NS, 'AttributeValue')) list.push(directText(v).trim());
      values.set(name, list);
    }
  }
  const roleValues = values.get(ROLE_ATTRIBUTE);
  if (!roleValues || roleValues.length === 0) throw fail(`The SAML response has no ${ROLE_ATTRIBUTE} attribute: the identity provider offers no AWS role.`);
  const roles: SamlRolePair[] = [];
  const seen = new Set<string>();
  roleValues.forEach((v, i) => {
    const pair = rolePair(v, i);
    const key = `${pair.roleArn},${pair.principalArn}`;
    if (!seen.has(key)) {
      seen.add(key);
      roles.push(pair);
    }
  });

  const out: SamlResponseInfo = { roles, samlAssertion: base64 };
  const sd = values.get(SESSION_DURATION_ATTRIBUTE)?.[0];
  if (sd !== undefined) {
    if (!/^\d{1,6}$/.test(sd) || Number(sd) < 900 || Number(sd) > 43_200) throw fail('The SAML response\'s SessionDuration must be a whole number of seconds from 900 to 43200.');
    out.sessionDuration = Number(sd);
  }
  const rsn = values.get(ROLE_SESSION_NAME_ATTRIBUTE)?.[0];
  if (rsn) out.roleSessionName = rsn;
  if (notOnOrAfter !== undefined) out.notOnOrAfter = notOnOrAfter;
  const dest = root.attributes['Destination'];
  if (dest) out.destination = dest;
  const issuer = issuerEl ? directText(issuerEl).trim() : '';
  if (issuer) out.issuer = issuer;
  return out;
}
