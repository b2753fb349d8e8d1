/**
 * Reading STS success responses (parsed by local name with ./xml.ts): each action's result, the
 * credentials (whitespace stripped: the API reference samples wrap tokens), timestamps.
 * @module
 */

import { childElement, childText, directText, type XmlElement } from './xml.ts';
import { isRootArn } from './partition.ts';
import type { AssumeRoleResult, CallerIdentity, FederationTokenResult, SamlRoleResult, SessionTokenResult, TemporaryCredentials, WebIdentityRoleResult } from './types.ts';


/** ISO-8601 UTC timestamp (`2019-11-09T13:34:41Z`, `…41.359Z`, `…41+00:00`) → ms since the epoch. */
export function parseIsoTimestamp(s: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})$/.exec(s.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, sec] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return undefined;
  const ms = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  let t = Date.UTC(y, mo - 1, d, h, mi, sec, ms);
  if (new Date(t).getUTCDate() !== d && sec !== 60) return undefined;
  const tz = m[8]!;
  if (tz !== 'Z') {
    const sign = tz[0] === '-' ? -1 : 1;
    const digits = tz.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2));
    if (oh > 23 || om > 59) return undefined;
    t -= sign * (oh * 60 + om) * 60_000;
  }
  return t;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** HTTP `Date` (IMF-fixdate `Tue, 26 Jan 2016 21:57:47 GMT`) → ms since the epoch. */
export function parseHttpDate(s: string | null | undefined): number | undefined {
  if (!s) return undefined;
  const m = /^\s*(?:[A-Za-z]{3},\s*)?(\d{1,2})[\s-]([A-Za-z]{3})[\s-](\d{2,4})\s+(\d{2}):(\d{2}):(\d{2})\s*(?:GMT|UTC|\+0000|Z)\s*$/.exec(s);
  if (!m) return undefined;
  const mon = MONTHS.indexOf(m[2]![0]!.toUpperCase() + m[2]!.slice(1).toLowerCase());
  if (mon < 0) return undefined;
  let year = Number(m[3]);
  if (year < 100) year += year < 70 ? 2000 : 1900;
  const t = Date.UTC(year, mon, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  return Number.isNaN(t) ? undefined : t;
}

/** A 200 answer that is not the expected STS response (the client turns it into an InvalidResponse StsError). */
export class BadResponse extends Error {}

function need(el: XmlElement, name: string): XmlElement {
  const c = childElement(el, name);
  if (!c) throw new BadResponse(`missing <${name}> in <${el.localName}>`);
  return c;
}

function needText(el: XmlElement, name: string, stripAllSpace = false): string {
  const raw = directText(need(el, name));
  const v = stripAllSpace ? raw.replace(/\s+/g, '') : raw.trim();
  if (v === '') throw new BadResponse(`empty <${name}>`);
  return v;
}

function parseCredentials(result: XmlElement): TemporaryCredentials {
  const c = need(result, 'Credentials');
  const expirationText = needText(c, 'Expiration');
  const expiration = parseIsoTimestamp(expirationText);
  if (expiration === undefined) throw new BadResponse('unreadable <Expiration>');
  return {
    accessKeyId: needText(c, 'AccessKeyId', true),
    secretAccessKey: needText(c, 'SecretAccessKey', true),
    sessionToken: needText(c, 'SessionToken', true),
    expiration,
  };
}

function optionalInt(result: XmlElement, name: string): number | undefined {
  const t = childText(result, name);
  if (t === undefined || t === '') return undefined;
  if (!/^\d+$/.test(t)) throw new BadResponse(`<${name}> is not a number`);
  return Number(t);
}

/** The `<ActionResult>` element of a success body, and the request id. */
export function successResult(action: string, root: XmlElement): { result: XmlElement; requestId: string | undefined } {
  if (root.localName !== `${action}Response`) throw new BadResponse(`expected <${action}Response>, got <${root.localName}>`);
  const result = childElement(root, `${action}Result`);
  if (!result) throw new BadResponse(`missing <${action}Result>`);
  const meta = childElement(root, 'ResponseMetadata');
  const requestId = meta ? childText(meta, 'RequestId') : undefined;
  return { result, requestId: requestId || undefined };
}

const rid = (requestId: string | undefined) => (requestId ? { requestId } : {});

export function readCallerIdentity(r: XmlElement, requestId: string | undefined): CallerIdentity {
  const arn = needText(r, 'Arn');
  return { account: needText(r, 'Account'), arn, userId: needText(r, 'UserId'), isRoot: isRootArn(arn), ...rid(requestId) };
}

export function readSessionToken(r: XmlElement, requestId: string | undefined): SessionTokenResult {
  return { credentials: parseCredentials(r), ...rid(requestId) };
}

export function readAssumeRole(r: XmlElement, requestId: string | undefined): AssumeRoleResult {
  const u = need(r, 'AssumedRoleUser');
  const out: AssumeRoleResult = {
    credentials: parseCredentials(r),
    assumedRoleUser: { arn: needText(u, 'Arn'), assumedRoleId: needText(u, 'AssumedRoleId') },
    ...rid(requestId),
  };
  const size = optionalInt(r, 'PackedPolicySize');
  if (size !== undefined) out.packedPolicySize = size;
  const si = childText(r, 'SourceIdentity');
  if (si) out.sourceIdentity = si;
  return out;
}

export function readFederationToken(r: XmlElement, requestId: string | undefined): FederationTokenResult {
  const u = need(r, 'FederatedUser');
  const out: FederationTokenResult = {
    credentials: parseCredentials(r),
    federatedUser: { arn: needText(u, 'Arn'), federatedUserId: needText(u, 'FederatedUserId') },
    ...rid(requestId),
  };
  const size = optionalInt(r, 'PackedPolicySize');
  if (size !== undefined) out.packedPolicySize = size;
  return out;
}

/** The optional text elements of a result, copied when present and non-empty. */
function optionalTexts<K extends string>(r: XmlElement, names: Record<K, string>): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const [key, name] of Object.entries(names) as [K, string][]) {
    const v = childText(r, name);
    if (v) out[key] = v;
  }
  return out;
}

function roleResultBase(r: XmlElement, requestId: string | undefined): Pick<AssumeRoleResult, 'credentials' | 'assumedRoleUser' | 'packedPolicySize' | 'requestId'> {
  const u = need(r, 'AssumedRoleUser');
  const size = optionalInt(r, 'PackedPolicySize');
  return {
    credentials: parseCredentials(r),
    assumedRoleUser: { arn: needText(u, 'Arn'), assumedRoleId: needText(u, 'AssumedRoleId') },
    ...(size !== undefined ? { packedPolicySize: size } : {}),
    ...rid(requestId),
  };
}

export function readAssumeRoleWithSaml(r: XmlElement, requestId: string | undefined): SamlRoleResult {
  return {
    ...roleResultBase(r, requestId),
    ...optionalTexts(r, { subject: 'Subject', subjectType: 'SubjectType', issuer: 'Issuer', audience: 'Audience', nameQualifier: 'NameQualifier', sourceIdentity: 'SourceIdentity' }),
  };
}

export function readAssumeRoleWithWebIdentity(r: XmlElement, requestId: string | undefined): WebIdentityRoleResult {
  return {
    ...roleResultBase(r, requestId),
    ...optionalTexts(r, { subjectFromWebIdentityToken: 'SubjectFromWebIdentityToken', provider: 'Provider', audience: 'Audience', sourceIdentity: 'SourceIdentity' }),
  };
}
