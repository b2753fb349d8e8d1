/**
 * Byte-level encoders for SigV4, tuned for the signing hot path.
 *
 * Spec sections implemented here (AWS "Create a canonical request", IAM User Guide, SigV4):
 * - "URI-encode each byte": RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) stay, every other
 *   byte of the UTF-8 form becomes `%XY` with upper-case hex; `/` is kept in paths only
 *   ({@link uriEncode}).
 * - Canonical query parameters: "percent-decode, then URI-encode" done in a single pass on bytes, so
 *   a non-canonical escape (`%2f`, `%7E`) and a raw character end up in the same canonical form
 *   ({@link recodeComponent}).
 * - The two path forms a URL path can take before canonicalisation: the form a browser puts on the
 *   wire ({@link wirePath}) and the strict form S3 computes from its decoded key ({@link strictPath}).
 * - UTF-8 into a reusable buffer for hashing, and lower-case hex of digests ({@link toHex}).
 *
 * None of these allocate more than the output string when the input is already canonical: they scan
 * first and return the input unchanged.
 * @module
 */

/** `%XY` (upper-case hex) for every byte value. */
const PCT: string[] = /* @__PURE__ */ (() => {
  const t: string[] = [];
  for (let i = 0; i < 256; i++) t.push('%' + (i < 16 ? '0' : '') + i.toString(16).toUpperCase());
  return t;
})();

/**
 * Character classes for ASCII code units, as bit flags:
 * 1 = RFC 3986 unreserved, 2 = hex digit, 4 = must be percent-encoded before a path goes on the wire
 * (space, `"`, `<`, `>`, `\`, `^`, backtick, `{`, `|`, `}`, DEL: what a browser would escape or reject,
 * plus `\`, which WHATWG URL would turn into `/`).
 */
const CLASS: Uint8Array = /* @__PURE__ */ (() => {
  const t = new Uint8Array(128);
  const set = (chars: string, bit: number) => {
    for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)]! |= bit;
  };
  set('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~', 1);
  set('0123456789ABCDEFabcdef', 2);
  set(' "<>\\^`{|}\x7f', 4);
  for (let i = 0; i < 0x20; i++) t[i]! |= 4;
  return t;
})();

const UNRESERVED = 1;
const HEXDIGIT = 2;
const WIRE_ESCAPE = 4;

/** ASCII code units kept as they are (1) by each encoder; everything else is percent-encoded. */
const keepTable = (keep: (c: number) => boolean) => Uint8Array.from({ length: 128 }, (_, c) => (keep(c) ? 1 : 0));
const KEEP_UNRESERVED = keepTable((c) => (CLASS[c]! & UNRESERVED) !== 0);
const KEEP_UNRESERVED_SLASH = keepTable((c) => (CLASS[c]! & UNRESERVED) !== 0 || c === 47);
const KEEP_ON_WIRE = keepTable((c) => (CLASS[c]! & WIRE_ESCAPE) === 0);

/**
 * Percent-encodes every code unit of `s` that `keep` does not mark (non-ASCII as its UTF-8 bytes). Returns
 * `s` itself when nothing needs encoding. The shared hot loop of {@link uriEncode} and {@link wirePath}.
 */
function encodeExcept(s: string, keep: Uint8Array): string {
  const n = s.length;
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || keep[c] === 0) break;
  }
  if (i === n) return s;
  let out = s.slice(0, i);
  let run = i;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      if (keep[c] === 1) {
        i++;
        continue;
      }
      if (run < i) out += s.slice(run, i);
      out += PCT[c]!;
      run = ++i;
    } else {
      if (run < i) out += s.slice(run, i);
      out += encodeNonAscii(s, i);
      i += codeUnits(s, i);
      run = i;
    }
  }
  if (run < n) out += s.slice(run);
  return out;
}

/** Value of a hex digit code unit (caller checked it is one). */
function hexValue(c: number): number {
  return c <= 57 ? c - 48 : (c | 32) - 87;
}

/** Is the code unit at `i` the start of a valid `%XY` escape? */
function isEscape(s: string, i: number): boolean {
  if (i + 2 >= s.length) return false;
  const a = s.charCodeAt(i + 1);
  const b = s.charCodeAt(i + 2);
  return a < 128 && b < 128 && (CLASS[a]! & HEXDIGIT) !== 0 && (CLASS[b]! & HEXDIGIT) !== 0;
}

/**
 * Percent-encode the UTF-8 bytes of the non-ASCII code point starting at `s[i]`.
 * Lone surrogates become U+FFFD, as TextEncoder and browsers do. The caller advances by
 * {@link codeUnits}.
 */
function encodeNonAscii(s: string, i: number): string {
  let c = s.charCodeAt(i);
  if (c < 0x800) return PCT[0xc0 | (c >> 6)]! + PCT[0x80 | (c & 63)]!;
  if (c >= 0xd800 && c <= 0xdfff) {
    const d = c <= 0xdbff && i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
    if (d >= 0xdc00 && d <= 0xdfff) {
      c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
      return (
        PCT[0xf0 | (c >> 18)]! + PCT[0x80 | ((c >> 12) & 63)]! + PCT[0x80 | ((c >> 6) & 63)]! + PCT[0x80 | (c & 63)]!
      );
    }
    c = 0xfffd;
  }
  return PCT[0xe0 | (c >> 12)]! + PCT[0x80 | ((c >> 6) & 63)]! + PCT[0x80 | (c & 63)]!;
}

/** Code units used by the code point at `s[i]` (2 for a valid surrogate pair, else 1). */
function codeUnits(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 2;
  }
  return 1;
}

/**
 * SigV4 URI encoding: keep RFC 3986 unreserved characters (and `/` when `keepSlash`), percent-encode
 * every other byte of the UTF-8 form with upper-case hex. A `%` is data here (it becomes `%25`): this
 * is the "double encoding" applied to an already-encoded path.
 * @param s - the text to encode
 * @param keepSlash - true for paths (`/` separates segments), false for query keys and values
 * @returns the encoded text (the input itself when nothing needs encoding)
 * @example
 * ```ts
 * uriEncode('/a b/ü', true);   // '/a%20b/%C3%BC'
 * uriEncode('a%20b', true);    // 'a%2520b'
 * uriEncode('x/y', false);     // 'x%2Fy'
 * ```
 */
export function uriEncode(s: string, keepSlash: boolean): string {
  return encodeExcept(s, keepSlash ? KEEP_UNRESERVED_SLASH : KEEP_UNRESERVED);
}

/**
 * Canonical form of one query key or value: percent-decode valid `%XY` escapes, then URI-encode the
 * resulting bytes (RFC 3986, upper-case hex). Done byte by byte, so bytes that are not valid UTF-8
 * survive unchanged. A `%` not followed by two hex digits is a literal `%` (`%25`); `+` is a literal
 * plus (`%2B`), never a space.
 * @param s - the raw key or value as it appears in the URL
 * @returns its canonical encoding (the input itself when already canonical)
 * @example
 * ```ts
 * recodeComponent('a%2fb');  // 'a%2Fb'
 * recodeComponent('%7E~');   // '~~'
 * recodeComponent('ሴ');      // '%E1%88%B4'
 * recodeComponent('1+1');    // '1%2B1'
 * ```
 */
export function recodeComponent(s: string): string {
  const n = s.length;
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || (CLASS[c]! & UNRESERVED) === 0) break;
  }
  return i === n ? s : recodeFrom(s, i, KEEP_UNRESERVED);
}

/**
 * From `start` on: keep what `keep` marks, decode a valid escape of an unreserved byte, give any other
 * valid escape upper-case hex, percent-encode everything else (non-ASCII as UTF-8). The shared tail of
 * {@link recodeComponent} and {@link strictPath}, which differ only in keeping `/` and in their fast scan.
 */
function recodeFrom(s: string, start: number, keep: Uint8Array): string {
  const n = s.length;
  let i = start;
  let out = s.slice(0, i);
  let run = i;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      if (keep[c] === 1) {
        i++;
        continue;
      }
      if (run < i) out += s.slice(run, i);
      if (c === 37 && isEscape(s, i)) {
        const b = (hexValue(s.charCodeAt(i + 1)) << 4) | hexValue(s.charCodeAt(i + 2));
        out += b < 128 && (CLASS[b]! & UNRESERVED) !== 0 ? String.fromCharCode(b) : PCT[b]!;
        i += 3;
      } else {
        out += PCT[c]!;
        i++;
      }
      run = i;
    } else {
      if (run < i) out += s.slice(run, i);
      out += encodeNonAscii(s, i);
      i += codeUnits(s, i);
      run = i;
    }
  }
  if (run < n) out += s.slice(run);
  return out;
}

/**
 * The path a browser sends for a URL path: characters that cannot travel raw (space, controls,
 * non-ASCII, `"<>\^`{|}`) are percent-encoded as UTF-8; everything else, including existing escapes
 * and a lone `%`, is left exactly as written. Used for services that double-encode (all but S3):
 * their canonical URI is the URI encoding of this form.
 * @param path - the raw path from the URL (starts with `/`)
 * @returns the wire form (the input itself when already valid)
 * @example
 * ```ts
 * wirePath('/example space/ሴ');  // '/example%20space/%E1%88%B4'
 * wirePath('/a%20b/@c');         // '/a%20b/@c'
 * ```
 */
export function wirePath(path: string): string {
  return encodeExcept(path, KEEP_ON_WIRE);
}

/**
 * The strict form of a path for services that sign the path as sent (S3): S3 decodes the key and
 * URI-encodes it again, so the path we send and sign must already be in that form. Keeps unreserved
 * characters and `/`; a valid escape of an unreserved byte is decoded (`%41` → `A`), any other valid
 * escape gets upper-case hex (`%2f` → `%2F`, which stays an escaped slash); every other byte,
 * including a lone `%`, is percent-encoded.
 * @param path - the raw path from the URL
 * @returns the strict form (the input itself when already strict)
 * @example
 * ```ts
 * strictPath('/bucket/a b+c(1).txt');  // '/bucket/a%20b%2Bc%281%29.txt'
 * strictPath('/bucket/%e2%82%ac');     // '/bucket/%E2%82%AC'
 * ```
 */
export function strictPath(path: string): string {
  const n = path.length;
  let i = 0;
  // Fast scan: unreserved, '/', and escapes that are already canonical.
  for (; i < n; i++) {
    const c = path.charCodeAt(i);
    if (c < 128 && ((CLASS[c]! & UNRESERVED) !== 0 || c === 47)) continue;
    if (c === 37 && isCanonicalEscape(path, i)) {
      i += 2;
      continue;
    }
    break;
  }
  return i >= n ? path : recodeFrom(path, i, KEEP_UNRESERVED_SLASH);
}

/** `%XY` with upper-case hex whose byte is not unreserved (so decoding and re-encoding keeps it). */
function isCanonicalEscape(s: string, i: number): boolean {
  if (!isEscape(s, i)) return false;
  const a = s.charCodeAt(i + 1);
  const b = s.charCodeAt(i + 2);
  if ((a >= 97 && a <= 102) || (b >= 97 && b <= 102)) return false;
  const v = (hexValue(a) << 4) | hexValue(b);
  return v >= 128 || (CLASS[v]! & UNRESERVED) === 0;
}

/** The part of TextEncoder we use; `encodeInto` exists wherever TextEncoder does (Node 12+, all current browsers). */
interface Utf8Encoder {
  encode(input?: string): Uint8Array;
  encodeInto?(source: string, destination: Uint8Array): { read: number; written: number };
}
const encoder = new TextEncoder() as Utf8Encoder;
const hasEncodeInto = typeof encoder.encodeInto === 'function';
let scratch = new Uint8Array(2048);

/**
 * UTF-8 encode `s` into a module-level scratch buffer and return a view of the written bytes.
 * The view is only valid until the next call: hash it, then wipe it with `.fill(0)` if it held
 * anything sensitive. Lone surrogates become U+FFFD. Strings that may need more than 64 KiB are
 * encoded into a fresh array so the scratch stays small.
 * @param s - text to encode
 * @returns a view of the UTF-8 bytes, invalidated by the next call
 * @example
 * ```ts
 * const bytes = utf8Scratch(canonicalRequest);
 * const digest = sha256(bytes);
 * bytes.fill(0);
 * ```
 */
export function utf8Scratch(s: string): Uint8Array {
  const max = s.length * 3;
  if (max > scratch.length) {
    if (max > 65536) return encoder.encode(s);
    scratch = new Uint8Array(Math.max(max, scratch.length * 2));
  }
  // encodeInto is native and several times faster than a charCodeAt loop on the concatenated
  // (rope) strings the signer builds.
  if (hasEncodeInto) return scratch.subarray(0, encoder.encodeInto!(s, scratch).written);
  return scratch.subarray(0, utf8Loop(s, scratch));
}

/**
 * Zero the whole UTF-8 scratch buffer.
 * @example
 * ```ts
 * wipeUtf8Scratch();
 * ```
 */
export function wipeUtf8Scratch(): void {
  scratch.fill(0);
}

/**
 * UTF-8 encode `s` into a new array (for key material the caller wipes itself).
 * @param s - text to encode
 * @returns fresh UTF-8 bytes
 * @example
 * ```ts
 * utf8Bytes('AWS4' + secret);  // the caller fills it with zeros after use
 * ```
 */
export function utf8Bytes(s: string): Uint8Array {
  return encoder.encode(s);
}

/** Portable fallback for {@link utf8Scratch}: encode into `buf` (large enough), return the length. */
function utf8Loop(s: string, buf: Uint8Array): number {
  const n = s.length;
  let p = 0;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 128) {
      buf[p++] = c;
    } else if (c < 0x800) {
      buf[p++] = 0xc0 | (c >> 6);
      buf[p++] = 0x80 | (c & 63);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = c <= 0xdbff && i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (d >= 0xdc00 && d <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
          buf[p++] = 0xf0 | (c >> 18);
          buf[p++] = 0x80 | ((c >> 12) & 63);
          buf[p++] = 0x80 | ((c >> 6) & 63);
          buf[p++] = 0x80 | (c & 63);
          continue;
        }
        c = 0xfffd;
      }
      buf[p++] = 0xe0 | (c >> 12);
      buf[p++] = 0x80 | ((c >> 6) & 63);
      buf[p++] = 0x80 | (c & 63);
    }
  }
  return p;
}

/**
 * The portable encoder {@link utf8Scratch} falls back to when `TextEncoder.encodeInto` is missing,
 * exposed so tests can check it against TextEncoder.
 * @param s - text to encode
 * @returns fresh UTF-8 bytes
 * @example
 * ```ts
 * utf8Fallback('ሴ');  // Uint8Array [0xe1, 0x88, 0xb4]
 * ```
 */
export function utf8Fallback(s: string): Uint8Array {
  const buf = new Uint8Array(s.length * 3);
  return buf.subarray(0, utf8Loop(s, buf));
}

const HEX_DIGITS = /* @__PURE__ */ new Uint8Array([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);
const hi = (b: Uint8Array, i: number): number => HEX_DIGITS[b[i]! >> 4]!;
const lo = (b: Uint8Array, i: number): number => HEX_DIGITS[b[i]! & 15]!;

/**
 * Lower-case hex of a 32-byte digest. One `String.fromCharCode` call with the 64 digit codes as
 * arguments builds the string in a single allocation, about twice as fast as TextDecoder or
 * `fromCharCode.apply` and four times as fast as concatenating per byte (measured in V8).
 */
function hex32(b: Uint8Array): string {
  return String.fromCharCode(
    hi(b, 0), lo(b, 0), hi(b, 1), lo(b, 1), hi(b, 2), lo(b, 2), hi(b, 3), lo(b, 3),
    hi(b, 4), lo(b, 4), hi(b, 5), lo(b, 5), hi(b, 6), lo(b, 6), hi(b, 7), lo(b, 7),
    hi(b, 8), lo(b, 8), hi(b, 9), lo(b, 9), hi(b, 10), lo(b, 10), hi(b, 11), lo(b, 11),
    hi(b, 12), lo(b, 12), hi(b, 13), lo(b, 13), hi(b, 14), lo(b, 14), hi(b, 15), lo(b, 15),
    hi(b, 16), lo(b, 16), hi(b, 17), lo(b, 17), hi(b, 18), lo(b, 18), hi(b, 19), lo(b, 19),
    hi(b, 20), lo(b, 20), hi(b, 21), lo(b, 21), hi(b, 22), lo(b, 22), hi(b, 23), lo(b, 23),
    hi(b, 24), lo(b, 24), hi(b, 25), lo(b, 25), hi(b, 26), lo(b, 26), hi(b, 27), lo(b, 27),
    hi(b, 28), lo(b, 28), hi(b, 29), lo(b, 29), hi(b, 30), lo(b, 30), hi(b, 31), lo(b, 31),
  );
}

/**
 * Lower-case hex of a byte array (digests and signatures).
 * @param bytes - bytes to format
 * @returns `2 * bytes.length` hex digits
 * @example
 * ```ts
 * toHex(new Uint8Array([0, 171, 255]));  // '00abff'
 * ```
 */
export function toHex(bytes: Uint8Array): string {
  if (bytes.length === 32) return hex32(bytes);
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += String.fromCharCode(hi(bytes, i), lo(bytes, i));
  return out;
}
