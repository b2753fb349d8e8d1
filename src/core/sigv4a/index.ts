/**
 * SigV4a signer (AWS4-ECDSA-P256-SHA256): the public surface.
 *
 * - {@link signRequestV4a}: sign with an `Authorization` header.
 * - {@link presignUrlV4a}: sign into the query string (presigned URL).
 *
 * Same inputs and outputs as the SigV4 signer (`../sigv4/index.ts`), with `regionSet` in place of
 * `region`. Pure and synchronous (ECDSA from @noble/curves, hashing from @noble/hashes); checked
 * against aws-c-auth's `v4a` suite (canonical request and string to sign byte for byte, signatures
 * verified with the suite's public key and with Node's crypto). Only the background needs it: pages
 * never import it (test: src/core/sigv4a/bundle.test.ts).
 *
 * The key derivation (`deriveSigV4aPrivateKey`) lives in `./key.ts` and is not re-exported here.
 * @module
 */

export { presignUrlV4a, signRequestV4a } from './sign.ts';
export type { SignV4aOptions } from './sign.ts';
export type { Credentials, SignInput, Signed } from '../sigv4/types.ts';
