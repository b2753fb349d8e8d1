/**
 * `request.send` with big bodies and in bursts, in the built extension in Chromium and Firefox, against the
 * services stand-in (which verifies every signature with @smithy/signature-v4, and S3's
 * `x-amz-content-sha256` against the body it received): bodies from the native-hash threshold (6 KiB) up to
 * the console's 1 MiB limit are hashed with the browser's `crypto.subtle` before signing (SigV4 for S3 and
 * for a service that signs the body without sending its hash, SigV4a for S3), multi-byte UTF-8 included;
 * and a burst of sends all reach the history (entries are sealed together, after the answers).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type IssuedUser, type Standin } from '../support/sts-standin.ts';
import { keysOf, startServicesStandin, type ServicesStandin } from '../support/services-standin.ts';
import { KINDS, launch, ok, useStandin, type ExtensionBrowser } from './harness.ts';
import { createHash } from 'node:crypto';

const PASS = 'correct horse battery staple';
const R = 'us-east-1';
const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

for (const kind of KINDS) {
  describe(`request.send with big bodies: ${kind}`, () => {
    let sts: Standin;
    let svc: ServicesStandin;
    let b: ExtensionBrowser;
    let alice: IssuedUser;
    let id: string;
    const send = (payload: Record<string, unknown>) => b.send('request.send', { id, ...payload } as never);

    beforeAll(async () => {
      sts = await startStandin({ cors: false });
      svc = await startServicesStandin({ keys: keysOf(sts), clock: () => sts.now() });
      alice = sts.issueUserKeys({ userName: 'alice', account: '111111111111' });
      b = await launch(kind);
      await ok(b.send('vault.create', { passphrase: PASS }));
      await useStandin(b, sts.url);
      id = (await ok(b.send('identity.addUser', { label: 'alice', accessKeyId: alice.accessKeyId, secretAccessKey: alice.secretAccessKey, region: R }))).id;
    }, 120_000);

    afterAll(async () => {
      await b?.close();
      await svc?.stop();
      await sts?.stop();
    });

    it('S3 PutObject bodies around the native-hash threshold and up to 1 MiB verify, their x-amz-content-sha256 the body\'s hash', async () => {
      const line = 'é€ sigvault body line 😀\n'; // multi-byte UTF-8: the hash is of the UTF-8 bytes
      for (const size of [6 * 1024 - 1, 6 * 1024, 64 * 1024, 1024 * 1024 - 64]) {
        // exactly `size` bytes of UTF-8
        const n = Math.floor(size / Buffer.byteLength(line));
        const body = line.repeat(n) + 'x'.repeat(size - n * Buffer.byteLength(line));
        expect(Buffer.byteLength(body)).toBe(size);
        const key = `big-${kind}-${size}.txt`;
        const r = await ok(send({ method: 'PUT', url: `${svc.url}/sigvault-demo/${key}`, service: 's3', region: R, headers: { 'Content-Type': 'text/plain' }, body }));
        expect(r.status, `${size}: ${r.body}`).toBe(200);
        expect(r.signing.canonicalRequest.endsWith('\n' + sha(body))).toBe(true);
        expect(svc.calls.at(-1)).toMatchObject({ action: 'PutObject', status: 200 });
        expect(svc.objects.get(`sigvault-demo/${key}`)!.body.toString('utf8')).toBe(body);
      }
    }, 120_000);

    it('the background hashes a body natively (crypto.subtle.digest) from 6 KiB, and a smaller one without it', async () => {
      // count what crypto.subtle.digest is given in the background (the call goes through to the real one)
      await b.inBackground((g: any) => {
        const subtle = g.crypto.subtle;
        const real = subtle.digest.bind(subtle);
        g.__digested = [];
        subtle.digest = (alg: unknown, data: ArrayBufferView) => {
          g.__digested.push(data.byteLength);
          return real(alg, data);
        };
      });
      try {
        for (const size of [6 * 1024 - 1, 6 * 1024, 300 * 1024]) {
          const r = await ok(send({ method: 'PUT', url: `${svc.url}/sigvault-demo/native-${kind}-${size}`, service: 's3', region: R, body: 'n'.repeat(size) }));
          expect(r.status, r.body).toBe(200);
        }
        const digested: number[] = await b.inBackground((g: any) => g.__digested);
        expect(digested).not.toContain(6 * 1024 - 1);
        expect(digested.filter((n) => n === 6 * 1024)).toHaveLength(1);
        expect(digested.filter((n) => n === 300 * 1024)).toHaveLength(1);
      } finally {
        await b.inBackground((g: any) => { delete g.crypto.subtle.digest; });
      }
    }, 120_000);

    it('a big body for a service that signs it without a hash header (API Gateway) and a SigV4a S3 PUT verify', async () => {
      const body = JSON.stringify({ items: Array.from({ length: 3000 }, (_, i) => ({ i, name: `item ${i} ü` })) });
      expect(body.length).toBeGreaterThan(6 * 1024);
      const api = await ok(send({ method: 'POST', url: `${svc.url}/prod/items`, service: 'execute-api', region: R, headers: { 'Content-Type': 'application/json' }, body }));
      expect(api.status, api.body).toBe(200);
      expect(api.signing.canonicalRequest.endsWith('\n' + sha(body))).toBe(true);
      expect(api.signing.signedHeaders).not.toContain('x-amz-content-sha256');
      const v4a = await ok(send({ method: 'PUT', url: `${svc.url}/sigvault-demo/v4a-big-${kind}.json`, service: 's3', signingAlgorithm: 'sigv4a', headers: { 'Content-Type': 'application/json' }, body }));
      expect(v4a.status, v4a.body).toBe(200);
      expect(svc.calls.at(-1)).toMatchObject({ action: 'PutObject', status: 200, algorithm: 'sigv4a' });
    }, 120_000);

    it('a burst of sends all reach the history, sealed after the answers', async () => {
      await ok(b.send('request.clearHistory', {}));
      const urls = Array.from({ length: 6 }, (_, i) => `${svc.url}/sigvault-demo/burst-${kind}-${i}`);
      const answers = await Promise.all(urls.map((url) => ok(send({ method: 'GET', url, service: 's3', region: R }))));
      expect(answers.map((a) => a.status)).toEqual(urls.map(() => 404)); // NoSuchKey: verified, answered
      const { entries } = await ok(b.send('request.history', {}));
      expect(entries.map((e: { url: string }) => e.url).sort()).toEqual([...urls].sort());
    }, 120_000);
  });
}
