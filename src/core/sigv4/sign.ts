/**
 * The SigV4 signing pipeline, shared by header signing ({@link signRequest}) and query signing
 * (presign.ts).
 *
 * Spec sections implemented here (AWS SigV4, IAM User Guide): "Elements of an AWS API request
 * signature" (input validation, the date formats, which headers the signer adds: `X-Amz-Date`,
 * `X-Amz-Security-Token`, `X-Amz-Content-SHA256`), "Create a canonical request" step 6 (the hashed
 * payload), "Calculate the signature" and "Add the signature to the request" (the `Authorization`
 * header, or the `X-Amz-*` query parameters). The canonical steps themselves are in canonical.ts;
 * the key derivation and cache in signing-key.ts.
 *
 * The same pipeline signs SigV4a (src/core/sigv4a/) when given an {@link AsymmetricScheme}: another
 * algorithm name, a credential scope without the region, the region set as `X-Amz-Region-Set`
 * (signed header or query parameter), and an ECDSA signature of the string to sign.
 *
 * Pure and synchronous: the inputs are never mutated. The only module state is caches and scratch
 * (signing keys, memoised formatting, reused buffers) that never changes a result, all wiped by
 * clearSigningKeyCache().
 * @module
 */

import { SigvaultError } from '../errors.ts';
import {
  ALGORITHM,
  EMPTY_SHA256,
  UNSIGNED_PAYLOAD,
  canonicalHeaderBlock,
  canonicalHeaderValue,
  canonicalMethod,
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  credentialScope,
  isHeaderName,
  requestPath,
  signedHeaderList,
  sortHeaders,
  stringToSign,
  type QueryPair,
} from './canonical.ts';
import { uriEncode } from './encoding.ts';
import { sha256Hex } from './hash.ts';
import { encodedSessionToken, onClearSigningKeyCache, signatureHex } from './signing-key.ts';
import type { Credentials, SignInput, SignOptions, Signed } from './types.ts';
import { parseUrl } from './url.ts';

/** Signing names that follow S3's rules: no path normalisation, single encoding, content hash header. */
export const S3_SERVICES: ReadonlySet<string> = new Set(['s3', 's3-object-lambda', 's3-outposts', 's3express']);

/** Query parameters a presigned URL adds; finding one in the input URL means it is already signed. */
const AUTH_PARAMS: ReadonlySet<string> = new Set([
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Signature',
  'X-Amz-Security-Token',
]);

/**
 * Longest presigned URL lifetime SigV4 allows: 7 days, in seconds.
 * @example
 * ```ts
 * presignUrl(req, creds, { region, service: 's3', expiresIn: MAX_EXPIRES });
 * ```
 */
export const MAX_EXPIRES = 604800;

/**
 * What SigV4a changes in the pipeline (src/core/sigv4a/ builds one per request; SigV4 passes none).
 * @example
 * ```ts
 * sign(req, creds, opts, undefined, { algorithm: 'AWS4-ECDSA-P256-SHA256', regionSet: '*', signature: (c, sts) => '…' });
 * ```
 */
export interface AsymmetricScheme {
  /** The algorithm name: `AWS4-ECDSA-P256-SHA256`. */
  readonly algorithm: string;
  /**
   * The validated `X-Amz-Region-Set` value (regions or patterns joined with `,`); it replaces the region
   * (which is left out of the credential scope: `date/service/aws4_request`).
   */
  readonly regionSet: string;
  /**
   * The hex signature of the string to sign (called once, after the credentials were validated).
   * @param creds - the request's credentials
   * @param stringToSign - the full string to sign
   */
  signature(creds: Credentials, stringToSign: string): string;
}

function invalid(field: string, message: string): SigvaultError {
  return new SigvaultError('INVALID_INPUT', message, { field });
}

/** Region and service go into the scope: non-empty, letters, digits, `-`, `_`, `.` (all unreserved). */
function scopePart(value: unknown, field: 'region' | 'service'): string {
  if (typeof value !== 'string' || value.length === 0) throw invalid(field, `${field} must be a non-empty string.`);
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const ok =
      (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 95 || c === 46;
    if (!ok) throw invalid(field, `${field} may only contain letters, digits, "-", "_" and ".".`);
  }
  return value;
}

/** Last values that passed validation: repeated signing with the same scope skips the scans. */
let okRegion = '';
let okService = '';
let okAccessKeyId = '';

/** Visible ASCII only (the token travels in a header and the key id in the Authorization header). */
function isVisibleAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 33 || c > 126) return false;
  }
  return true;
}

function checkCredentials(creds: Credentials): string | undefined {
  if (typeof creds !== 'object' || creds === null) throw invalid('credentials', 'credentials must be an object.');
  const { accessKeyId, secretAccessKey, sessionToken } = creds;
  if (accessKeyId !== okAccessKeyId || accessKeyId === '') {
    if (typeof accessKeyId !== 'string' || accessKeyId.length === 0 || !isVisibleAscii(accessKeyId) || accessKeyId.includes('/')) {
      throw invalid('credentials', 'accessKeyId must be a non-empty string of visible ASCII without "/".');
    }
    okAccessKeyId = accessKeyId;
  }
  if (typeof secretAccessKey !== 'string' || secretAccessKey.length === 0) {
    throw invalid('credentials', 'secretAccessKey must be a non-empty string.');
  }
  if (sessionToken === undefined || sessionToken === null || sessionToken === '') return undefined;
  if (typeof sessionToken !== 'string' || !isVisibleAscii(sessionToken)) {
    throw invalid('credentials', 'sessionToken must be a string of visible ASCII.');
  }
  return sessionToken;
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

function digitsAt(s: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Last Date formatted, by whole second: signing many requests per second formats once. */
let lastSecond = Number.NaN;
let lastAmzDate = '';

/** `YYYYMMDDTHHMMSSZ` from the option (validated) or from the clock. */
function amzDateOf(datetime: string | Date | undefined): string {
  if (datetime === undefined) datetime = new Date();
  if (datetime instanceof Date) {
    const t = datetime.getTime();
    if (Number.isNaN(t)) throw invalid('datetime', 'datetime is an invalid Date.');
    const second = Math.floor(t / 1000);
    if (second === lastSecond) return lastAmzDate;
    const y = datetime.getUTCFullYear();
    if (y < 0 || y > 9999) throw invalid('datetime', 'datetime year must be between 0000 and 9999.');
    lastAmzDate =
      String(y).padStart(4, '0') +
      pad2(datetime.getUTCMonth() + 1) +
      pad2(datetime.getUTCDate()) +
      'T' +
      pad2(datetime.getUTCHours()) +
      pad2(datetime.getUTCMinutes()) +
      pad2(datetime.getUTCSeconds()) +
      'Z';
    lastSecond = second;
    return lastAmzDate;
  }
  if (typeof datetime !== 'string' || datetime.length !== 16 || datetime[8] !== 'T' || datetime[15] !== 'Z') {
    throw invalid('datetime', 'datetime must be a Date or a string in the form YYYYMMDDTHHMMSSZ.');
  }
  const y = digitsAt(datetime, 0, 4);
  const mo = digitsAt(datetime, 4, 6);
  const d = digitsAt(datetime, 6, 8);
  const h = digitsAt(datetime, 9, 11);
  const mi = digitsAt(datetime, 11, 13);
  const s = digitsAt(datetime, 13, 15);
  const daysInMonth = mo === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) {
    throw invalid('datetime', 'datetime must be a valid UTC time in the form YYYYMMDDTHHMMSSZ.');
  }
  return datetime;
}

/** 64 lower-case hex digits (a hex SHA-256), as `payloadHash` must be. */
function isPayloadHash(h: unknown): h is string {
  if (typeof h !== 'string' || h.length !== 64) return false;
  for (let i = 0; i < 64; i++) {
    const c = h.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

function isBytes(b: unknown): b is Uint8Array {
  return b instanceof Uint8Array || (ArrayBuffer.isView(b) && b.constructor.name === 'Uint8Array');
}

/** Lower-cased header names seen recently (names repeat across requests; no values are kept). */
const LOWER = new Map<string, string>();
function lowerName(name: string): string {
  let lower = LOWER.get(name);
  if (lower === undefined) {
    lower = name.toLowerCase();
    if (LOWER.size >= 256) LOWER.clear();
    LOWER.set(name, lower);
  }
  return lower;
}

/**
 * Header names and canonical values of the request being signed. Module-level so that signing
 * allocates no arrays (`sign` is synchronous, never re-entered). They keep the last request's
 * values (which can include a session token) until the next signature or until
 * clearSigningKeyCache(), which empties them.
 */
const NAMES: string[] = [];
const VALUES: string[] = [];
onClearSigningKeyCache(() => {
  NAMES.length = 0;
  VALUES.length = 0;
});

/**
 * Sign in header mode (`expiresIn === undefined`) or query mode. Validates everything, builds the
 * canonical request, and returns the request to send.
 * @param req - the request (never mutated)
 * @param creds - the credentials
 * @param opts - signing options
 * @param expiresIn - presigned URL lifetime in seconds, or undefined for Authorization-header signing
 * @param v4a - SigV4a's algorithm, region set and signer; undefined for SigV4 (then `opts.region` is used)
 * @returns the signed request and the intermediate strings
 * @throws SigvaultError `INVALID_INPUT` with `details.field` naming the bad input
 * @example
 * ```ts
 * sign({ method: 'GET', url: 'https://example.amazonaws.com/' }, creds, { region: 'us-east-1', service: 'service' }, undefined);
 * ```
 */
export function sign(
  req: SignInput,
  creds: Credentials,
  opts: SignOptions | Omit<SignOptions, 'region'>,
  expiresIn: number | undefined,
  v4a?: AsymmetricScheme,
): Signed {
  if (typeof opts !== 'object' || opts === null) throw invalid('options', 'options must be an object.');
  let region = '';
  if (v4a === undefined) {
    region = (opts as SignOptions).region;
    if (region !== okRegion || region === '') okRegion = region = scopePart(region, 'region');
  }
  let service = opts.service;
  if (service !== okService || service === '') okService = service = scopePart(service, 'service');
  const token = checkCredentials(creds);
  const accessKeyId = creds.accessKeyId;
  const presign = expiresIn !== undefined;
  if (presign && (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_EXPIRES)) {
    throw invalid('expiresIn', `expiresIn must be an integer number of seconds from 1 to ${MAX_EXPIRES} (7 days).`);
  }
  const amzDate = amzDateOf(opts.datetime);
  const date = amzDate.slice(0, 8);

  if (typeof req !== 'object' || req === null) throw invalid('request', 'request must be an object.');
  const method = typeof req.method === 'string' ? canonicalMethod(req.method) : undefined;
  if (method === undefined) throw invalid('method', 'method must be a non-empty HTTP token such as GET.');
  const url = parseUrl(req.url);
  const body = req.body;
  if (body !== undefined && body !== null && typeof body !== 'string' && !isBytes(body)) {
    throw invalid('body', 'body must be a string, a Uint8Array, null or undefined.');
  }

  const s3 = service === 's3' || (service.charCodeAt(1) === 51 && S3_SERVICES.has(service));
  const doubleEncode = opts.doubleEncodePath ?? !s3;
  const normalize = opts.normalizePath ?? !s3;
  const unsigned = opts.unsignedPayload === true;
  const signToken = token !== undefined && opts.signSessionToken !== false;

  // Step 2: the path to send and its canonical form.
  const path = requestPath(url.path, doubleEncode);
  const uri = canonicalUri(path, normalize, doubleEncode);

  // Step 4: the caller's headers, validated and canonicalised. `names[0]` is always host.
  const names = NAMES;
  const values = VALUES;
  names[0] = 'host';
  values[0] = url.host;
  let count = 1;
  const out: Record<string, string> = {};
  const headers = req.headers;
  if (headers !== undefined && headers !== null) {
    const proto = typeof headers === 'object' ? Object.getPrototypeOf(headers) : undefined;
    if (proto !== Object.prototype && proto !== null) {
      // A fetch Headers, a Map, an array...: for...in would see no headers and sign without them.
      throw invalid('headers', 'headers must be a plain object of strings (convert a Headers with Object.fromEntries(headers)).');
    }
    for (const name in headers) {
      if (!Object.prototype.hasOwnProperty.call(headers, name)) continue;
      const value = headers[name];
      if (!isHeaderName(name)) throw invalid('headers', `Header name ${JSON.stringify(name.slice(0, 64))} has invalid characters.`);
      if (typeof value !== 'string') throw invalid('headers', `Header ${name} must have a string value.`);
      const lower = lowerName(name);
      if (lower === 'authorization' || lower === 'x-amz-date') continue; // the signer owns these
      if (lower === '__proto__') throw invalid('headers', 'Header name __proto__ is not supported.');
      if (lower === 'x-amz-security-token' && token !== undefined) continue; // replaced by the credentials' token
      if (v4a !== undefined && lower === 'x-amz-region-set') continue; // the region set comes from the options
      const canonical = canonicalHeaderValue(value);
      if (canonical === undefined) {
        throw invalid('headers', `Header ${name} has a control or non-ASCII character; it cannot be signed unambiguously.`);
      }
      if (lower === 'host') {
        if (canonical.toLowerCase() !== url.host) {
          throw invalid('headers', `Host header must equal the URL's host (${url.host}); the Host that is sent comes from the URL.`);
        }
        out[name] = value;
        continue;
      }
      out[name] = value;
      let at = 1;
      while (at < count && names[at] !== lower) at++;
      if (at === count) {
        names[count] = lower;
        values[count++] = canonical;
      } else {
        values[at] += ',' + canonical;
      }
    }
  }

  // Step 6: the payload hash.
  let callerHash = 1;
  while (callerHash < count && names[callerHash] !== 'x-amz-content-sha256') callerHash++;
  if (callerHash === count) callerHash = -1;
  let payloadHash: string;
  const given = opts.payloadHash;
  if (given !== undefined && !isPayloadHash(given)) {
    throw invalid('payloadHash', 'payloadHash must be 64 lower-case hex digits: the SHA-256 of the body.');
  }
  if (unsigned) {
    if (given !== undefined) throw invalid('payloadHash', 'payloadHash conflicts with unsignedPayload: true.');
    if (callerHash >= 0 && values[callerHash] !== UNSIGNED_PAYLOAD) {
      throw invalid('headers', 'X-Amz-Content-SHA256 header conflicts with unsignedPayload: true.');
    }
    payloadHash = UNSIGNED_PAYLOAD;
  } else if (callerHash >= 0) {
    payloadHash = values[callerHash]!;
    if (given !== undefined && given !== payloadHash) {
      throw invalid('payloadHash', 'payloadHash differs from the X-Amz-Content-SHA256 header.');
    }
  } else if (presign && s3) {
    payloadHash = UNSIGNED_PAYLOAD;
  } else if (given !== undefined) {
    payloadHash = given; // hashed by the caller (signRequestAsync: natively, for big bodies)
  } else {
    payloadHash = body === undefined || body === null || body.length === 0 ? EMPTY_SHA256 : sha256Hex(body, true);
  }

  // Headers the signer adds (header mode).
  const addContentHash = !presign && callerHash < 0 && (s3 || unsigned);
  if (!presign) {
    names[count] = 'x-amz-date';
    values[count++] = amzDate;
    if (v4a !== undefined) {
      names[count] = 'x-amz-region-set';
      values[count++] = v4a.regionSet;
    }
    if (signToken) {
      names[count] = 'x-amz-security-token';
      values[count++] = token;
    }
    if (addContentHash) {
      names[count] = 'x-amz-content-sha256';
      values[count++] = payloadHash;
    }
  }
  sortHeaders(names, values, count);
  const signedHeaders = signedHeaderList(names, count);
  const headerBlock = canonicalHeaderBlock(names, values, count);
  const scope = v4a === undefined ? credentialScope(date, region, service) : date + '/' + service + '/aws4_request';
  const algorithm = v4a === undefined ? ALGORITHM : v4a.algorithm;

  // Step 3: the query (plus the X-Amz-* parameters when presigning).
  let query: string;
  if (presign) {
    if (url.query !== '') {
      for (const part of url.query.split('&')) {
        const eq = part.indexOf('=');
        const key = eq < 0 ? part : part.slice(0, eq);
        if (AUTH_PARAMS.has(key) || (v4a !== undefined && key === 'X-Amz-Region-Set')) {
          throw invalid('url', 'URL already carries SigV4 query parameters (X-Amz-Signature...); sign the unsigned URL.');
        }
      }
    }
    // region and service are validated to be unreserved characters: only the slashes need encoding.
    const credential =
      uriEncode(accessKeyId, false) + '%2F' + date + (v4a === undefined ? '%2F' + region : '') + '%2F' + service + '%2Faws4_request';
    const signedList = uriEncode(signedHeaders, false);
    const regionSet = v4a === undefined ? undefined : uriEncode(v4a.regionSet, false);
    if (url.query === '') {
      // Already in canonical order
      // (Algorithm < Credential < Date < Expires < Region-Set < Security-Token < SignedHeaders).
      query =
        'X-Amz-Algorithm=' + algorithm + '&X-Amz-Credential=' + credential + '&X-Amz-Date=' + amzDate +
        '&X-Amz-Expires=' + expiresIn + (regionSet !== undefined ? '&X-Amz-Region-Set=' + regionSet : '') +
        (signToken ? '&X-Amz-Security-Token=' + encodedSessionToken(token) : '') +
        '&X-Amz-SignedHeaders=' + signedList;
    } else {
      const extra: QueryPair[] = [
        ['X-Amz-Algorithm', algorithm],
        ['X-Amz-Credential', credential],
        ['X-Amz-Date', amzDate],
        ['X-Amz-Expires', String(expiresIn)],
        ['X-Amz-SignedHeaders', signedList],
      ];
      if (regionSet !== undefined) extra.push(['X-Amz-Region-Set', regionSet]);
      if (signToken) extra.push(['X-Amz-Security-Token', encodedSessionToken(token)]);
      query = canonicalQuery(url.query, extra);
    }
  } else {
    query = url.query === '' ? '' : canonicalQuery(url.query);
  }

  const creq = canonicalRequest(method, uri, query, headerBlock, signedHeaders, payloadHash);
  const creqHash = sha256Hex(creq);
  const sts = stringToSign(amzDate, scope, creqHash, algorithm);
  const signature =
    v4a === undefined
      ? signatureHex(accessKeyId, creds.secretAccessKey, amzDate, region, service, creqHash)
      : v4a.signature(creds, sts);

  const origin = url.origin;
  let signedUrl: string;
  if (presign) {
    signedUrl = origin + path + '?' + query + '&X-Amz-Signature=' + signature;
    if (token !== undefined && !signToken) signedUrl += '&X-Amz-Security-Token=' + encodedSessionToken(token);
    signedUrl += url.fragment;
  } else {
    signedUrl = origin + path + (url.query === '' ? '' : '?' + url.query) + url.fragment;
    out['X-Amz-Date'] = amzDate;
    if (v4a !== undefined) out['X-Amz-Region-Set'] = v4a.regionSet;
    if (token !== undefined) out['X-Amz-Security-Token'] = token;
    if (addContentHash) out['X-Amz-Content-SHA256'] = payloadHash;
    out['Authorization'] =
      algorithm + ' Credential=' + accessKeyId + '/' + scope + ', SignedHeaders=' + signedHeaders + ', Signature=' + signature;
  }
  return {
    method,
    url: signedUrl,
    headers: out,
    canonicalRequest: creq,
    stringToSign: sts,
    signature,
    signedHeaders,
  };
}

/**
 * Sign a request with an `Authorization` header (SigV4, AWS4-HMAC-SHA256). Synchronous and pure: the
 * input is not mutated; send `signed.method`, `signed.url`, `signed.headers` and the same body.
 *
 * Adds `X-Amz-Date`, `X-Amz-Security-Token` (when the credentials have a token; signed unless
 * `signSessionToken: false`), `X-Amz-Content-SHA256` (S3, or any service with `unsignedPayload`)
 * and `Authorization`. The signed `host` is the URL's host (with the port only when not the default).
 * @param req - method, absolute URL, optional headers and body
 * @param creds - access key id, secret, optional session token
 * @param opts - region, service and options
 * @returns the headers to send and the intermediate strings (canonical request, string to sign)
 * @throws SigvaultError `INVALID_INPUT` (`details.field`: url, headers, method, body, region, service,
 *   datetime, credentials) for input that cannot be signed exactly
 * @example
 * ```ts
 * const signed = signRequest(
 *   { method: 'POST', url: 'https://sts.amazonaws.com/',
 *     headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
 *     body: 'Action=GetCallerIdentity&Version=2011-06-15' },
 *   { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
 *   { region: 'us-east-1', service: 'sts' },
 * );
 * await fetch(signed.url, { method: signed.method, headers: signed.headers, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
 * ```
 */
export function signRequest(req: SignInput, creds: Credentials, opts: SignOptions): Signed {
  return sign(req, creds, opts, undefined);
}
