/**
 * STS request parameters: checked against the STS API model (botocore
 * `data/sts/2011-06-15/service-2.json`) before anything is sent, and encoded as the Query API's form
 * body.
 * @module
 */

import { SigvaultError } from '../errors.ts';
import type { AssumeRoleParams, FederationTokenParams, SamlRoleParams, SessionTokenParams, Tag, WebIdentityRoleParams } from './types.ts';

export function invalid(field: string, message: string): SigvaultError {
  return new SigvaultError('INVALID_INPUT', message, { field });
}

// ---- form encoding ----

/** RFC 3986 percent-encoding: only `A-Z a-z 0-9 - _ . ~` stay as they are (UTF-8 bytes otherwise). */
export function percentEncode(value: string, field = 'value'): string {
  let out: string;
  try {
    out = encodeURIComponent(value);
  } catch {
    throw invalid(field, `${field} contains an unpaired surrogate character`);
  }
  return out.replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** `Action=…&Version=…&` + the other parameters sorted by name (as the AWS SDKs serialise). */
export function formBody(action: string, params: Record<string, string>): string {
  const keys = Object.keys(params).sort();
  let body = `Action=${percentEncode(action)}&Version=2011-06-15`;
  for (const k of keys) body += `&${percentEncode(k)}=${percentEncode(params[k]!, k)}`;
  return body;
}

// ---- input validation ----

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const FEDERATED_NAME = /^[\w+=,.@-]{2,32}$/;
const SERIAL = /^[\w+=/:,.@-]{9,256}$/;
const TOKEN_CODE = /^\d{6}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const POLICY_CHARS = /^[\u0009\u000A\u000D\u0020-\u00FF]+$/;
/** STS `tagKeyType` / `tagValueType` patterns: letters, spaces (Unicode Z), numbers and `_.:/=+-@`. */
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const TAG_KEY_RULE = 'tag keys are 1–128 characters of letters, numbers, spaces and _.:/=+-@';
const TAG_VALUE_RULE = 'tag values are 0–256 characters of letters, numbers, spaces and _.:/=+-@';

/** Length as the API model counts it: Unicode code points. */
function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function isTagKey(k: unknown): k is string {
  return typeof k === 'string' && TAG_CHARS.test(k) && codePoints(k) >= 1 && codePoints(k) <= 128;
}

function isTagValue(v: unknown): v is string {
  return typeof v === 'string' && TAG_CHARS.test(v) && codePoints(v) <= 256;
}

function checkDuration(v: number | undefined, min: number, max: number, field = 'durationSeconds'): void {
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw invalid(field, `${field} must be a whole number from ${min} to ${max}`);
}

function checkMfa(serialNumber: string | undefined, tokenCode: string | undefined): void {
  if ((serialNumber === undefined) !== (tokenCode === undefined)) {
    throw invalid(serialNumber === undefined ? 'serialNumber' : 'tokenCode', 'an MFA device (serialNumber) and a code (tokenCode) go together');
  }
  if (serialNumber !== undefined && (typeof serialNumber !== 'string' || !SERIAL.test(serialNumber))) {
    throw invalid('serialNumber', 'serialNumber must be an MFA device ARN or serial (9–256 characters)');
  }
  if (tokenCode !== undefined && (typeof tokenCode !== 'string' || !TOKEN_CODE.test(tokenCode))) {
    throw invalid('tokenCode', 'the MFA code must be 6 digits');
  }
}

function checkPolicy(policy: string | undefined, policyArns: string[] | undefined): void {
  if (policy !== undefined && (typeof policy !== 'string' || policy.length > 2048 || !POLICY_CHARS.test(policy))) {
    throw invalid('policy', 'policy must be 1–2048 characters of JSON (tab, newline and U+0020–U+00FF only)');
  }
  if (policyArns !== undefined) {
    if (!Array.isArray(policyArns) || policyArns.length > 10) throw invalid('policyArns', 'at most 10 policy ARNs');
    for (const a of policyArns) if (typeof a !== 'string' || a.length < 20 || a.length > 2048 || !a.startsWith('arn:')) throw invalid('policyArns', 'each policy ARN must be an ARN');
  }
}

function addPolicyAndTags(out: Record<string, string>, policy: string | undefined, policyArns: string[] | undefined, tags: Tag[] | undefined, transitive?: string[]): void {
  checkPolicy(policy, policyArns);
  if (policy !== undefined) out['Policy'] = policy;
  policyArns?.forEach((a, i) => (out[`PolicyArns.member.${i + 1}.arn`] = a));
  if (tags !== undefined) {
    if (!Array.isArray(tags) || tags.length > 50) throw invalid('tags', 'at most 50 tags');
    tags.forEach((t, i) => {
      if (!isTagKey(t?.key)) throw invalid('tags', TAG_KEY_RULE);
      if (!isTagValue(t.value)) throw invalid('tags', TAG_VALUE_RULE);
      out[`Tags.member.${i + 1}.Key`] = t.key;
      out[`Tags.member.${i + 1}.Value`] = t.value;
    });
  }
  if (transitive !== undefined) {
    if (!Array.isArray(transitive) || transitive.length > 50) throw invalid('transitiveTagKeys', 'at most 50 transitive tag keys');
    transitive.forEach((k, i) => {
      if (!isTagKey(k)) throw invalid('transitiveTagKeys', `transitive ${TAG_KEY_RULE}`);
      out[`TransitiveTagKeys.member.${i + 1}`] = k;
    });
  }
}

// ---- each action's parameters ----

/** GetSessionToken's form parameters. */
export function sessionTokenParams(params: SessionTokenParams | undefined): Record<string, string> {
  params ??= {};
  const p: Record<string, string> = {};
  checkDuration(params.durationSeconds, 900, 129_600);
  checkMfa(params.serialNumber, params.tokenCode);
  if (params.durationSeconds !== undefined) p['DurationSeconds'] = String(params.durationSeconds);
  if (params.serialNumber !== undefined) p['SerialNumber'] = params.serialNumber;
  if (params.tokenCode !== undefined) p['TokenCode'] = params.tokenCode;
  return p;
}

function checkRoleArn(roleArn: unknown): asserts roleArn is string {
  if (typeof roleArn !== 'string' || roleArn.length < 20 || roleArn.length > 2048 || !roleArn.startsWith('arn:')) {
    throw invalid('roleArn', 'roleArn must be a role ARN such as arn:aws:iam::123456789012:role/name');
  }
}

/**
 * A bearer secret (SAML assertion, web identity token): a string of `min`–`max` characters of `chars`.
 * The message names the rule, never the value.
 */
function checkSecret(v: unknown, field: string, what: string, min: number, max: number, chars: RegExp, charRule: string): asserts v is string {
  if (typeof v !== 'string' || v.length < min || v.length > max) throw invalid(field, `${what} must be ${min}–${max} characters`);
  if (!chars.test(v)) throw invalid(field, `${what} must be ${charRule}`);
}

/** AssumeRole's form parameters. */
export function assumeRoleParams(params: AssumeRoleParams): Record<string, string> {
  checkRoleArn(params?.roleArn);
  if (typeof params.roleSessionName !== 'string' || !SESSION_NAME.test(params.roleSessionName)) {
    throw invalid('roleSessionName', 'roleSessionName must be 2–64 characters of letters, digits and +=,.@-_');
  }
  checkDuration(params.durationSeconds, 900, 43_200);
  checkMfa(params.serialNumber, params.tokenCode);
  if (params.externalId !== undefined && (typeof params.externalId !== 'string' || !EXTERNAL_ID.test(params.externalId))) {
    throw invalid('externalId', 'externalId must be 2–1224 characters of letters, digits and +=,.@:/-_');
  }
  if (params.sourceIdentity !== undefined && (typeof params.sourceIdentity !== 'string' || !SESSION_NAME.test(params.sourceIdentity) || params.sourceIdentity.toLowerCase().startsWith('aws:'))) {
    throw invalid('sourceIdentity', 'sourceIdentity must be 2–64 characters of letters, digits and +=,.@-_, not starting with "aws:"');
  }
  const p: Record<string, string> = { RoleArn: params.roleArn, RoleSessionName: params.roleSessionName };
  if (params.durationSeconds !== undefined) p['DurationSeconds'] = String(params.durationSeconds);
  if (params.externalId !== undefined) p['ExternalId'] = params.externalId;
  if (params.serialNumber !== undefined) p['SerialNumber'] = params.serialNumber;
  if (params.tokenCode !== undefined) p['TokenCode'] = params.tokenCode;
  if (params.sourceIdentity !== undefined) p['SourceIdentity'] = params.sourceIdentity;
  addPolicyAndTags(p, params.policy, params.policyArns, params.tags, params.transitiveTagKeys);
  return p;
}

/** GetFederationToken's form parameters. */
export function federationTokenParams(params: FederationTokenParams): Record<string, string> {
  if (typeof params?.name !== 'string' || !FEDERATED_NAME.test(params.name)) {
    throw invalid('name', 'name must be 2–32 characters of letters, digits and +=,.@-_');
  }
  checkDuration(params.durationSeconds, 900, 129_600);
  const p: Record<string, string> = { Name: params.name };
  if (params.durationSeconds !== undefined) p['DurationSeconds'] = String(params.durationSeconds);
  addPolicyAndTags(p, params.policy, params.policyArns, params.tags);
  return p;
}

/** AssumeRoleWithSAML's form parameters (STS model: SAMLAssertion 4–100000, PrincipalArn 20–2048). */
export function samlParams(params: SamlRoleParams): Record<string, string> {
  checkRoleArn(params?.roleArn);
  const pa = params.principalArn;
  if (typeof pa !== 'string' || pa.length < 20 || pa.length > 2048 || !/^arn:[\w-]+:iam::\d{12}:saml-provider\/[\w.-]+$/.test(pa)) {
    throw invalid('principalArn', 'principalArn must be a SAML provider ARN such as arn:aws:iam::123456789012:saml-provider/name');
  }
  checkSecret(params.samlAssertion, 'samlAssertion', 'the SAML assertion', 4, 100_000, /^[A-Za-z0-9+/=\s]+$/, 'base64 (the SAMLResponse the identity provider posted)');
  checkDuration(params.durationSeconds, 900, 43_200);
  // Whitespace (line breaks some IdPs insert) is not part of base64.
  const p: Record<string, string> = { RoleArn: params.roleArn, PrincipalArn: pa, SAMLAssertion: params.samlAssertion.replace(/\s+/g, '') };
  if (params.durationSeconds !== undefined) p['DurationSeconds'] = String(params.durationSeconds);
  addPolicyAndTags(p, params.policy, params.policyArns, undefined);
  return p;
}

/** AssumeRoleWithWebIdentity's form parameters (STS model: WebIdentityToken 4–20000, ProviderId 4–2048). */
export function webIdentityParams(params: WebIdentityRoleParams): Record<string, string> {
  checkRoleArn(params?.roleArn);
  if (typeof params.roleSessionName !== 'string' || !SESSION_NAME.test(params.roleSessionName)) {
    throw invalid('roleSessionName', 'roleSessionName must be 2–64 characters of letters, digits and +=,.@-_');
  }
  checkSecret(params.webIdentityToken, 'webIdentityToken', 'the web identity token', 4, 20_000, /^[\x21-\x7e]+$/, 'printable ASCII without spaces');
  checkDuration(params.durationSeconds, 900, 43_200);
  if (params.providerId !== undefined && (typeof params.providerId !== 'string' || params.providerId.length < 4 || params.providerId.length > 2048)) {
    throw invalid('providerId', 'providerId must be 4–2048 characters (www.amazon.com or graph.facebook.com; omit it for OpenID Connect)');
  }
  const p: Record<string, string> = { RoleArn: params.roleArn, RoleSessionName: params.roleSessionName, WebIdentityToken: params.webIdentityToken };
  if (params.durationSeconds !== undefined) p['DurationSeconds'] = String(params.durationSeconds);
  if (params.providerId !== undefined) p['ProviderId'] = params.providerId;
  addPolicyAndTags(p, params.policy, params.policyArns, undefined);
  return p;
}
