/**
 * SigV4a on Node's crypto only (HMAC, BigInt, OpenSSL's ECDH and ECDSA), independent of
 * src/core/sigv4a/ and @noble/curves: for tests and stand-ins that verify what Sigvault signs.
 *
 * The key derivation is aws-c-auth's (`source/key_derivation.c`): HMAC-SHA256 keyed with
 * "AWS4A" + secret over 0x00000001 || "AWS4-ECDSA-P256-SHA256" || 0x00 || accessKeyId || counter ||
 * 0x00000100, counter 1..254 until the output is at most n - 2; the private key is that + 1.
 * @module
 */
import { createECDH, createHmac, createPublicKey, verify, type KeyObject } from 'node:crypto';

/** The order of P-256 (FIPS 186-4 D.1.2.3). */
export const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

/**
 * The SigV4a public key of an access key pair, as an uncompressed point in hex (04 || X || Y).
 * @param accessKeyId - the access key id
 * @param secretAccessKey - the secret access key
 */
export function sigV4aPublicKeyHex(accessKeyId: string, secretAccessKey: string): string {
  for (let counter = 1; counter <= 254; counter++) {
    const input = Buffer.concat([
      Buffer.from([0, 0, 0, 1]),
      Buffer.from('AWS4-ECDSA-P256-SHA256'),
      Buffer.from([0]),
      Buffer.from(accessKeyId, 'utf8'),
      Buffer.from([counter]),
      Buffer.from([0, 0, 1, 0]),
    ]);
    const c = BigInt('0x' + createHmac('sha256', 'AWS4A' + secretAccessKey).update(input).digest('hex'));
    if (c > P256_N - 2n) continue;
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(Buffer.from((c + 1n).toString(16).padStart(64, '0'), 'hex'));
    return ecdh.getPublicKey('hex', 'uncompressed');
  }
  throw new Error('no SigV4a key for these credentials');
}

/**
 * A Node public key from its X and Y coordinates (hex), e.g. the aws-c-auth suite's public-key.json.
 * @param x - 64 hex digits
 * @param y - 64 hex digits
 */
export function p256PublicKey(x: string, y: string): KeyObject {
  const b64url = (hex: string) => Buffer.from(hex, 'hex').toString('base64url');
  return createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64url(x), y: b64url(y) }, format: 'jwk' });
}

/**
 * The SigV4a public key of an access key pair as a Node KeyObject.
 * @param accessKeyId - the access key id
 * @param secretAccessKey - the secret access key
 */
export function sigV4aPublicKey(accessKeyId: string, secretAccessKey: string): KeyObject {
  const hex = sigV4aPublicKeyHex(accessKeyId, secretAccessKey);
  return p256PublicKey(hex.slice(2, 66), hex.slice(66));
}

/**
 * Does a SigV4a signature (DER, hex) verify over the string to sign (ECDSA P-256 with SHA-256)?
 * @param key - the public key
 * @param stringToSign - the string to sign, as UTF-8
 * @param signatureHex - the DER signature in hex
 */
export function verifySigV4a(key: KeyObject, stringToSign: string, signatureHex: string): boolean {
  return verify('sha256', Buffer.from(stringToSign, 'utf8'), { key, dsaEncoding: 'der' }, Buffer.from(signatureHex, 'hex'));
}
