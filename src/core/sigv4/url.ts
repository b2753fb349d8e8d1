/**
 * A small, strict URL splitter for signing: scheme, host, port, raw path, raw query, fragment.
 *
 * Spec sections implemented here (AWS SigV4 "Create a canonical request"):
 * - the inputs of "CanonicalURI" and "CanonicalQueryString": the path and the query exactly as
 *   written, before any decoding, dot-segment removal or re-encoding (WHATWG `URL` would already
 *   have resolved `..`, changed `\` to `/` and re-escaped characters, which changes S3 keys and hides
 *   what the caller wrote);
 * - the value of the `host` header: lower-case host, with `:port` only when the port is not the
 *   scheme's default (80 for http/ws, 443 for https/wss).
 *
 * Anything this parser cannot represent exactly is rejected with `INVALID_INPUT` (field `url`)
 * rather than guessed at: control characters, user info (`user:pass@`), non-ASCII host names (give
 * them in punycode), bad ports, schemes other than http(s)/ws(s). One pass over the string.
 * @module
 */

import { SigvaultError } from '../errors.ts';

/**
 * The parts of a URL that SigV4 needs, as written by the caller.
 * @example
 * ```ts
 * const { host, path, query }: ParsedUrl = parseUrl('https://example.com/a?b=1');
 * ```
 */
export interface ParsedUrl {
  /** `scheme://host[:port]` with the scheme and host lower-cased and a default port dropped. */
  origin: string;
  /** Lower-case scheme: `http`, `https`, `ws` or `wss`. */
  scheme: string;
  /** The `host` header value: lower-case host name, plus `:port` when not the scheme's default. */
  host: string;
  /** The raw path exactly as written (never decoded); `/` when the URL has no path. */
  path: string;
  /** The raw query after `?` (without it), `''` when there is none or it is empty. */
  query: string;
  /** The fragment including its `#`, or `''`. It is never sent, so never signed. */
  fragment: string;
}

const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443', ws: '80', wss: '443' };

function bad(reason: string): SigvaultError {
  return new SigvaultError('INVALID_INPUT', `Invalid URL: ${reason}.`, { field: 'url' });
}

/**
 * Split an absolute http(s)/ws(s) URL into the parts SigV4 signs, without normalising anything but
 * the scheme and host (lower-cased) and a default port (dropped).
 * @param url - an absolute URL such as `https://bucket.s3.amazonaws.com/key?versionId=1`
 * @returns origin, scheme, host header value, raw path, raw query and fragment
 * @throws SigvaultError `INVALID_INPUT` (field `url`) when the URL cannot be split exactly
 * @example
 * ```ts
 * parseUrl('https://Example.com:443/a/../b%20c?x=1#top');
 * // { origin: 'https://example.com', scheme: 'https', host: 'example.com',
 * //   path: '/a/../b%20c', query: 'x=1', fragment: '#top' }
 * ```
 */
export function parseUrl(url: string): ParsedUrl {
  if (typeof url !== 'string') throw bad('expected a string');
  const n = url.length;
  if (n === 0) throw bad('empty string');

  // Scheme: letters, digits, '+', '-', '.', then ':'. Note whether it needs lower-casing.
  let i = 0;
  let upper = false;
  let scheme: string;
  let defaultPort: string | undefined;
  if (url.startsWith('https://')) {
    // The common case, without slicing and looking the scheme up.
    scheme = 'https';
    defaultPort = '443';
    i = 5;
  } else {
    for (; i < n; i++) {
      const c = url.charCodeAt(i);
      if (c === 58) break;
      if (c >= 65 && c <= 90) upper = true;
      else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46)) i = n;
    }
    if (i === 0 || i >= n) throw bad('no scheme (expected an absolute URL such as https://host/path)');
    scheme = upper ? url.slice(0, i).toLowerCase() : url.slice(0, i);
    defaultPort = DEFAULT_PORTS[scheme];
    if (defaultPort === undefined) throw bad(`unsupported scheme "${scheme.slice(0, 16)}" (expected http or https)`);
    if (url.charCodeAt(i + 1) !== 47 || url.charCodeAt(i + 2) !== 47) throw bad('expected "//" after the scheme');
  }

  // Host: a name (letters, digits, '-', '.', '_') or an IPv6 literal, then an optional port.
  const hostStart = i + 3;
  i = hostStart;
  if (url.charCodeAt(i) === 91) {
    for (i++; i < n; i++) {
      const c = url.charCodeAt(i);
      if (c === 93) break;
      if (c >= 65 && c <= 70) upper = true;
      else if (!((c >= 48 && c <= 58) || (c >= 97 && c <= 102) || c === 46)) throw bad('invalid character in IPv6 address');
    }
    if (i >= n) throw bad('unterminated IPv6 address');
    if (i === hostStart + 1) throw bad('empty IPv6 address');
    i++;
  } else {
    for (; i < n; i++) {
      const c = url.charCodeAt(i);
      if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 46 || c === 95) continue;
      if (c >= 65 && c <= 90) {
        upper = true;
        continue;
      }
      if (c === 58 || c === 47 || c === 63 || c === 35) break;
      if (c === 64) throw bad('user info (user:password@) is not allowed');
      if (c > 127) throw bad('non-ASCII host name (give it in punycode, xn--...)');
      throw bad(`invalid character in host at index ${i}`);
    }
    if (i === hostStart) throw bad('empty host');
  }
  const hostEnd = i;
  let port = '';
  let portEnd = i;
  if (i < n && url.charCodeAt(i) === 58) {
    for (portEnd = i + 1; portEnd < n; portEnd++) {
      const c = url.charCodeAt(portEnd);
      if (c === 47 || c === 63 || c === 35) break;
      if (c < 48 || c > 57) {
        for (let j = portEnd; j < n; j++) {
          const d = url.charCodeAt(j);
          if (d === 64) throw bad('user info (user:password@) is not allowed');
          if (d === 47 || d === 63 || d === 35) break;
        }
        throw bad('port must be decimal digits');
      }
    }
    if (portEnd > i + 1) {
      if (portEnd - i - 1 > 5) throw bad('port out of range');
      const value = Number(url.slice(i + 1, portEnd));
      if (value > 65535) throw bad('port out of range');
      port = String(value);
      if (port === defaultPort) port = '';
    }
  } else if (i < n) {
    const c = url.charCodeAt(i);
    if (c !== 47 && c !== 63 && c !== 35) throw bad('unexpected character after IPv6 address');
  }
  const hostName = upper ? url.slice(hostStart, hostEnd).toLowerCase() : url.slice(hostStart, hostEnd);
  const host = port === '' ? hostName : hostName + ':' + port;
  // Reuse the input's prefix when it is already normalised (the common case).
  const origin =
    !upper && (port === '' ? portEnd === hostEnd : portEnd - hostEnd - 1 === port.length)
      ? url.slice(0, portEnd)
      : scheme + '://' + host;

  // Path, query, fragment (raw), rejecting control characters.
  const pathStart = portEnd;
  let queryStart = -1;
  let hash = n;
  for (i = pathStart; i < n; i++) {
    const c = url.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) throw bad(`control character at index ${i}`);
    if (c === 63 && queryStart < 0) queryStart = i;
    else if (c === 35) {
      hash = i;
      break;
    }
  }
  for (let j = hash + 1; j < n; j++) {
    const c = url.charCodeAt(j);
    if (c < 0x20 || c === 0x7f) throw bad(`control character at index ${j}`);
  }
  if (url.charCodeAt(n - 1) === 32) throw bad('trailing space');
  const pathEnd = queryStart < 0 ? hash : queryStart;
  const path = pathEnd === pathStart ? '/' : url.slice(pathStart, pathEnd);
  const query = queryStart < 0 ? '' : url.slice(queryStart + 1, hash);
  const fragment = hash < n ? url.slice(hash) : '';
  return { origin, scheme, host, path, query, fragment };
}
