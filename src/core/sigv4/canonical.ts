/**
 * The SigV4 canonicalisation steps, one function per step of AWS's spec ("Create a canonical
 * request" and "Create a string to sign", IAM User Guide, Signature Version 4):
 *
 * | step | function |
 * |---|---|
 * | 1. HTTP method | {@link canonicalMethod} |
 * | 2. CanonicalURI: dot-segment removal (not for S3) and URI encoding, once or twice | {@link requestPath}, {@link normalizePath}, {@link canonicalUri} |
 * | 3. CanonicalQueryString: decode, RFC 3986 encode, sort by key then value | {@link canonicalQuery} |
 * | 4. CanonicalHeaders: lower-case names, trimmed and collapsed values, repeats joined with `,`, sorted | {@link isHeaderName}, {@link canonicalHeaderValue}, {@link sortHeaders}, {@link canonicalHeaderBlock} |
 * | 5. SignedHeaders | {@link signedHeaderList} |
 * | 6. HashedPayload (the hashing itself is in sign.ts) | {@link EMPTY_SHA256}, {@link UNSIGNED_PAYLOAD} |
 * | canonical request | {@link canonicalRequest} |
 * | credential scope and string to sign | {@link credentialScope}, {@link stringToSign} |
 *
 * Everything here is pure string work; nothing hashes and nothing throws except the two validators'
 * callers.
 * @module
 */

import { recodeComponent, strictPath, uriEncode, wirePath } from './encoding.ts';

/**
 * The signing algorithm identifier.
 * @example
 * ```ts
 * `${ALGORITHM} Credential=...`;  // 'AWS4-HMAC-SHA256 Credential=...'
 * ```
 */
export const ALGORITHM = 'AWS4-HMAC-SHA256';
/**
 * Hex SHA-256 of the empty string: the payload hash of a request without a body.
 * @example
 * ```ts
 * canonicalRequest('GET', '/', '', 'host:h\n', 'host', EMPTY_SHA256);
 * ```
 */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
/**
 * The payload hash that tells AWS the body is not signed (S3 presigned URLs, opt-in elsewhere).
 * @example
 * ```ts
 * canonicalRequest('GET', '/key', query, headers, 'host', UNSIGNED_PAYLOAD);
 * ```
 */
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

const FETCH_NORMALISED_METHODS: Record<string, string> = {
  delete: 'DELETE',
  get: 'GET',
  head: 'HEAD',
  options: 'OPTIONS',
  post: 'POST',
  put: 'PUT',
};

/** RFC 9110 `tchar`: the characters a header name (and a method) may contain. */
const TCHAR: Uint8Array = /* @__PURE__ */ (() => {
  const t = new Uint8Array(128);
  const chars = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = 1;
  return t;
})();

/**
 * Is `name` a valid HTTP token (a header name or a method)? Non-empty, only RFC 9110 `tchar`s.
 * @param name - candidate header name
 * @returns true when every character is a `tchar`
 * @example
 * ```ts
 * isHeaderName('X-Amz-Target');  // true
 * isHeaderName('bad name');      // false
 * ```
 */
export function isHeaderName(name: string): boolean {
  const n = name.length;
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    const c = name.charCodeAt(i);
    if (c >= 128 || TCHAR[c] === 0) return false;
  }
  return true;
}

/**
 * Step 1, the method as it will be sent. Like `fetch`, the six standard methods are upper-cased
 * whatever their case (`get` → `GET`); any other method is kept exactly (fetch sends `patch` as is).
 * @param method - the request method
 * @returns the method to send and sign, or `undefined` when it is not a valid token
 * @example
 * ```ts
 * canonicalMethod('post');   // 'POST'
 * canonicalMethod('PATCH');  // 'PATCH'
 * ```
 */
export function canonicalMethod(method: string): string | undefined {
  if (method === 'GET' || method === 'POST' || method === 'PUT') return method;
  if (!isHeaderName(method)) return undefined;
  return FETCH_NORMALISED_METHODS[method.toLowerCase()] ?? method;
}

/**
 * The path to send, from the path written in the URL (the first half of step 2).
 * - Double-encoding services (all but S3): only the characters that cannot travel raw (space,
 *   controls, non-ASCII, `"<>\^`{|}`) are escaped; existing escapes stay as written.
 * - Single-encoding services (S3): the strict RFC 3986 form, because S3 decodes the key and signs
 *   its strict encoding.
 *
 * The signer returns this path in `Signed.url`, so what is sent is exactly what was signed.
 * @param rawPath - the path as written in the URL
 * @param doubleEncode - true for every service but S3
 * @returns the path to put on the wire
 * @example
 * ```ts
 * requestPath('/my file', true);    // '/my%20file'
 * requestPath('/a(1)', false);      // '/a%281%29'
 * ```
 */
export function requestPath(rawPath: string, doubleEncode: boolean): string {
  return doubleEncode ? wirePath(rawPath) : strictPath(rawPath);
}

/**
 * Remove empty, `.` and `..` segments, as AWS's SDKs and the aws-c-auth suite do: the result starts
 * with `/` and ends with `/` only when the input did and something is left (`/a/b/..` → `/a`,
 * `/a//b/` → `/a/b/`, `/..` → `/`). Escaped dots (`%2E`) are data, not dot segments.
 * @param path - a path starting with `/`
 * @returns the normalised path
 * @example
 * ```ts
 * normalizePath('/example1/example2/../..');  // '/'
 * normalizePath('//example//');               // '/example/'
 * ```
 */
export function normalizePath(path: string): string {
  // Fast path: no '//' and no '/.' means nothing to remove.
  const n = path.length;
  let needs = false;
  for (let i = 0; i < n - 1; i++) {
    if (path.charCodeAt(i) === 47) {
      const d = path.charCodeAt(i + 1);
      if (d === 47 || d === 46) {
        needs = true;
        break;
      }
    }
  }
  if (!needs) return path;
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return '/' + out.join('/') + (out.length > 0 && path.charCodeAt(n - 1) === 47 ? '/' : '');
}

/**
 * Step 2, CanonicalURI from the path being sent: normalised when asked, then URI-encoded again when
 * the service double-encodes (`%20` → `%2520`); S3 signs the path as sent.
 * @param path - the path being sent (from {@link requestPath})
 * @param normalize - remove dot segments and empty segments
 * @param doubleEncode - URI-encode the (already encoded) path once more
 * @returns the CanonicalURI line
 * @example
 * ```ts
 * canonicalUri('/a/./b%20c', true, true);     // '/a/b%2520c'
 * canonicalUri('/bucket//key', false, false); // '/bucket//key'
 * ```
 */
export function canonicalUri(path: string, normalize: boolean, doubleEncode: boolean): string {
  const p = normalize ? normalizePath(path) : path;
  return doubleEncode ? uriEncode(p, true) : p;
}

/**
 * One canonical query parameter, both halves already encoded.
 * @example
 * ```ts
 * const pair: QueryPair = ['X-Amz-Date', '20150830T123600Z'];
 * ```
 */
export type QueryPair = [key: string, value: string];

function comparePairs(a: QueryPair, b: QueryPair): number {
  const ka = a[0];
  const kb = b[0];
  if (ka !== kb) return ka < kb ? -1 : 1;
  const va = a[1];
  const vb = b[1];
  return va === vb ? 0 : va < vb ? -1 : 1;
}

/**
 * Parse a raw query into canonical pairs: split on `&` (empty pieces are skipped) and on the first
 * `=`; a bare key has the value `''`; keys and values are percent-decoded then RFC 3986 encoded.
 * Repeated keys and empty key names are kept. Order is preserved (sorting is step 3's job).
 * @param rawQuery - the query as written, without `?`
 * @returns encoded [key, value] pairs in input order
 * @example
 * ```ts
 * queryPairs('b=2&a&=v&a=%7e');  // [['b','2'], ['a',''], ['','v'], ['a','~']]
 * ```
 */
export function queryPairs(rawQuery: string): QueryPair[] {
  const pairs: QueryPair[] = [];
  const n = rawQuery.length;
  let start = 0;
  while (start <= n) {
    let end = rawQuery.indexOf('&', start);
    if (end < 0) end = n;
    if (end > start) {
      const eq = rawQuery.indexOf('=', start);
      if (eq < 0 || eq > end) pairs.push([recodeComponent(rawQuery.slice(start, end)), '']);
      else pairs.push([recodeComponent(rawQuery.slice(start, eq)), recodeComponent(rawQuery.slice(eq + 1, end))]);
    }
    start = end + 1;
  }
  return pairs;
}

/**
 * Step 3, CanonicalQueryString: the URL's parameters plus `extra` (already-encoded pairs, e.g. the
 * `X-Amz-*` presign parameters), sorted by encoded key then encoded value (byte order), joined as
 * `k=v&k=v`.
 * @param rawQuery - the query as written, without `?`
 * @param extra - already-encoded pairs to add before sorting
 * @returns the CanonicalQueryString line
 * @example
 * ```ts
 * canonicalQuery('Param2=value2&Param1=value1');  // 'Param1=value1&Param2=value2'
 * canonicalQuery('a=b c');                        // 'a=b%20c'
 * ```
 */
export function canonicalQuery(rawQuery: string, extra?: readonly QueryPair[]): string {
  const pairs = rawQuery === '' ? [] : queryPairs(rawQuery);
  if (extra !== undefined) for (let i = 0; i < extra.length; i++) pairs.push(extra[i]!);
  const n = pairs.length;
  if (n === 0) return '';
  if (n > 1) pairs.sort(comparePairs);
  let out = pairs[0]![0] + '=' + pairs[0]![1];
  for (let i = 1; i < n; i++) out += '&' + pairs[i]![0] + '=' + pairs[i]![1];
  return out;
}

/**
 * Step 4 for one value: trim leading and trailing spaces and tabs and collapse each inner run of
 * them to one space. Returns `undefined` when the value holds a character that cannot be sent and
 * signed unambiguously (a control character other than tab, DEL, or anything outside ASCII).
 * @param value - the header value as given
 * @returns the canonical value, or `undefined` when the value is invalid
 * @example
 * ```ts
 * canonicalHeaderValue('  "a   b   c" ');  // '"a b c"'
 * canonicalHeaderValue('a\nb');            // undefined
 * ```
 */
export function canonicalHeaderValue(value: string): string | undefined {
  const n = value.length;
  let needs = false;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c > 32) {
      if (c > 126) return undefined;
      continue;
    }
    if (c === 32) {
      if (i === 0 || i === n - 1) needs = true;
      else {
        const d = value.charCodeAt(i + 1);
        if (d === 32 || d === 9) needs = true;
      }
    } else if (c === 9) needs = true;
    else return undefined;
  }
  if (!needs) return value;
  let out = '';
  let space = false;
  let run = -1;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c === 32 || c === 9) {
      if (run >= 0) {
        out += value.slice(run, i);
        run = -1;
        space = true;
      }
    } else if (run < 0) {
      if (space) out += ' ';
      space = false;
      run = i;
    }
  }
  if (run >= 0) out += value.slice(run);
  return out;
}

/**
 * Steps 4 and 5, ordering: sort the first `count` lower-case names (byte order), moving their values
 * along. Names must be unique. Insertion sort in place: a request has a handful of headers.
 * @param names - unique lower-case header names
 * @param values - canonical values, same order as `names`
 * @param count - how many entries of the arrays are in use
 * @example
 * ```ts
 * const names = ['x-amz-date', 'host'], values = ['20150830T123600Z', 'example.amazonaws.com'];
 * sortHeaders(names, values, 2);  // names: ['host', 'x-amz-date']
 * ```
 */
export function sortHeaders(names: string[], values: string[], count: number): void {
  for (let i = 1; i < count; i++) {
    const name = names[i]!;
    const value = values[i]!;
    let j = i - 1;
    while (j >= 0 && names[j]! > name) {
      names[j + 1] = names[j]!;
      values[j + 1] = values[j]!;
      j--;
    }
    names[j + 1] = name;
    values[j + 1] = value;
  }
}

/**
 * Step 4, CanonicalHeaders: `name:value\n` for each of the first `count` sorted headers.
 * @param names - sorted lower-case names
 * @param values - their canonical values
 * @param count - entries in use
 * @returns the CanonicalHeaders block (ends with a newline)
 * @example
 * ```ts
 * canonicalHeaderBlock(['host', 'x-amz-date'], ['example.amazonaws.com', '20150830T123600Z'], 2);
 * // 'host:example.amazonaws.com\nx-amz-date:20150830T123600Z\n'
 * ```
 */
export function canonicalHeaderBlock(names: readonly string[], values: readonly string[], count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += names[i]! + ':' + values[i]! + '\n';
  return out;
}

/**
 * Step 5, SignedHeaders: the first `count` sorted names joined with `;`.
 * @param names - sorted lower-case names
 * @param count - entries in use
 * @returns e.g. `host;x-amz-date`
 * @example
 * ```ts
 * signedHeaderList(['content-type', 'host', 'x-amz-date'], 3);  // 'content-type;host;x-amz-date'
 * ```
 */
export function signedHeaderList(names: readonly string[], count: number): string {
  let out = names[0] ?? '';
  for (let i = 1; i < count; i++) out += ';' + names[i]!;
  return out;
}

/**
 * The canonical request: method, CanonicalURI, CanonicalQueryString, CanonicalHeaders (which already
 * ends with a newline), SignedHeaders and HashedPayload, joined by newlines.
 * @param method - step 1
 * @param uri - step 2
 * @param query - step 3
 * @param headers - step 4 (ends with `\n`)
 * @param signedHeaders - step 5
 * @param payloadHash - step 6
 * @returns the canonical request
 * @example
 * ```ts
 * canonicalRequest('GET', '/', '', 'host:example.amazonaws.com\n', 'host', EMPTY_SHA256);
 * // 'GET\n/\n\nhost:example.amazonaws.com\n\nhost\ne3b0…b855'
 * ```
 */
export function canonicalRequest(
  method: string,
  uri: string,
  query: string,
  headers: string,
  signedHeaders: string,
  payloadHash: string,
): string {
  return method + '\n' + uri + '\n' + query + '\n' + headers + '\n' + signedHeaders + '\n' + payloadHash;
}

/**
 * The credential scope `date/region/service/aws4_request`.
 * @param date - `YYYYMMDD`
 * @param region - e.g. `us-east-1`
 * @param service - the signing name, e.g. `sts`
 * @returns the scope
 * @example
 * ```ts
 * credentialScope('20150830', 'us-east-1', 'iam');  // '20150830/us-east-1/iam/aws4_request'
 * ```
 */
export function credentialScope(date: string, region: string, service: string): string {
  return date + '/' + region + '/' + service + '/aws4_request';
}

/**
 * The string to sign: algorithm, request date-time, credential scope, hex SHA-256 of the canonical
 * request.
 * @param amzDate - `YYYYMMDDTHHMMSSZ`
 * @param scope - from {@link credentialScope}
 * @param canonicalRequestHash - lower-case hex SHA-256 of the canonical request
 * @param algorithm - the algorithm line: {@link ALGORITHM} (SigV4, the default) or `AWS4-ECDSA-P256-SHA256` (SigV4a)
 * @returns the string to sign
 * @example
 * ```ts
 * stringToSign('20150830T123600Z', '20150830/us-east-1/service/aws4_request', 'bb57…');
 * // 'AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\nbb57…'
 * ```
 */
export function stringToSign(amzDate: string, scope: string, canonicalRequestHash: string, algorithm = ALGORITHM): string {
  return algorithm + '\n' + amzDate + '\n' + scope + '\n' + canonicalRequestHash;
}
