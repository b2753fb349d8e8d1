/**
 * What a page may see of a signature: the canonical request, the string to sign, the signed headers
 * and the credential scope — never the secret key, the signing key, or the session token's value. A
 * session token is part of what is signed (an `x-amz-security-token` header line, or an
 * `X-Amz-Security-Token` query parameter); its value is replaced by {@link REDACTED} wherever it would
 * appear. Answers from AWS are passed through {@link secretRedactor}: a `SignatureDoesNotMatch` quotes
 * AWS's canonical request, signed header values (the token) included, and STS answers carry new keys.
 * Pure.
 * @module
 */
import { toHex, utf8Encode } from '../bytes.ts';
import { uriEncode } from '../sigv4/encoding.ts';

/** Plain text, so that it stays inert in an XML or JSON answer it replaces a value of. */
export const REDACTED = '[redacted]';

/** The view of one signature (`request.send`'s `signing`). */
export interface SigningView {
  canonicalRequest: string;
  stringToSign: string;
  /** `;`-separated lower-case header names. */
  signedHeaders: string;
  /** `YYYYMMDD/region/service/aws4_request` (SigV4a: `YYYYMMDD/service/aws4_request`, no region). */
  credentialScope: string;
}

/**
 * The secret strings of the credentials in every form they can travel in: raw, URI-encoded, form-encoded,
 * and each of those as hex bytes — S3's `SignatureDoesNotMatch` quotes the canonical request also as
 * `<CanonicalRequestBytes>`, space-separated lower-case hex (`47 45 54 0a …`), token line included.
 */
function forms(creds: { secretAccessKey?: string; sessionToken?: string }): string[] {
  const out = new Set<string>();
  for (const s of [creds.sessionToken, creds.secretAccessKey]) {
    if (typeof s !== 'string' || s.length < 8) continue;
    const text = new Set([s, uriEncode(s, false), encodeURIComponent(s), uriEncode(uriEncode(s, false), false)]);
    for (const t of text) {
      out.add(t);
      const hex = toHex(utf8Encode(t));
      const spaced = hex.replace(/(..)(?=.)/g, '$1 ');
      for (const h of [hex, spaced]) {
        out.add(h);
        out.add(h.toUpperCase());
      }
    }
  }
  // longest first, so an encoded form is not half-replaced by a shorter one it contains
  return [...out].sort((a, b) => b.length - a.length);
}

/** Replaces every occurrence of `needles` in `text`. */
function replaceAll(text: string, needles: string[]): string {
  let out = text;
  for (const n of needles) if (out.includes(n)) out = out.split(n).join(REDACTED);
  return out;
}

/** Values of fields that name credentials in AWS's XML and JSON answers (STS, SSO, Cognito, …). */
const CREDENTIAL_FIELDS = /(<(SecretAccessKey|SessionToken|SecretKey)>)[^<]*(<\/\2>)|("(?:SecretAccessKey|SessionToken|SecretKey|secretAccessKey|sessionToken)"\s*:\s*")(?:[^"\\]|\\.)*(")/g;

/** What a request's answer and signature go through before a page sees them (see {@link secretRedactor}). */
export interface SecretRedactor {
  /**
   * `text` with the credentials' secret key and session token (raw, URL-encoded, as hex) replaced by
   * {@link REDACTED}, and so the value of every `SecretAccessKey` / `SessionToken` field of an XML or
   * JSON answer (new credentials from STS belong to no page either).
   */
  text(text: string): string;
  /** The page-safe view of a signature made with these credentials (their token and secret redacted). */
  view(signed: { canonicalRequest: string; stringToSign: string; signedHeaders: string }): SigningView;
}

/**
 * One redactor per request: the encoded forms of a secret are made once (for a role's ~1 KB session
 * token that is most of the work: 4 ms a request when it was done for each header, in Node).
 * @example const redact = secretRedactor(creds); redact.text(answer); redact.view(signed)
 */
export function secretRedactor(creds: { secretAccessKey?: string; sessionToken?: string }): SecretRedactor {
  const needles = forms(creds);
  return {
    text: (text) => replaceAll(text, needles).replace(CREDENTIAL_FIELDS, (_m, xOpen?: string, _n?: string, xClose?: string, jOpen?: string, jClose?: string) =>
      xOpen !== undefined ? `${xOpen}${REDACTED}${xClose}` : `${jOpen}${REDACTED}${jClose}`),
    view: (signed) => {
      const lines = signed.stringToSign.split('\n');
      return {
        canonicalRequest: replaceAll(signed.canonicalRequest, needles),
        stringToSign: signed.stringToSign,
        signedHeaders: signed.signedHeaders,
        credentialScope: lines[2] ?? '',
      };
    },
  };
}
