import { createHmac } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { signRequest } from './index.ts';
import { toHex } from './encoding.ts';
import {
  SIGNING_KEY_CACHE_SIZE,
  clearSigningKeyCache,
  deriveSigningKey,
  signatureHex,
  signingKeyCacheIds,
  signingKeyCacheSize,
} from './signing-key.ts';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

/** Independent SigV4 signature from node:crypto. */
function nodeSignature(secret: string, date: string, region: string, service: string, sts: string): string {
  let k: Buffer | string = 'AWS4' + secret;
  for (const part of [date, region, service, 'aws4_request']) k = createHmac('sha256', k).update(part).digest();
  return createHmac('sha256', k).update(sts).digest('hex');
}

const req = { method: 'GET', url: 'https://example.amazonaws.com/' };
const opts = { region: 'us-east-1', service: 'service', datetime: '20150830T123600Z' };

beforeEach(() => clearSigningKeyCache());

describe('deriveSigningKey', () => {
  it("matches AWS's documented example (20120215/us-east-1/iam)", () => {
    expect(toHex(deriveSigningKey(SECRET, '20120215', 'us-east-1', 'iam'))).toBe(
      'f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d',
    );
  });
  it('signatureHex matches node:crypto (classic get-vanilla)', () => {
    const hash = 'bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63';
    expect(signatureHex('AKIDEXAMPLE', SECRET, '20150830T123600Z', 'us-east-1', 'service', hash)).toBe(
      '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    );
  });
});

describe('signing-key cache', () => {
  it('caches by access key id, date, region and service, never by the secret', () => {
    signRequest(req, { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET }, opts);
    signRequest(req, { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET }, opts);
    expect(signingKeyCacheSize()).toBe(1);
    signRequest(req, { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET }, { ...opts, region: 'eu-west-1' });
    signRequest(req, { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET }, { ...opts, datetime: '20150831T000000Z' });
    signRequest(req, { accessKeyId: 'AKIDOTHER', secretAccessKey: SECRET }, opts);
    const ids = signingKeyCacheIds();
    expect(ids).toEqual([
      'AKIDEXAMPLE\n20150830\nus-east-1\nservice',
      'AKIDEXAMPLE\n20150830\neu-west-1\nservice',
      'AKIDEXAMPLE\n20150831\nus-east-1\nservice',
      'AKIDOTHER\n20150830\nus-east-1\nservice',
    ]);
    for (const id of ids) expect(id).not.toContain('wJalr');
  });

  it('a changed secret under the same access key id is re-derived, never served a stale key', () => {
    const a = signRequest(req, { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET }, opts);
    expect(a.signature).toBe(nodeSignature(SECRET, '20150830', 'us-east-1', 'service', a.stringToSign));
    const rotated = 'rotatedSecretKey/EXAMPLE+0123456789abcdefgh';
    const b = signRequest(req, { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: rotated }, opts);
    expect(b.stringToSign).toBe(a.stringToSign);
    expect(b.signature).toBe(nodeSignature(rotated, '20150830', 'us-east-1', 'service', b.stringToSign));
    expect(b.signature).not.toBe(a.signature);
    expect(signingKeyCacheSize()).toBe(1);
    // And back again (alternating secrets, also through the map, not only the last-used shortcut).
    signRequest(req, { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET }, { ...opts, region: 'eu-west-1' });
    const c = signRequest(req, { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET }, opts);
    expect(c.signature).toBe(a.signature);
  });

  it(`is bounded to ${SIGNING_KEY_CACHE_SIZE} entries, least recently used evicted first`, () => {
    const creds = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET };
    for (let i = 0; i < SIGNING_KEY_CACHE_SIZE + 10; i++) {
      signRequest(req, creds, { ...opts, service: `svc${i}` });
      if (i === SIGNING_KEY_CACHE_SIZE - 1) signRequest(req, creds, { ...opts, service: 'svc0' }); // touch svc0
    }
    expect(signingKeyCacheSize()).toBe(SIGNING_KEY_CACHE_SIZE);
    const ids = signingKeyCacheIds();
    expect(ids.some((id) => id.endsWith('\nsvc0'))).toBe(true); // recently used, kept
    expect(ids.some((id) => id.endsWith('\nsvc1'))).toBe(false); // oldest, evicted
    // Evicted entries still sign correctly (re-derived).
    const s = signRequest(req, creds, { ...opts, service: 'svc1' });
    expect(s.signature).toBe(nodeSignature(SECRET, '20150830', 'us-east-1', 'svc1', s.stringToSign));
  });

  it('clearSigningKeyCache empties it, and signing still works afterwards', () => {
    const before = signRequest(req, { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET }, opts);
    signRequest(req, { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET }, { ...opts, service: 'sts' });
    expect(signingKeyCacheSize()).toBe(2);
    clearSigningKeyCache();
    expect(signingKeyCacheSize()).toBe(0);
    expect(signingKeyCacheIds()).toEqual([]);
    const after = signRequest(req, { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET }, opts);
    expect(after.signature).toBe(before.signature);
    expect(after.signature).toBe('5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31');
  });
});
