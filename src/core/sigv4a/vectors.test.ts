/**
 * Conformance: every runnable SigV4a case of AWS's aws-c-auth suite (test/vectors/sigv4/aws-c-auth/v4a,
 * a byte-for-byte copy; format in test/vectors/sigv4/README.md), header and query mode.
 *
 * - The canonical request and the string to sign must equal the suite's files byte for byte.
 * - ECDSA signatures are randomised upstream (ours are RFC 6979 deterministic), so signatures are not
 *   compared: ours must verify against the suite's string to sign with the suite's public key, using
 *   Node's crypto (OpenSSL) as the independent implementation; the suite's own signatures must verify
 *   with the public key of the key we derive.
 * - The key we derive must give the suite's public key (computed with Node's ECDH, not with noble).
 *
 * The request files are fed as in src/core/sigv4/vectors.test.ts (raw path, `doubleEncodePath: false`).
 */
import { createECDH, createHash, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listDirs, paramSet, parseRequestFile, takeHeader, toRecord } from '../../../test/support/sigv4-suite.ts';
import { p256PublicKey, sigV4aPublicKeyHex, verifySigV4a } from '../../../test/support/sigv4a-node.ts';
import type { Credentials, SignInput } from '../sigv4/types.ts';
import { presignUrlV4a, signRequestV4a, type SignV4aOptions } from './index.ts';
import { deriveSigV4aPrivateKey } from './key.ts';

const V4A = join(process.cwd(), 'test/vectors/sigv4/aws-c-auth/v4a');
const read = (...p: string[]) => readFileSync(join(...p), 'utf8');
const sha256Hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** The suite's public key as a Node KeyObject, and its coordinates. */
function suiteKey(dir: string): { key: KeyObject; x: string; y: string } {
  const { X, Y } = JSON.parse(read(dir, 'public-key.json')) as { X: string; Y: string };
  return { key: p256PublicKey(X, Y), x: X.toLowerCase(), y: Y.toLowerCase() };
}

/** Public key (04 || X || Y, hex) of a private scalar, computed by OpenSSL. */
function nodePublicKeyHex(privateKey: Uint8Array): string {
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(Buffer.from(privateKey));
  return ecdh.getPublicKey('hex', 'uncompressed');
}

const verifies = verifySigV4a;

/** A DER ECDSA-Sig-Value for P-256 in lower-case hex: SEQUENCE of two INTEGERs, 70 to 72 bytes. */
const DER_HEX = /^30[0-9a-f]{136,140}$/;

interface Context {
  credentials: { access_key_id: string; secret_access_key: string; token?: string };
  region: string;
  service: string;
  timestamp: string;
  expiration_in_seconds: number;
  normalize: boolean;
  sign_body: boolean;
  omit_session_token?: boolean;
}

/** The two upstream directories that hold only context.json and request.txt (README "Quirks"). */
const WITHOUT_EXPECTATIONS = ['get-vanilla-query-order-key', 'get-vanilla-query-order-value'];

function setup(name: string) {
  const dir = join(V4A, name);
  const ctx = JSON.parse(read(dir, 'context.json')) as Context;
  const raw = parseRequestFile(read(dir, 'request.txt'));
  const headerLines = raw.headers.map(([n, v]) => [n, v] as [string, string]);
  const host = takeHeader(headerLines, 'host')!.trim();
  const creds: Credentials = {
    accessKeyId: ctx.credentials.access_key_id,
    secretAccessKey: ctx.credentials.secret_access_key,
    ...(ctx.credentials.token ? { sessionToken: ctx.credentials.token } : {}),
  };
  const opts: SignV4aOptions = {
    regionSet: ctx.region,
    service: ctx.service,
    datetime: new Date(ctx.timestamp),
    normalizePath: ctx.normalize,
    doubleEncodePath: false,
    signSessionToken: ctx.omit_session_token !== true,
  };
  const req = (extra: Record<string, string>): SignInput => ({
    method: raw.method,
    url: `https://${host}${raw.target}`,
    headers: { ...toRecord(headerLines), ...extra },
    body: raw.body,
  });
  // sign_body: the payload hash is also sent and signed as x-amz-content-sha256 (header mode only).
  const bodyHeader: Record<string, string> = ctx.sign_body ? { 'x-amz-content-sha256': sha256Hex(raw.body ?? '') } : {};
  return { dir, ctx, host, creds, opts, req, bodyHeader };
}

describe('aws-c-auth v4a suite', () => {
  const all = listDirs(V4A);
  const cases = all.filter((n) => !WITHOUT_EXPECTATIONS.includes(n));

  it('has the 40 SigV4a directories, 38 with expectations', () => {
    expect(all).toHaveLength(40);
    expect(cases).toHaveLength(38);
    for (const n of WITHOUT_EXPECTATIONS) {
      expect(existsSync(join(V4A, n, 'request.txt'))).toBe(true);
      expect(existsSync(join(V4A, n, 'header-string-to-sign.txt'))).toBe(false);
    }
  });

  it('the derived private key gives the suite\'s public key (every case)', () => {
    const keys = new Map<string, string>();
    for (const name of all) {
      const { dir, creds } = setup(name);
      if (!existsSync(join(dir, 'public-key.json'))) continue;
      const id = creds.accessKeyId + '\n' + creds.secretAccessKey;
      if (!keys.has(id)) {
        const d = deriveSigV4aPrivateKey(creds.accessKeyId, creds.secretAccessKey);
        keys.set(id, nodePublicKeyHex(d));
        d.fill(0);
      }
      const { x, y } = suiteKey(dir);
      expect(keys.get(id), name).toBe('04' + x + y);
      // The Node-only implementation the other tests verify with gives the same key.
      expect(sigV4aPublicKeyHex(creds.accessKeyId, creds.secretAccessKey), name).toBe('04' + x + y);
    }
    expect(keys.size).toBeGreaterThan(0);
  });

  for (const name of cases) {
    const { dir, ctx, host, creds, opts, req, bodyHeader } = setup(name);

    it(`${name} (header)`, () => {
      const signed = signRequestV4a(req(bodyHeader), creds, opts);
      expect(signed.canonicalRequest).toBe(read(dir, 'header-canonical-request.txt'));
      expect(signed.stringToSign).toBe(read(dir, 'header-string-to-sign.txt'));
      expect(signed.signature).toMatch(DER_HEX);

      const { key } = suiteKey(dir);
      expect(verifies(key, signed.stringToSign, signed.signature)).toBe(true);
      // The harness can fail: the suite's header signature verifies, and not over another string.
      expect(verifies(key, signed.stringToSign, read(dir, 'header-signature.txt').trim())).toBe(true);
      expect(verifies(key, signed.stringToSign + ' ', signed.signature)).toBe(false);

      // Headers as in the signed request file; the Authorization differs only by its (random) signature.
      const expected = parseRequestFile(read(dir, 'header-signed-request.txt'));
      const want = (n: string) => expected.headers.find(([h]) => h.toLowerCase() === n)?.[1];
      const got = (n: string) => Object.entries(signed.headers).find(([h]) => h.toLowerCase() === n)?.[1];
      for (const h of ['x-amz-date', 'x-amz-region-set', 'x-amz-security-token', 'x-amz-content-sha256']) {
        expect(got(h), h).toBe(want(h));
      }
      const [authPrefix, theirSignature] = want('authorization')!.split(', Signature=');
      expect(got('authorization')).toBe(`${authPrefix}, Signature=${signed.signature}`);
      // The file's Authorization carries a second, equally valid signature of the same string.
      expect(verifies(key, signed.stringToSign, theirSignature!)).toBe(true);
      expect(signed.signedHeaders).toBe(authPrefix!.split('SignedHeaders=')[1]);
    });

    it(`${name} (query)`, () => {
      const signed = presignUrlV4a(req({}), creds, { ...opts, expiresIn: ctx.expiration_in_seconds });
      expect(signed.canonicalRequest).toBe(read(dir, 'query-canonical-request.txt'));
      expect(signed.stringToSign).toBe(read(dir, 'query-string-to-sign.txt'));
      expect(signed.signature).toMatch(DER_HEX);

      const { key } = suiteKey(dir);
      expect(verifies(key, signed.stringToSign, signed.signature)).toBe(true);
      expect(verifies(key, signed.stringToSign, read(dir, 'query-signature.txt').trim())).toBe(true);

      // Same parameters as the signed request file, but for the (random) signature.
      const expected = parseRequestFile(read(dir, 'query-signed-request.txt'));
      const withoutSignature = (target: string) => paramSet(target).filter((p) => !p.startsWith('X-Amz-Signature='));
      expect(withoutSignature(signed.url)).toEqual(withoutSignature(expected.target));
      const ours = new URL(signed.url).searchParams.getAll('X-Amz-Signature');
      expect(ours).toEqual([signed.signature]);
      const theirs = new URLSearchParams(expected.target.split('?')[1]).get('X-Amz-Signature')!;
      expect(verifies(key, signed.stringToSign, theirs)).toBe(true);
      const ourPath = signed.url.slice(`https://${host}`.length).split('?')[0]!;
      expect(decodeURIComponent(ourPath)).toBe(expected.target.split('?')[0]);
    });
  }

  it('get-vanilla: the extra canonical-request.txt / string-to-sign.txt equal the header ones, and ours', () => {
    const { dir, creds, opts, req } = setup('get-vanilla');
    const signed = signRequestV4a(req({}), creds, opts);
    expect(read(dir, 'canonical-request.txt')).toBe(signed.canonicalRequest);
    expect(read(dir, 'string-to-sign.txt')).toBe(signed.stringToSign);
  });

  for (const name of WITHOUT_EXPECTATIONS) {
    it(`${name}: signs and verifies (no expected files upstream)`, () => {
      const { dir, creds, opts, req } = setup(name);
      const { key } = suiteKey(join(V4A, 'get-vanilla'));
      expect(existsSync(join(dir, 'public-key.json'))).toBe(false);
      const header = signRequestV4a(req({}), creds, opts);
      expect(header.canonicalRequest.split('\n')[2]).toMatch(/^Param1=/);
      expect(verifies(key, header.stringToSign, header.signature)).toBe(true);
      const query = presignUrlV4a(req({}), creds, { ...opts, expiresIn: 3600 });
      expect(verifies(key, query.stringToSign, query.signature)).toBe(true);
    });
  }
});
