/**
 * AssumeRoleWithSAML, AssumeRoleWithWebIdentity and the SAML sign-in (ACS) for the STS stand-in
 * (hooked into ./sts-standin.ts), validating as AWS documents (../../../shared/aws-examples/saml/,
 * sts/parameters.md, sts/errors/README.md):
 *
 * SAML. Real AWS verifies the IdP's XML signature against the metadata of the IAM SAML provider; the
 * stand-in takes unsigned, test-built responses (./saml-builder.ts) and checks only: the structure
 * (base64 → XML → `samlp:Response` with a `saml:Assertion`, by namespace URI), expiry
 * (SubjectConfirmationData / Conditions `NotOnOrAfter` → `ExpiredTokenException`), the
 * `RoleArn,PrincipalArn` pair being one of the assertion's Role values (either order), the provider
 * being registered (`addSamlProvider`) and trusted by the role (`RoleTrust.federated`) — otherwise
 * AccessDenied "Not authorized to perform sts:AssumeRoleWithSAML" —, the provider's issuer when one was
 * registered, RoleSessionName / SourceIdentity with the documented InvalidIdentityToken messages, and
 * DurationSeconds against the role's MaxSessionDuration (AWS's ValidationError "The requested
 * DurationSeconds exceeds the MaxSessionDuration set for this role."). The assertion's SessionDuration
 * (and AuthnStatement SessionNotOnOrAfter) can only shorten the session, as the IAM User Guide says for
 * AssumeRoleWithSAML: the credentials expire at the earliest of the three. Replay: AWS's pages document no
 * one-time use, and capture tools (samltoawsstskeys) rely on reusing the assertion the console already
 * consumed within its validity, so the stand-in allows reuse and counts it (`samlUses`).
 *
 * Web identity. The JWT's signature is not verified (the stand-in has no IdP keys); checked: three
 * base64url JSON parts, `exp` (ExpiredTokenException), `iss` registered as an OIDC provider in the role's
 * account (`addOidcProvider`; else InvalidIdentityToken "No OpenIDConnect provider found in your account
 * for <iss>"), `aud` among the provider's client ids (else InvalidIdentityToken "Incorrect token
 * audience"), the provider trusted by the role (else AccessDenied "Not authorized to perform
 * sts:AssumeRoleWithWebIdentity").
 *
 * Where AWS documents no wording (a response that is not base64 or XML, an unknown provider), the messages
 * are the stand-in's own, under AWS's code InvalidIdentityToken.
 * @module
 */

import { createHash } from 'node:crypto';
import { parseXml, type XmlElement } from '../../src/core/sts/xml.ts';

const SAMLP = 'urn:oasis:names:tc:SAML:2.0:protocol';
const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';
const ATTR = 'https://aws.amazon.com/SAML/Attributes/';

/** An STS error to answer (sts-standin turns it into its `<ErrorResponse>`). */
export class FederatedFault extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const invalidToken = (m: string) => new FederatedFault('InvalidIdentityToken', 400, m);
const EXPIRED = 'The web identity token that was passed is expired or is not valid. Get a new identity token from the identity provider and then retry the request.';

export interface SamlProviderRecord {
  arn: string;
  /** When set, the assertion's Issuer must equal it. */
  issuer?: string;
}

export interface OidcProviderRecord {
  arn: string;
  /** Issuer URL as in the token's `iss` (https://host/path). */
  url: string;
  clientIds: string[];
  account: string;
}

export interface SamlFacts {
  responseId: string;
  issuer: string;
  destination?: string;
  recipient?: string;
  notOnOrAfter?: number;
  sessionNotOnOrAfter?: number;
  nameId?: string;
  nameIdFormat?: string;
  /** Role attribute values as written (`a,b`). */
  roleValues: string[];
  sessionDuration?: number;
  roleSessionName?: string;
  sourceIdentity?: string;
}

const isEl = (n: unknown, ns: string, local: string): n is XmlElement =>
  typeof n === 'object' && n !== null && (n as XmlElement).namespace === ns && (n as XmlElement).localName === local;
const kid = (el: XmlElement | undefined, ns: string, local: string) => el?.children.find((c): c is XmlElement => isEl(c, ns, local));
const kids = (el: XmlElement | undefined, ns: string, local: string) => (el?.children ?? []).filter((c): c is XmlElement => isEl(c, ns, local));
const text = (el: XmlElement | undefined) => (el ? el.children.filter((c): c is string => typeof c === 'string').join('').trim() : undefined);
const time = (v: string | undefined) => (v === undefined ? undefined : Date.parse(v));

/**
 * Decode a base64 SAMLResponse into the facts AWS looks at.
 * @throws FederatedFault InvalidIdentityToken for anything that is not a readable SAML 2.0 response
 */
export function readSamlAssertion(b64: string): SamlFacts {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) throw invalidToken('Invalid SAML response: not base64.');
  let root: XmlElement;
  try {
    root = parseXml(Buffer.from(b64, 'base64').toString('utf8'));
  } catch {
    throw invalidToken('Invalid SAML response: not well-formed XML.');
  }
  if (!isEl(root, SAMLP, 'Response')) throw invalidToken('Invalid SAML response: not a SAML 2.0 Response.');
  const a = kid(root, SAML, 'Assertion');
  if (!a) throw invalidToken(kid(root, SAML, 'EncryptedAssertion') ? 'Invalid SAML response: the stand-in cannot decrypt assertions.' : 'Invalid SAML response: no assertion.');
  const subject = kid(a, SAML, 'Subject');
  const nameIdEl = kid(subject, SAML, 'NameID');
  const confirmations = kids(subject, SAML, 'SubjectConfirmation');
  const data = kid(confirmations[0], SAML, 'SubjectConfirmationData');
  const times = [time(data?.attributes['NotOnOrAfter']), time(kid(a, SAML, 'Conditions')?.attributes['NotOnOrAfter'])].filter((t): t is number => t !== undefined && !Number.isNaN(t));
  const attrs = new Map<string, string[]>();
  for (const st of kids(a, SAML, 'AttributeStatement')) {
    for (const at of kids(st, SAML, 'Attribute')) {
      const name = at.attributes['Name'] ?? '';
      attrs.set(name, [...(attrs.get(name) ?? []), ...kids(at, SAML, 'AttributeValue').map((v) => text(v) ?? '')]);
    }
  }
  const sd = attrs.get(ATTR + 'SessionDuration')?.[0];
  const sna = time(kid(a, SAML, 'AuthnStatement')?.attributes['SessionNotOnOrAfter']);
  const facts: SamlFacts = {
    responseId: root.attributes['ID'] ?? '',
    issuer: text(kid(root, SAML, 'Issuer')) ?? text(kid(a, SAML, 'Issuer')) ?? '',
    roleValues: attrs.get(ATTR + 'Role') ?? [],
  };
  const put = <K extends keyof SamlFacts>(k: K, v: SamlFacts[K] | undefined) => {
    if (v !== undefined && v !== '') facts[k] = v;
  };
  put('destination', root.attributes['Destination']);
  put('recipient', data?.attributes['Recipient']);
  put('notOnOrAfter', times.length ? Math.min(...times) : undefined);
  put('sessionNotOnOrAfter', sna !== undefined && !Number.isNaN(sna) ? sna : undefined);
  put('nameId', text(nameIdEl));
  put('nameIdFormat', nameIdEl?.attributes['Format']);
  put('sessionDuration', sd !== undefined && /^\d+$/.test(sd) ? Number(sd) : undefined);
  put('roleSessionName', attrs.get(ATTR + 'RoleSessionName')?.[0]);
  put('sourceIdentity', attrs.get(ATTR + 'SourceIdentity')?.[0]);
  return facts;
}

/** Whether `roleArn,principalArn` is one of the assertion's Role values (either order). */
export function assertionOffers(facts: SamlFacts, roleArn: string, principalArn: string): boolean {
  return facts.roleValues.some((v) => {
    const parts = v.split(',').map((p) => p.trim());
    return parts.length === 2 && parts.includes(roleArn) && parts.includes(principalArn);
  });
}

/** The role/provider pairs of the assertion, role first (values that are not pairs are skipped). */
export function assertionPairs(facts: SamlFacts): Array<{ roleArn: string; principalArn: string }> {
  const out: Array<{ roleArn: string; principalArn: string }> = [];
  for (const v of facts.roleValues) {
    const parts = v.split(',').map((p) => p.trim());
    const roleArn = parts.find((p) => /:role\//.test(p));
    const principalArn = parts.find((p) => /:saml-provider\//.test(p));
    if (parts.length === 2 && roleArn && principalArn && !out.some((o) => o.roleArn === roleArn && o.principalArn === principalArn)) out.push({ roleArn, principalArn });
  }
  return out;
}

export function checkSessionAttributes(facts: SamlFacts): string {
  const name = facts.roleSessionName;
  if (name === undefined) throw invalidToken('RoleSessionName is required in AuthnResponse');
  if (!/^[a-zA-Z_0-9+=,.@-]{2,64}$/.test(name)) throw invalidToken('RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}');
  const si = facts.sourceIdentity;
  if (si !== undefined && (!/^[a-zA-Z_0-9+=,.@-]{2,64}$/.test(si) || si.startsWith('aws:'))) {
    throw invalidToken('Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with "aws:"');
  }
  return name;
}

export interface JwtFacts {
  iss: string;
  sub: string;
  aud: string[];
  exp?: number;
}

/** A JWT's claims (no signature check). @throws FederatedFault */
export function readJwt(token: string): JwtFacts {
  const parts = token.split('.');
  const json = (p: string | undefined): Record<string, unknown> | undefined => {
    if (p === undefined || !/^[A-Za-z0-9_-]+$/.test(p)) return undefined;
    try {
      const v = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as unknown;
      return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  };
  const header = json(parts[0]);
  const claims = json(parts[1]);
  if (parts.length !== 3 || !header || !claims || !parts[2]) throw invalidToken("Couldn't parse the web identity token: it is not a signed JWT.");
  const aud = typeof claims['aud'] === 'string' ? [claims['aud']] : Array.isArray(claims['aud']) ? claims['aud'].filter((a): a is string => typeof a === 'string') : [];
  if (typeof claims['iss'] !== 'string' || typeof claims['sub'] !== 'string') throw invalidToken("Couldn't parse the web identity token: iss and sub are required.");
  return { iss: claims['iss'], sub: claims['sub'], aud, ...(typeof claims['exp'] === 'number' ? { exp: claims['exp'] * 1000 } : {}) };
}

export const samlFault = {
  expired: () => new FederatedFault('ExpiredTokenException', 400, EXPIRED),
  notAuthorizedSaml: () => new FederatedFault('AccessDenied', 403, 'Not authorized to perform sts:AssumeRoleWithSAML'),
  notAuthorizedWeb: () => new FederatedFault('AccessDenied', 403, 'Not authorized to perform sts:AssumeRoleWithWebIdentity'),
  noProvider: () => invalidToken("Specified provider doesn't exist."),
  issuer: () => invalidToken('Issuer not present in specified provider'),
  noOidcProvider: (iss: string) => invalidToken(`No OpenIDConnect provider found in your account for ${iss}`),
  audience: () => invalidToken('Incorrect token audience'),
  invalidToken,
};

/** AWS's NameQualifier: BASE64(SHA1(Issuer + account + "/" + providerName)). */
export function nameQualifier(issuer: string, account: string, providerName: string): string {
  return createHash('sha1').update(issuer + account + '/' + providerName).digest('base64');
}

/** `https://host/path` / `host/path` → `host/path` (how IAM names OIDC providers). */
export function oidcProviderKey(url: string): string {
  return url.replace(/^https:\/\//, '').replace(/\/+$/, '');
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A test identity provider's page: a form that POSTs `SAMLResponse` (and `RelayState`) to the ACS URL
 * and submits itself on load (the HTTP-POST binding IdPs use).
 */
export function idpPageHtml(samlResponse: string, acsUrl: string, relayState?: string): string {
  return (
    `<!doctype html>\n<html><head><meta charset="utf-8"><title>Test IdP — signing you in to AWS</title></head>\n` +
    `<body onload="document.forms[0].submit()">\n<form id="idp-post" method="post" action="${esc(acsUrl)}">\n` +
    `<input type="hidden" name="SAMLResponse" value="${esc(samlResponse)}">\n` +
    (relayState !== undefined ? `<input type="hidden" name="RelayState" value="${esc(relayState)}">\n` : '') +
    `<noscript><button type="submit">Continue</button></noscript>\n</form>\n</body></html>\n`
  );
}

/** The console's role chooser, as AWS's sign-in shows it at `/saml` for several Role values. */
export function roleChooserHtml(samlResponse: string, pairs: Array<{ roleArn: string }>, relayState?: string): string {
  const rows = pairs
    .map((p, i) => {
      const m = /^arn:[^:]+:iam::(\d{12}):role\/(.+)$/.exec(p.roleArn);
      return `<div class="saml-account"><div class="saml-account-name">Account: ${esc(m?.[1] ?? '')}</div>` +
        `<div class="saml-role"><input type="radio" name="roleIndex" value="${esc(p.roleArn)}" id="${esc(p.roleArn)}" class="saml-radio"${i === 0 ? ' checked' : ''}>` +
        `<label for="${esc(p.roleArn)}" class="saml-role-description">${esc(m?.[2] ?? p.roleArn)}</label></div></div>`;
    })
    .join('\n');
  return (
    `<!doctype html>\n<html><head><meta charset="utf-8"><title>Amazon Web Services Sign-In</title></head>\n<body data-role-chooser="${pairs.length}">\n` +
    `<form id="saml_form" name="saml_form" action="/saml" method="post">\n<p>Select a role:</p>\n<fieldset>\n${rows}\n</fieldset>\n` +
    `<input type="hidden" name="SAMLResponse" value="${esc(samlResponse)}">\n` +
    (relayState !== undefined ? `<input type="hidden" name="RelayState" value="${esc(relayState)}">\n` : '') +
    `<input type="submit" id="signin_button" value="Sign in">\n</form>\n</body></html>\n`
  );
}
