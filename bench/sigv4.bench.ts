/**
 * SigV4 benchmark: sigvault's signer vs @smithy/signature-v4 (+ @aws-crypto/sha256-js) vs aws4fetch,
 * plus the cost of the hashing alone (the SHA-256 and HMAC work the spec requires for the request).
 *
 * Run: `npx tsx bench/sigv4.bench.ts` (about a minute; also part of `npm run bench`). Plain Node, no
 * bench library. Environment knobs: BENCH_CLOCK=cpu (count process CPU time instead of wall time,
 * steadier on a loaded machine), BENCH_ROUNDS, BENCH_RUN_MS, BENCH_WARMUP_MS, BENCH_ONLY=ours,hashing, BENCH_SCENARIO=8 MiB
 * (only the scenarios whose name contains it).
 *
 * Method: for each scenario, warm every implementation up for WARMUP_MS, then run ROUNDS rounds; in
 * each round every implementation runs for RUN_MS and its completed signatures are counted. The
 * best round counts (the machine may be shared; interference only ever slows a round down). The
 * async signers (smithy, aws4fetch) are awaited one call at a time, in sequence, exactly as a caller
 * signing one request would; ours is called synchronously. All
 * implementations sign the same request with the same fixed Date, and each keeps its signing-key cache
 * (aws4fetch gets a shared `cache` Map, its best configuration), so no one re-derives keys per call.
 *
 * Then SigV4a (ECDSA P-256, src/core/sigv4a/) against our SigV4 on the same scenarios, measured the
 * same way (BENCH_ONLY=v4a runs only that part).
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { AwsV4Signer } from 'aws4fetch';
import { presignUrl, signRequest, signRequestAsync } from '../src/core/sigv4/index.ts';
import { NATIVE_HASH_MIN_BYTES } from '../src/core/sigv4/payload.ts';
import { hmacShared, keyHmac, sha256Shared } from '../src/core/sigv4/hash.ts';
import { deriveSigningKey } from '../src/core/sigv4/signing-key.ts';
import type { Signed } from '../src/core/sigv4/index.ts';
import { presignUrlV4a, signRequestV4a } from '../src/core/sigv4a/index.ts';
import { sigV4aPublicKey, verifySigV4a } from '../test/support/sigv4a-node.ts';

const WARMUP_MS = Number(process.env['BENCH_WARMUP_MS'] ?? 300);
const RUN_MS = Number(process.env['BENCH_RUN_MS'] ?? 150);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 8);
const ONLY = process.env['BENCH_ONLY']; // e.g. "ours,hashing" while tuning
const SCENARIO = process.env['BENCH_SCENARIO']; // e.g. "8 MiB": only the scenarios whose name contains it
/** Bodies over 256 KiB (the 8 MiB PUT): this many times the rounds, each this many times as long. */
const BIG_ROUND_FACTOR = 2;
const BIG_RUN_FACTOR = 3;

const creds = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const when = new Date(Date.UTC(2024, 4, 17, 12, 34, 56));
const enc = new TextEncoder();

interface Scenario {
  name: string;
  region: string;
  service: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | Uint8Array<ArrayBuffer> | null;
  /** Presign with this lifetime; undefined = Authorization header. */
  expiresIn?: number;
  /**
   * A PUT with a signed payload: sigvault is timed through `signRequestAsync` (native hash from
   * NATIVE_HASH_MIN_BYTES) and, as "sync", through `signRequest` (the only path before: noble hashes the
   * body). For S3 (PutObject, `X-Amz-Content-SHA256` = the body's hash) aws4fetch, which signs S3
   * `UNSIGNED-PAYLOAD` unless given that header, gets the hash its own way (`crypto.subtle.digest`, as
   * its `hash()` does) in the header before `sign()`.
   */
  put?: boolean;
}

const bytes = (n: number) => new Uint8Array(n).map((_, i) => (i * 31 + 7) & 255);
const body64k = bytes(64 * 1024);
const putObject = (name: string, body: Uint8Array<ArrayBuffer>): Scenario => ({
  name,
  region: 'eu-west-1',
  service: 's3',
  method: 'PUT',
  url: 'https://examplebucket.s3.eu-west-1.amazonaws.com/uploads/2024/data.bin',
  headers: { 'Content-Type': 'application/octet-stream' },
  body,
  put: true,
});
const scenarios: Scenario[] = [
  {
    name: 'STS GetCallerIdentity POST',
    region: 'us-east-1',
    service: 'sts',
    method: 'POST',
    url: 'https://sts.amazonaws.com/',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: 'Action=GetCallerIdentity&Version=2011-06-15',
  },
  {
    name: 'S3 presigned GET',
    region: 'eu-west-1',
    service: 's3',
    method: 'GET',
    url: 'https://examplebucket.s3.eu-west-1.amazonaws.com/photos/2024/cat.jpg',
    headers: {},
    body: null,
    expiresIn: 3600,
  },
  {
    // execute-api rather than S3 so that every implementation hashes the body (aws4fetch signs
    // S3 header requests with UNSIGNED-PAYLOAD by default).
    name: '64 KiB PUT (API Gateway)',
    region: 'us-west-2',
    service: 'execute-api',
    method: 'PUT',
    url: 'https://a1b2c3d4e5.execute-api.us-west-2.amazonaws.com/prod/items/42',
    headers: { 'Content-Type': 'application/octet-stream' },
    body: body64k,
    put: true,
  },
  putObject('S3 PutObject 1 KiB', bytes(1024)),
  putObject('S3 PutObject 64 KiB', body64k),
  putObject('S3 PutObject 8 MiB', bytes(8 * 1024 * 1024)),
].filter((s) => SCENARIO === undefined || s.name.includes(SCENARIO));

/** SigV4a vs SigV4 compares the signature work: the scenarios before the PutObject ones. */
const v4aScenarios = scenarios.filter((s) => !s.put || s.service !== 's3');

/** Our async signer (PutObject scenarios): signRequestAsync, native hash for big bodies. */
function oursAsyncFor(s: Scenario): () => Promise<Signed> {
  const req = { method: s.method, url: s.url, headers: s.headers, body: s.body };
  const opts = { region: s.region, service: s.service, datetime: when };
  return () => signRequestAsync(req, creds, opts);
}

/** Our synchronous signer for a scenario (the path before signRequestAsync); request and options objects are built once, as for the others. */
function oursFor(s: Scenario): () => Signed {
  const req = { method: s.method, url: s.url, headers: s.headers, body: s.body };
  if (s.expiresIn === undefined) {
    const opts = { region: s.region, service: s.service, datetime: when };
    return () => signRequest(req, creds, opts);
  }
  const opts = { region: s.region, service: s.service, datetime: when, expiresIn: s.expiresIn };
  return () => presignUrl(req, creds, opts);
}
const ours = (s: Scenario) => oursFor(s)();

function smithyFor(s: Scenario): () => Promise<unknown> {
  const s3 = s.service === 's3';
  const signer = new SignatureV4({ credentials: creds, region: s.region, service: s.service, sha256: Sha256, uriEscapePath: !s3, applyChecksum: s3 });
  const u = new URL(s.url);
  const request = () => ({
    method: s.method,
    protocol: u.protocol,
    hostname: u.hostname,
    path: u.pathname,
    query: {},
    headers: { ...s.headers, host: u.host, ...(s.expiresIn !== undefined && s3 ? { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } : {}) },
    body: s.body ?? undefined,
  });
  if (s.expiresIn === undefined) return () => signer.sign(request(), { signingDate: when });
  const opts = {
    signingDate: when,
    expiresIn: s.expiresIn,
    unsignableHeaders: new Set(['x-amz-content-sha256']),
    unhoistableHeaders: new Set(['x-amz-content-sha256']),
  };
  return () => signer.presign(request(), opts);
}

function aws4fetchFor(s: Scenario): () => Promise<unknown> {
  const cache = new Map<string, ArrayBuffer>();
  const datetime = when.toISOString().replace(/[:-]|\.\d{3}/g, '');
  if (s.put && s.service === 's3') {
    const body = s.body as Uint8Array<ArrayBuffer>;
    return async () => {
      const hash = Buffer.from(await crypto.subtle.digest('SHA-256', body)).toString('hex');
      return new AwsV4Signer({
        method: s.method,
        url: s.url,
        headers: { ...s.headers, 'X-Amz-Content-Sha256': hash },
        body,
        ...creds,
        region: s.region,
        service: s.service,
        datetime,
        cache,
      }).sign();
    };
  }
  return () =>
    new AwsV4Signer({
      method: s.method,
      url: s.url,
      headers: s.headers,
      body: s.body ?? undefined,
      ...creds,
      region: s.region,
      service: s.service,
      datetime,
      cache,
      signQuery: s.expiresIn !== undefined,
    }).sign();
}

/**
 * The SHA-256/HMAC work SigV4 requires for this request, done with the same functions the signer
 * uses (hash.ts), on bytes encoded in advance: payload hash (unless UNSIGNED-PAYLOAD), canonical
 * request hash, HMAC of the string to sign with a cached key. No encoding, no hex, nothing else.
 */
function hashingFor(s: Scenario): () => void {
  const { bodyBytes, creq, sts, keyed } = hashingInputs(s);
  return () => {
    if (bodyBytes !== null) sha256Shared(bodyBytes);
    sha256Shared(creq);
    hmacShared(keyed, sts);
  };
}

/** The same for the PutObject scenarios, the body hashed as signRequestAsync does (native from the threshold). */
function hashingAsyncFor(s: Scenario): () => Promise<void> {
  const { bodyBytes, creq, sts, keyed } = hashingInputs(s);
  const native = bodyBytes !== null && bodyBytes.length >= NATIVE_HASH_MIN_BYTES;
  return async () => {
    if (native) await crypto.subtle.digest('SHA-256', bodyBytes);
    else if (bodyBytes !== null) sha256Shared(bodyBytes);
    sha256Shared(creq);
    hmacShared(keyed, sts);
  };
}

function hashingInputs(s: Scenario) {
  const signed = ours(s);
  const bodyBytes = s.body === null || signed.canonicalRequest.endsWith('UNSIGNED-PAYLOAD') ? null : typeof s.body === 'string' ? enc.encode(s.body) : s.body;
  const creq = enc.encode(signed.canonicalRequest);
  const sts = enc.encode(signed.stringToSign);
  const keyed = keyHmac(deriveSigningKey(creds.secretAccessKey, signed.stringToSign.slice(17, 25), s.region, s.service));
  return { bodyBytes, creq, sts, keyed };
}

const CLOCK = process.env['BENCH_CLOCK'] === 'cpu' ? 'cpu' : 'wall';
/** Microseconds elapsed on the chosen clock: wall time, or this process's CPU time (user + system). */
const clock = (): number => {
  if (CLOCK === 'wall') return performance.now() * 1000;
  const u = process.cpuUsage();
  return u.user + u.system;
};

/** Operations per second of `fn` over about `ms` milliseconds. */
function runSync(fn: () => unknown, ms: number, batch = 32): number {
  const start = clock();
  let n = 0;
  let now = start;
  do {
    for (let i = 0; i < batch; i++) fn();
    n += batch;
    now = clock();
  } while (now - start < ms * 1000);
  return (n * 1e6) / (now - start);
}

/** Same for an async function, each call awaited before the next starts. */
async function runAsync(fn: () => Promise<unknown>, ms: number, batch = 8): Promise<number> {
  const start = clock();
  let n = 0;
  let now = start;
  do {
    for (let i = 0; i < batch; i++) await fn();
    n += batch;
    now = clock();
  } while (now - start < ms * 1000);
  return (n * 1e6) / (now - start);
}

type Impl = { name: 'ours' | 'sync' | 'smithy' | 'aws4fetch' | 'hashing'; run: (ms: number) => Promise<number> };

/** Warm up every implementation, then interleave ROUNDS rounds and keep each one's best. */
async function measure(s: Scenario): Promise<Record<Impl['name'], number>> {
  // Big bodies: check the clock after every call (one 8 MiB signature takes tens of ms).
  const big = s.body !== null && s.body.length > 256 * 1024;
  const sb = big ? 1 : 32;
  const ab = big ? 1 : 8;
  // A round of RUN_MS holds only ~20 of them: twice the rounds, three times as long (with the defaults the
  // 8 MiB ratio against aws4fetch swung between 1.2 and 1.6× from run to run; this way 1.1–1.2×).
  const runMs = big ? RUN_MS * BIG_RUN_FACTOR : RUN_MS;
  const rounds = big ? ROUNDS * BIG_ROUND_FACTOR : ROUNDS;
  const all: Impl[] = s.put
    ? [
        { name: 'ours', run: (ms) => runAsync(oursAsyncFor(s), ms, ab) },
        { name: 'sync', run: async (ms) => runSync(oursFor(s), ms, sb) },
        { name: 'smithy', run: (ms) => runAsync(smithyFor(s), ms, ab) },
        { name: 'aws4fetch', run: (ms) => runAsync(aws4fetchFor(s), ms, ab) },
        { name: 'hashing', run: (ms) => runAsync(hashingAsyncFor(s), ms, ab) },
      ]
    : [
        { name: 'ours', run: async (ms) => runSync(oursFor(s), ms) },
        { name: 'smithy', run: (ms) => runAsync(smithyFor(s), ms) },
        { name: 'aws4fetch', run: (ms) => runAsync(aws4fetchFor(s), ms) },
        { name: 'hashing', run: async (ms) => runSync(hashingFor(s), ms) },
      ];
  const impls = all.filter((i) => ONLY === undefined || ONLY.split(',').includes(i.name));
  const best: Record<string, number> = { ours: NaN, sync: NaN, smithy: NaN, aws4fetch: NaN, hashing: NaN };
  for (const impl of impls) await impl.run(WARMUP_MS);
  for (let round = 0; round < rounds; round++) {
    for (const impl of impls) {
      const ops = await impl.run(runMs);
      if (!(ops <= best[impl.name]!)) best[impl.name] = ops;
    }
  }
  return best as Record<Impl['name'], number>;
}

/** Our SigV4a signer for a scenario (region set: the scenario's region). */
function oursV4aFor(s: Scenario): () => Signed {
  const req = { method: s.method, url: s.url, headers: s.headers, body: s.body };
  if (s.expiresIn === undefined) {
    const opts = { regionSet: s.region, service: s.service, datetime: when };
    return () => signRequestV4a(req, creds, opts);
  }
  const opts = { regionSet: s.region, service: s.service, datetime: when, expiresIn: s.expiresIn };
  return () => presignUrlV4a(req, creds, opts);
}

/** SigV4a and SigV4 (ours), interleaved rounds, best of each. */
function measureV4a(s: Scenario): { v4: number; v4a: number } {
  const v4 = oursFor(s);
  const v4a = oursV4aFor(s);
  runSync(v4, WARMUP_MS);
  runSync(v4a, WARMUP_MS);
  let best = { v4: NaN, v4a: NaN };
  for (let round = 0; round < ROUNDS; round++) {
    const a = runSync(v4, RUN_MS);
    const b = runSync(v4a, RUN_MS);
    best = { v4: a <= best.v4 ? best.v4 : a, v4a: b <= best.v4a ? best.v4a : b };
  }
  return best;
}

const fmt = (opsPerSec: number) => Math.round(opsPerSec).toLocaleString('en-US');
const us = (opsPerSec: number) => (1e6 / opsPerSec).toFixed(2);
const x = (r: number) => r.toFixed(1) + '×';

async function main() {
  if (ONLY === undefined || ONLY.split(',').some((n) => n !== 'v4a')) await sigv4Table();
  if (ONLY === undefined || ONLY.split(',').includes('v4a')) v4aTable();
}

/** SigV4a vs SigV4, both ours: signatures per second and how many times longer a SigV4a signature takes. */
function v4aTable() {
  // Sanity: each SigV4a signature verifies with Node's crypto before we time anything.
  const key = sigV4aPublicKey(creds.accessKeyId, creds.secretAccessKey);
  for (const s of v4aScenarios) {
    const signed = oursV4aFor(s)();
    if (!verifySigV4a(key, signed.stringToSign, signed.signature)) throw new Error(`${s.name}: SigV4a signature does not verify`);
  }
  console.log(`\nSigV4a (AWS4-ECDSA-P256-SHA256, @noble/curves P-256) vs SigV4, both sigvault, same rounds:`);
  const rows: string[][] = [['scenario', 'SigV4a ops/s', 'µs/op', 'SigV4 ops/s', 'µs/op', 'SigV4a time / SigV4']];
  for (const s of v4aScenarios) {
    const r = measureV4a(s);
    rows.push([s.name, fmt(r.v4a), us(r.v4a), fmt(r.v4), us(r.v4), x(r.v4 / r.v4a)]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => '| ' + row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ') + ' |';
  console.log(line(rows[0]!));
  console.log('|' + widths.map((w, i) => (i === 0 ? ':' + '-'.repeat(w + 1) : '-'.repeat(w + 1) + ':')).join('|') + '|');
  for (const row of rows.slice(1)) console.log(line(row));
}

async function sigv4Table() {
  // Sanity: all three agree on each scenario's signature before we time anything (both of our paths).
  for (const s of scenarios) {
    const mine = ours(s).signature;
    const theirs = (await smithyFor(s)()) as { headers: Record<string, string>; query: Record<string, string> };
    const sig = s.expiresIn === undefined ? /Signature=(\w+)/.exec(theirs.headers['authorization']!)![1] : theirs.query['X-Amz-Signature'];
    if (sig !== mine) throw new Error(`${s.name}: smithy signature ${sig} != ours ${mine}`);
    if (s.put) {
      const a = (await oursAsyncFor(s)()).signature;
      if (a !== mine) throw new Error(`${s.name}: signRequestAsync ${a} != signRequest ${mine}`);
      // aws4fetch leaves content-type unsigned, so its signature differs; its payload hash must not.
      const f = (await aws4fetchFor(s)()) as { headers: Headers };
      const theirHash = f.headers.get('x-amz-content-sha256');
      if (s.service === 's3' && theirHash !== ours(s).headers['X-Amz-Content-SHA256']) throw new Error(`${s.name}: aws4fetch payload hash ${theirHash}`);
    }
  }

  console.log(
    `SigV4 signing throughput, Node ${process.version}: best of ${ROUNDS} interleaved rounds of ${RUN_MS} ms per implementation, after ${WARMUP_MS} ms warm-up`
    + ` (8 MiB: ${ROUNDS * BIG_ROUND_FACTOR} rounds of ${RUN_MS * BIG_RUN_FACTOR} ms).`,
  );
  console.log('smithy = @smithy/signature-v4 5.7.5 + @aws-crypto/sha256-js (async, awaited sequentially);');
  console.log('aws4fetch = aws4fetch 1.0.20 on WebCrypto (async, awaited sequentially, shared key cache;');
  console.log('  S3 PutObject: the body hashed with crypto.subtle.digest into X-Amz-Content-SHA256 first, else it signs UNSIGNED-PAYLOAD).');
  console.log(`sigvault = signRequest (sync); on the PUTs signRequestAsync (native SHA-256 from ${NATIVE_HASH_MIN_BYTES} bytes), awaited sequentially;`);
  console.log('sync = signRequest on the same PUT (noble hashes the body: the only path before signRequestAsync).');
  console.log('hashing = only the SHA-256/HMAC the request needs (body — native from the threshold on the PUTs —, canonical request, HMAC with a cached key).\n');
  const rows: string[][] = [
    ['scenario', 'sigvault ops/s', 'µs/op', 'sync ops/s', 'smithy ops/s', 'aws4fetch ops/s', 'hashing ops/s', 'vs sync', 'vs smithy', 'vs aws4fetch', 'time / hashing'],
  ];
  for (const s of scenarios) {
    const r = await measure(s);
    const put = s.put === true;
    rows.push([
      s.name, fmt(r.ours), us(r.ours), put ? fmt(r.sync) : '—', fmt(r.smithy), fmt(r.aws4fetch), fmt(r.hashing),
      put ? (r.ours / r.sync).toFixed(2) + '×' : '—', x(r.ours / r.smithy), x(r.ours / r.aws4fetch), (r.hashing / r.ours).toFixed(2) + '×',
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => '| ' + row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ') + ' |';
  console.log(line(rows[0]!));
  console.log('|' + widths.map((w, i) => (i === 0 ? ':' + '-'.repeat(w + 1) : '-'.repeat(w + 1) + ':')).join('|') + '|');
  for (const row of rows.slice(1)) console.log(line(row));
  console.log('\nvs sync / vs smithy / vs aws4fetch: how many times faster sigvault is. time / hashing: sigvault time per');
  console.log('signature divided by the hashing-alone time (1.00× = no overhead beyond the required hashing).');
  console.log('Targets (issue 12): PUTs of 64 KiB and more >= 1.5× aws4fetch; the small ones no slower than before (vs sync >= 1.0×, within noise).');
}

await main();
