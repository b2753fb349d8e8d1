/**
 * `request.send` overhead in the real extension (headless Chromium and Firefox ESR): the time of
 * `request.send`, made as the request console makes it (`callOverPort`, src/platform/port-call.ts, bundled
 * for the bench page), from an extension page to the local services stand-in (test/support/services-standin.ts,
 * which verifies every signature with @smithy/signature-v4) next to a plain `fetch` of the same request,
 * signed in advance, from the same page to the same server. Goal (issue 12): request.send adds ≤ 2 ms. The
 * overhead is the median of paired differences (each request.send minus the plain fetch right after it), which
 * holds up better than a difference of medians on a shared, loaded machine.
 *
 * Requests: S3 ListBuckets (`GET /`) as an IAM user (long-term keys) and as a role assumed from it (its
 * temporary credentials cached after the warm-up), S3 PutObjects of 1 KiB and 64 KiB text as the user (the
 * body hashed: natively from 6 KiB). The two ways alternate, RUNS times each after WARMUP, and the medians
 * are printed with their difference. Where the overhead goes: `durationMs` (the background's own fetch, as
 * request.send reports it) and the round trip of a runtime message the background answers without a handler (an
 * unknown type), bare and carrying the request's body, are measured in the same run;
 * the rest is the handler's work (validation, credential lookup, signing, the history entry).
 *
 * The page: the shipped pages forbid themselves any connection (`connect-src 'none'` in their meta CSP), so
 * the benchmark adds an empty page (`bench-request.html`, under the manifest's CSP, which allows loopback)
 * to its own copy of the build; both ways are timed from it.
 *
 * Run: `npm run build && npx tsx bench/request-browser.ts` (also part of `npm run bench`). BENCH_RUNS (default 100),
 * SIGVAULT_BROWSERS=chromium|firefox.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { signRequest } from '../src/core/sigv4/index.ts';
import { KINDS, launch, ok, useStandin, type ExtensionBrowser, type Kind } from '../test/e2e/harness.ts';
import { keysOf, startServicesStandin } from '../test/support/services-standin.ts';
import { startStandin } from '../test/support/sts-standin.ts';

const PASS = 'bench passphrase, not a secret';
const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const WARMUP = 10;
const R = 'us-east-1';
const DIST = process.env.BENCH_DIST ?? 'dist';
const ROLE_ARN = 'arn:aws:iam::222222222222:role/BenchAdmin';

/**
 * A copy of the build with an empty extension page that may connect to loopback, and that loads the
 * request console's messaging (`call`, bundled from the source for this browser) as `SigvaultBench`.
 */
async function benchCopy(kind: Kind): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'sigvault-request-bench-ext-'));
  cpSync(join(DIST, kind === 'chromium' ? 'chrome' : 'firefox'), dir, { recursive: true });
  const bundled = await build({
    configFile: false,
    logLevel: 'silent',
    define: { __SIGVAULT_TARGET__: JSON.stringify(kind === 'chromium' ? 'chrome' : 'firefox') },
    build: { write: false, minify: false, lib: { entry: fileURLToPath(new URL('./request-page.ts', import.meta.url)), formats: ['iife'], name: 'SigvaultBench' } },
  });
  const output = (Array.isArray(bundled) ? bundled[0]! : bundled) as { output: Array<{ type: string; code?: string }> };
  writeFileSync(join(dir, 'bench-request.js'), output.output.find((o) => o.type === 'chunk')!.code!);
  writeFileSync(join(dir, 'bench-request.html'), '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>request bench</title><script src="bench-request.js"></script></head><body></body></html>');
  return dir;
}

interface Case {
  name: string;
  /** signed as the IAM user (default) or as a role assumed from it (temporary credentials, a session token) */
  as?: 'role';
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const CASES: Case[] = [
  { name: 'S3 ListBuckets GET', method: 'GET', path: '/', headers: {} },
  { name: 'S3 ListBuckets GET, role', as: 'role', method: 'GET', path: '/', headers: {} },
  { name: 'S3 PutObject 1 KiB', method: 'PUT', path: '/bench-bucket/small.txt', headers: { 'Content-Type': 'text/plain' }, body: 'sigvault request.send bench line\n'.repeat(32) },
  {
    name: 'S3 PutObject 64 KiB',
    method: 'PUT',
    path: '/bench-bucket/object.txt',
    headers: { 'Content-Type': 'text/plain' },
    body: 'sigvault request.send bench line\n'.repeat(2048), // 64 KiB
  },
];

interface Timings {
  /** median of (request.send − the plain fetch right after it): each pair shares the machine's momentary load */
  paired: number;
  send: number;
  fetch: number;
  inside: number;
  ping: number;
  carry: number;
}

/**
 * Runs in the extension page: alternates request.send, a plain fetch of the pre-signed request, and a
 * trivial message, `runs` times; returns the raw times. (No named inner functions: tsx would wrap them in
 * a `__name` helper the page does not have.)
 */
async function timedInPage(a: {
  send: Record<string, unknown>;
  url: string;
  init: { method: string; headers: Record<string, string>; body?: string };
  runs: number;
  warmup: number;
}): Promise<{ send: number[]; fetch: number[]; inside: number[]; ping: number[]; carry: number[]; status: number[]; error?: string }> {
  const api = (globalThis as any).browser ?? (globalThis as any).chrome;
  const call = (globalThis as any).SigvaultBench.call;
  const out = { send: [] as number[], fetch: [] as number[], inside: [] as number[], ping: [] as number[], carry: [] as number[], status: [] as number[] };
  for (let i = 0; i < a.runs + a.warmup; i++) {
    const t0 = performance.now();
    let r: any;
    try {
      r = await call('request.send', a.send);
    } catch (e) {
      return { ...out, error: `${(e as any).code ?? ''} ${(e as Error).message}` };
    }
    const t1 = performance.now();
    const res = await fetch(a.url, a.init);
    await res.text();
    const t2 = performance.now();
    // a message the background answers at once, without a handler (an unknown type: UNKNOWN_MESSAGE)
    await api.runtime.sendMessage({ type: 'bench.ping' });
    const t3 = performance.now();
    // the same message carrying the request's body: what moving the body to the background costs
    await api.runtime.sendMessage({ type: 'bench.ping', body: a.init.body ?? '' });
    const t4 = performance.now();
    if (i < a.warmup) continue;
    out.carry.push(t4 - t3);
    out.send.push(t1 - t0);
    out.fetch.push(t2 - t1);
    out.inside.push(r.durationMs);
    out.ping.push(t3 - t2);
    out.status.push(r.status, res.status);
  }
  return out;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export async function measure(kind: Kind): Promise<Array<{ name: string } & Timings>> {
  const sts = await startStandin({ cors: false });
  const svc = await startServicesStandin({ keys: keysOf(sts), clock: () => sts.now() });
  const alice = sts.issueUserKeys({ userName: 'alice', account: '111111111111' });
  svc.buckets.add('bench-bucket');
  let b: ExtensionBrowser | undefined;
  const dir = await benchCopy(kind);
  try {
    b = await launch(kind, { dist: dir });
    await ok(b.send('vault.create', { passphrase: PASS }));
    await useStandin(b, sts.url);
    const id = (await ok(b.send('identity.addUser', { label: 'alice', accessKeyId: alice.accessKeyId, secretAccessKey: alice.secretAccessKey, region: R }))).id as string;
    sts.addRole({ arn: ROLE_ARN, trust: { principals: ['111111111111'] } });
    const roleId = (await ok(b.send('identity.addRole', { label: 'admin', roleArn: ROLE_ARN, sourceId: id, durationSeconds: 3600, region: R }))).id as string;
    // the plain fetch signs with a session of the same role (same shape: key, secret, ~1 KB token)
    const roleSession = sts.issueRoleSession({ roleArn: ROLE_ARN, sessionName: 'bench', durationSeconds: 3600 });
    const page = await b.openPage('bench-request.html');
    const rows = [];
    for (const c of CASES) {
      const url = svc.url + c.path;
      // the same request, signed here with the same keys and the stand-in's clock (valid for 5 minutes)
      const creds = c.as === 'role' ? roleSession : alice;
      const signed = signRequest({ method: c.method, url, headers: c.headers, body: c.body ?? null }, creds, { region: R, service: 's3', datetime: new Date(sts.now()) });
      const init = { method: signed.method, headers: signed.headers, ...(c.body !== undefined ? { body: c.body } : {}) };
      const send = { id: c.as === 'role' ? roleId : id, method: c.method, url, service: 's3', region: R, headers: c.headers, ...(c.body !== undefined ? { body: c.body } : {}) };
      const r = await page.evaluate(timedInPage, { send, url: signed.url, init, runs: RUNS, warmup: WARMUP });
      if (r.error !== undefined) throw new Error(`${kind} ${c.name}: request.send failed: ${r.error}`);
      const bad = r.status.filter((s) => s !== 200);
      if (bad.length) throw new Error(`${kind} ${c.name}: the stand-in answered ${bad[0]} (every answer must be 200: both ways verified)`);
      rows.push({ name: c.name, paired: median(r.send.map((x, i) => x - r.fetch[i]!)), send: median(r.send), fetch: median(r.fetch), inside: median(r.inside), ping: median(r.ping), carry: median(r.carry) });
    }
    await page.close();
    return rows;
  } finally {
    await b?.close();
    await svc.stop();
    await sts.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function printRequestBench(): Promise<void> {
  const out = (line: string) => process.stdout.write(line + '\n');
  const f = (x: number, w: number) => x.toFixed(2).padStart(w);
  out(`request.send vs a plain fetch of the same signed request, from an extension page to the loopback stand-in (${RUNS} alternating pairs)`);
  out('browser    request                fetch ms  request.send ms  overhead (paired) | bg fetch (durationMs)  message RTT  message RTT with the body');
  for (const kind of KINDS) {
    for (const r of await measure(kind)) {
      out(`${kind.padEnd(10)} ${r.name.padEnd(22)} ${f(r.fetch, 8)}  ${f(r.send, 15)}  ${f(r.paired, 17)} | ${f(r.inside, 20)}  ${f(r.ping, 11)}  ${f(r.carry, 25)}`);
    }
  }
  out('fetch, request.send: medians. request.send goes as the request console sends it: over the port channel (src/platform/port-channel.ts).');
  out('overhead (paired): the median of request.send minus the plain fetch that followed it (target <= 2 ms).');
  out('bg fetch: request.send\'s own durationMs (whole ms). message RTT: a runtime.sendMessage the background answers at once (an unknown');
  out('type, no handler) from the same page; "with the body": the same message carrying the request\'s body: what the port channel avoids.');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await printRequestBench();
}
