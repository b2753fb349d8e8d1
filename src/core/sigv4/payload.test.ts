import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectInvalidInput } from '../../../test/support/invalid-input.ts';
import { SigvaultError } from '../errors.ts';
import { signRequestV4a } from '../sigv4a/index.ts';
import { sha256Hex } from './hash.ts';
import { hashPayload, presignUrl, signRequest, signRequestAsync } from './index.ts';
import { NATIVE_HASH_MIN_BYTES, preparePayload } from './payload.ts';
import type { Credentials, SignOptions } from './index.ts';

const creds: Credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'FQoGZXIvYXdzEXAMPLE' };
const api: SignOptions = { region: 'us-west-2', service: 'execute-api', datetime: '20240517T123456Z' };
const s3: SignOptions = { region: 'eu-west-1', service: 's3', datetime: '20240517T123456Z' };
const apiUrl = 'https://a1b2c3d4e5.execute-api.us-west-2.amazonaws.com/prod/items/42';
const s3Url = 'https://examplebucket.s3.eu-west-1.amazonaws.com/photos/cat.jpg';
/** Node's OpenSSL SHA-256: an implementation independent of both noble and WebCrypto's caller here. */
const node = (d: string | Uint8Array) => createHash('sha256').update(d).digest('hex');
const T = NATIVE_HASH_MIN_BYTES;

/** Random sizes around the threshold and far from it (seeded by the run; printed on failure via the size). */
const sizes = [0, 1, 55, 56, 63, 64, 65, T - 65, T - 64, T - 2, T - 1, T, T + 1, T + 2, T + 63, T + 64, 3 * T, 1 << 20, ...Array.from({ length: 20 }, () => Math.floor(Math.random() * 4 * T))];

function streamOf(bytes: Uint8Array, chunk: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(c) {
      if (at >= bytes.length) return c.close();
      c.enqueue(bytes.slice(at, (at += chunk)));
    },
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('hashPayload', () => {
  it('equals SHA-256 on the NIST vectors and the empty body', async () => {
    expect(await hashPayload('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(await hashPayload(null)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(await hashPayload(undefined)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(await hashPayload('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await hashPayload('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
    const million = 'a'.repeat(1_000_000); // native path
    expect(await hashPayload(million)).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  it('equals noble and OpenSSL on random bytes around the threshold, as bytes, ArrayBuffer, Blob and stream', async () => {
    for (const n of sizes) {
      const bytes = new Uint8Array(randomBytes(n));
      const want = node(bytes);
      expect(sha256Hex(bytes), `noble ${n}`).toBe(want);
      expect(await hashPayload(bytes), `bytes ${n}`).toBe(want);
      expect(await hashPayload(bytes.slice().buffer), `ArrayBuffer ${n}`).toBe(want);
      expect(await hashPayload(new Blob([bytes])), `Blob ${n}`).toBe(want);
      expect(await hashPayload(streamOf(bytes, 1 + Math.floor(Math.random() * 9000))), `stream ${n}`).toBe(want);
    }
  });

  it('hashes strings as UTF-8, multi-byte characters straddling the threshold included', async () => {
    for (const n of [T / 3 - 1, T / 3, T / 3 + 1, T - 1, T, T + 1, 2 * T]) {
      const s = 'é€😀x'.repeat(Math.ceil(n / 5)).slice(0, n);
      expect(await hashPayload(s), `string ${n}`).toBe(node(Buffer.from(s, 'utf8')));
    }
  });

  it('uses crypto.subtle.digest from the threshold up, and noble below it', async () => {
    const digest = vi.spyOn(globalThis.crypto.subtle, 'digest'); // calls through
    await hashPayload(new Uint8Array(T - 1));
    await hashPayload('x'.repeat(Math.floor(T / 3) - 1));
    expect(digest).not.toHaveBeenCalled();
    await hashPayload(new Uint8Array(T));
    await hashPayload('x'.repeat(T));
    expect(digest).toHaveBeenCalledTimes(2);
  });

  it('does not change the caller\'s bytes, and zeroes its own copy of a string', async () => {
    const bytes = new Uint8Array(randomBytes(T + 5));
    const copy = bytes.slice();
    await hashPayload(bytes);
    expect(bytes).toEqual(copy);
    let seen: Uint8Array | undefined;
    const real = globalThis.crypto.subtle.digest.bind(globalThis.crypto.subtle);
    vi.spyOn(globalThis.crypto.subtle, 'digest').mockImplementation(async (alg, data) => {
      seen = data as Uint8Array;
      return real(alg, data);
    });
    expect(await hashPayload('secret '.repeat(T))).toBe(node('secret '.repeat(T)));
    expect(seen!.length).toBe(7 * T);
    expect(seen!.every((b) => b === 0)).toBe(true);
  });

  it('refuses other body types and non-byte stream chunks with INVALID_INPUT', async () => {
    await expect(hashPayload(42 as never)).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field: 'body' } });
    const bad = new ReadableStream({ start: (c) => { c.enqueue('text' as never); c.close(); } });
    await expect(hashPayload(bad as never)).rejects.toBeInstanceOf(SigvaultError);
  });
});

describe('payloadHash option', () => {
  it('signs exactly as the signer that hashes the body (SigV4 non-S3, S3, SigV4a)', () => {
    for (const n of [0, 10, T, 70_000]) {
      const body = new Uint8Array(randomBytes(n));
      const payloadHash = node(body);
      for (const [url, o] of [[apiUrl, api], [s3Url, s3]] as const) {
        const plain = signRequest({ method: 'PUT', url, headers: { 'Content-Type': 'application/octet-stream' }, body }, creds, o);
        const pre = signRequest({ method: 'PUT', url, headers: { 'Content-Type': 'application/octet-stream' }, body: null }, creds, { ...o, payloadHash });
        expect(pre).toEqual(plain);
      }
      const v4a = { regionSet: 'us-east-1,us-west-2', service: 's3', datetime: '20240517T123456Z' };
      const a = signRequestV4a({ method: 'PUT', url: s3Url, body }, creds, v4a);
      const b = signRequestV4a({ method: 'PUT', url: s3Url, body: null }, creds, { ...v4a, payloadHash });
      expect(b.canonicalRequest).toBe(a.canonicalRequest);
      expect(b.stringToSign).toBe(a.stringToSign);
      expect(b.headers['X-Amz-Content-SHA256']).toBe(payloadHash);
    }
  });

  it('is not read for S3 presigned URLs (UNSIGNED-PAYLOAD) and agrees with an equal caller X-Amz-Content-SHA256', () => {
    const payloadHash = node('body');
    const url = presignUrl({ method: 'PUT', url: s3Url }, creds, { ...s3, expiresIn: 60, payloadHash });
    expect(url).toEqual(presignUrl({ method: 'PUT', url: s3Url }, creds, { ...s3, expiresIn: 60 }));
    expect(url.canonicalRequest.endsWith('\nUNSIGNED-PAYLOAD')).toBe(true);
    const withHeader = signRequest({ method: 'PUT', url: apiUrl, headers: { 'x-amz-content-sha256': payloadHash }, body: 'body' }, creds, { ...api, payloadHash });
    expect(withHeader).toEqual(signRequest({ method: 'PUT', url: apiUrl, headers: { 'x-amz-content-sha256': payloadHash }, body: 'body' }, creds, api));
    expect(withHeader.canonicalRequest.endsWith('\n' + payloadHash)).toBe(true);
  });

  it('refuses a malformed hash and conflicts with INVALID_INPUT', () => {
    const req = { method: 'PUT', url: apiUrl, body: 'x' };
    for (const bad of ['', 'ABC', 'A'.repeat(64), 'g'.repeat(64), node('x').slice(1), 42, 'UNSIGNED-PAYLOAD']) {
      expectInvalidInput(() => signRequest(req, creds, { ...api, payloadHash: bad as string }), 'payloadHash', /64 lower-case hex/, [creds.secretAccessKey]);
    }
    expectInvalidInput(() => signRequest(req, creds, { ...api, unsignedPayload: true, payloadHash: node('x') }), 'payloadHash', /unsignedPayload/, []);
    expectInvalidInput(
      () => signRequest({ ...req, headers: { 'X-Amz-Content-SHA256': node('y') } }, creds, { ...api, payloadHash: node('x') }),
      'payloadHash',
      /differs/,
      [],
    );
  });
});

describe('signRequestAsync', () => {
  it('equals signRequest byte for byte on bodies around the threshold (bytes and strings, S3 and not)', async () => {
    for (const n of sizes) {
      const bytes = new Uint8Array(randomBytes(n));
      const text = 'ü'.repeat(n);
      for (const [url, o] of [[apiUrl, api], [s3Url, s3]] as const) {
        for (const body of [bytes, text]) {
          const req = { method: 'PUT', url, headers: { 'Content-Type': 'application/octet-stream' }, body };
          expect(await signRequestAsync(req, creds, o), `${o.service} ${typeof body} ${n}`).toEqual(signRequest(req, creds, o));
        }
      }
    }
  });

  it('hashes natively only big bodies that need a hash', async () => {
    const digest = vi.spyOn(globalThis.crypto.subtle, 'digest');
    const big = new Uint8Array(T);
    await signRequestAsync({ method: 'PUT', url: apiUrl, body: new Uint8Array(T - 1) }, creds, api);
    await signRequestAsync({ method: 'PUT', url: s3Url, body: big }, creds, { ...s3, unsignedPayload: true });
    await signRequestAsync({ method: 'PUT', url: s3Url, headers: { 'X-Amz-Content-Sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' }, body: big }, creds, s3);
    expect(digest).not.toHaveBeenCalled();
    await signRequestAsync({ method: 'PUT', url: apiUrl, body: big }, creds, api);
    expect(digest).toHaveBeenCalledTimes(1);
  });

  it('signs a Blob body as its bytes', async () => {
    const bytes = new Uint8Array(randomBytes(3 * T + 7));
    for (const [url, o] of [[apiUrl, api], [s3Url, s3]] as const) {
      expect(await signRequestAsync({ method: 'PUT', url, body: new Blob([bytes]) }, creds, o)).toEqual(signRequest({ method: 'PUT', url, body: bytes }, creds, o));
    }
  });

  it('signs an S3 stream body UNSIGNED-PAYLOAD without reading it, and refuses one for other services', async () => {
    const bytes = new Uint8Array(randomBytes(100));
    const stream = streamOf(bytes, 10);
    const signed = await signRequestAsync({ method: 'PUT', url: s3Url, body: stream }, creds, s3);
    expect(signed.headers['X-Amz-Content-SHA256']).toBe('UNSIGNED-PAYLOAD');
    expect(signed).toEqual(signRequest({ method: 'PUT', url: s3Url, body: null }, creds, { ...s3, unsignedPayload: true }));
    expect(stream.locked).toBe(false); // still sendable
    await expect(signRequestAsync({ method: 'PUT', url: apiUrl, body: streamOf(bytes, 10) }, creds, api)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { field: 'body' },
    });
    // with the hash given, any service takes a stream
    const payloadHash = await hashPayload(streamOf(bytes, 7));
    expect(await signRequestAsync({ method: 'PUT', url: apiUrl, body: streamOf(bytes, 10) }, creds, { ...api, payloadHash })).toEqual(
      signRequest({ method: 'PUT', url: apiUrl, body: bytes }, creds, api),
    );
  });

  it('rejects what signRequest throws on (bad input)', async () => {
    await expect(signRequestAsync({ method: 'PUT', url: 'ftp://x/', body: new Uint8Array(T) }, creds, api)).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field: 'url' } });
    await expect(signRequestAsync(null as never, creds, api)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('preparePayload leaves small bodies to the synchronous signer untouched', async () => {
    const req = { method: 'PUT', url: apiUrl, body: 'small' };
    const p = await preparePayload(req, api);
    expect(p.req).toBe(req);
    expect(p.opts).toBe(api);
  });
});
