/**
 * Issue 10 item 4: the STS client and the federation helper against real misbehaving HTTP servers on
 * 127.0.0.1 (Node's own fetch as the injected fetch). Each exchange is bounded over headers AND body,
 * bodies are capped at 1 MiB, and a caller's signal aborts an exchange in flight.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SigvaultError } from '../errors.ts';
import { createStsClient, type HttpFetch } from './client.ts';
import { getSigninToken } from './federation.ts';

const LONG = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const TEMP = { accessKeyId: 'ASIAIOSFODNN7EXAMPLE', secretAccessKey: 'tempSecretTEMPSECRETtempSecret1234567890', sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLETOKENxyz0123456789abcdef' };
const MIB = 1024 * 1024;

const httpFetch: HttpFetch = (url, init) => fetch(url, init as RequestInit);

/** Per path: what the server does. `closed` records, per path, that the client went away. */
type Behaviour = (req: IncomingMessage, res: ServerResponse) => void;
let server: Server;
let base = '';
const sockets = new Set<Socket>();
const closed = new Map<string, number>();
const timers = new Set<ReturnType<typeof setInterval>>();

const trickle = (first: string): Behaviour => (_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/xml' });
  res.write(first);
  const t = setInterval(() => res.write(' '), 40);
  timers.add(t);
  res.on('close', () => clearInterval(t));
};

const behaviours: Record<string, Behaviour> = {
  // Headers never come.
  '/hang-headers': () => undefined,
  // Headers, a first piece of body, then nothing.
  '/hang-body': (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/xml' });
    res.write('<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">');
  },
  // A body that never ends: one byte every 40 ms.
  '/trickle': trickle('<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'),
  // 2 MiB, chunked (no Content-Length): only counting catches it.
  '/big': (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const more = (): void => {
      while (sent < 2 * MIB) {
        sent += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', more);
          return;
        }
      }
      res.end();
    };
    more();
  },
  // Content-Length says 2 MiB; the body never comes. Refused on the header, not after a timeout.
  '/big-declared': (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': String(2 * MIB) });
    res.flushHeaders();
  },
  // Content-Length says 500 bytes; 10 come, then nothing: the promised rest never arrives.
  '/lying-length': (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': '500' });
    res.write('<Get');
  },
  '/federation-trickle': trickle('{"SigninToken":"'),
};

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? '/').replace(/\?.*$/, '').replace(/\/+$/, '').replace(/\/federation$/, '');
    res.on('close', () => closed.set(path, Date.now()));
    const b = behaviours[path];
    if (b) b(req, res);
    else {
      res.writeHead(404);
      res.end();
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const t of timers) clearInterval(t);
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => server.close(resolve));
});

async function rejection(p: Promise<unknown>): Promise<SigvaultError> {
  try {
    await p;
  } catch (e) {
    return e as SigvaultError;
  }
  throw new Error('expected a rejection');
}

function sts(path: string, extra: { timeoutMs?: number; signal?: AbortSignal } = {}) {
  return createStsClient({ fetch: httpFetch, endpoints: { aws: { url: base + path } }, maxRetries: 0, timeoutMs: 400, ...extra });
}

/** Resolves once the server saw the client close `path`'s connection (the stream was cancelled). */
async function serverSawClose(path: string, since: number): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    const at = closed.get(path);
    if (at !== undefined && at >= since) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

describe('STS client: one bound over the whole exchange', () => {
  it('headers that never come: NETWORK within the timeout', async () => {
    const t0 = Date.now();
    const e = await rejection(sts('/hang-headers').getCallerIdentity(LONG, 'us-east-1'));
    expect(e.code).toBe('NETWORK');
    expect(e.message).toMatch(/did not answer within/);
    expect(Date.now() - t0).toBeLessThan(3000);
  }, 8000);

  it('a body that stops half-way: NETWORK within the timeout, and the connection is dropped', async () => {
    const t0 = Date.now();
    const e = await rejection(sts('/hang-body').getCallerIdentity(LONG, 'us-east-1'));
    expect(e.code).toBe('NETWORK');
    expect(e.message).toMatch(/did not answer within/);
    expect(e.message).toContain(base);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(await serverSawClose('/hang-body', t0)).toBe(true);
  }, 8000);

  it('a body that trickles forever: NETWORK within the timeout', async () => {
    const t0 = Date.now();
    const e = await rejection(sts('/trickle').getCallerIdentity(LONG, 'us-east-1'));
    expect(e.code).toBe('NETWORK');
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(await serverSawClose('/trickle', t0)).toBe(true);
  }, 8000);

  it('a Content-Length that promises more than comes: NETWORK within the timeout', async () => {
    const t0 = Date.now();
    const e = await rejection(sts('/lying-length').getCallerIdentity(LONG, 'us-east-1'));
    expect(e.code).toBe('NETWORK');
    expect(Date.now() - t0).toBeLessThan(3000);
  }, 8000);

  it('2 MiB without a Content-Length: refused at 1 MiB, the stream cancelled', async () => {
    const t0 = Date.now();
    const e = await rejection(sts('/big', { timeoutMs: 5000 }).getCallerIdentity(LONG, 'us-east-1'));
    expect(e.code).toBe('NETWORK');
    expect(e.message).toMatch(/larger than 1 MiB/);
    expect(await serverSawClose('/big', t0)).toBe(true);
  }, 8000);

  it('a Content-Length over 1 MiB is refused on the header, without waiting for the body', async () => {
    const t0 = Date.now();
    const e = await rejection(sts('/big-declared', { timeoutMs: 5000 }).getCallerIdentity(LONG, 'us-east-1'));
    expect(e.code).toBe('NETWORK');
    expect(e.message).toMatch(/larger than 1 MiB/);
    expect(Date.now() - t0).toBeLessThan(2500);
  }, 8000);

  it("the caller's signal aborts mid-body: its SigvaultError (LOCKED) is thrown, the connection dropped", async () => {
    const controller = new AbortController();
    const t0 = Date.now();
    setTimeout(() => controller.abort(new SigvaultError('LOCKED', 'The vault was locked.')), 150);
    const e = await rejection(sts('/trickle', { timeoutMs: 10_000, signal: controller.signal }).getCallerIdentity(LONG, 'us-east-1'));
    expect(e.code).toBe('LOCKED');
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(await serverSawClose('/trickle', t0)).toBe(true);
  }, 8000);

  it('an abort with a plain reason is NETWORK; an already aborted signal sends nothing', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('bye')), 100);
    expect((await rejection(sts('/trickle', { timeoutMs: 10_000, signal: controller.signal }).getCallerIdentity(LONG, 'us-east-1'))).code).toBe('NETWORK');
    const done = new AbortController();
    done.abort(new SigvaultError('LOCKED', 'The vault was locked.'));
    let called = 0;
    const counting: HttpFetch = (u, i) => {
      called++;
      return httpFetch(u, i);
    };
    const c = createStsClient({ fetch: counting, endpoints: { aws: { url: base + '/hang-headers' } }, signal: done.signal });
    expect((await rejection(c.getCallerIdentity(LONG, 'us-east-1'))).code).toBe('LOCKED');
    expect(called).toBe(0);
  }, 8000);

  it('a lock during a retry pause stops the retries', async () => {
    const controller = new AbortController();
    const throttled: HttpFetch = async () => new Response('<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>', { status: 400 });
    const c = createStsClient({ fetch: throttled, signal: controller.signal, baseDelayMs: 60_000, maxDelayMs: 60_000, random: () => 0.99 });
    setTimeout(() => controller.abort(new SigvaultError('LOCKED', 'The vault was locked.')), 100);
    const t0 = Date.now();
    expect((await rejection(c.getCallerIdentity(LONG, 'us-east-1'))).code).toBe('LOCKED');
    expect(Date.now() - t0).toBeLessThan(3000);
  }, 8000);
});

describe('federation helper: the same bounds', () => {
  it('2 MiB from getSigninToken is refused (NETWORK), the URL (which holds the credentials) never in the message', async () => {
    const e = await rejection(getSigninToken({ fetch: httpFetch, signinBase: base + '/big', timeoutMs: 5000 }, TEMP, { credentialKind: 'role' }));
    expect(e.code).toBe('NETWORK');
    expect(e.message).toMatch(/larger than 1 MiB/);
    expect(e.message).toContain(base);
    expect(e.message).not.toContain('Session');
    expect(e.message).not.toContain(TEMP.secretAccessKey);
  }, 8000);

  it('a body that trickles forever: NETWORK within the timeout', async () => {
    const t0 = Date.now();
    const e = await rejection(getSigninToken({ fetch: httpFetch, signinBase: base + '/federation-trickle', timeoutMs: 400 }, TEMP, { credentialKind: 'role' }));
    expect(e.code).toBe('NETWORK');
    expect(Date.now() - t0).toBeLessThan(3000);
  }, 8000);

  it("the caller's signal aborts getSigninToken mid-body with its reason", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new SigvaultError('LOCKED', 'The vault was locked.')), 150);
    const e = await rejection(
      getSigninToken({ fetch: httpFetch, signinBase: base + '/federation-trickle', timeoutMs: 10_000, signal: controller.signal }, TEMP, { credentialKind: 'role' }),
    );
    expect(e.code).toBe('LOCKED');
  }, 8000);
});

describe('redirects are refused, never followed (issue 10 review)', () => {
  it('a confirmed endpoint that redirects cannot pass the signed request or the Session query to another host', async () => {
    const elsewhere: string[] = [];
    const other = createServer((req, res) => { elsewhere.push(`${req.method} ${req.url}`); res.writeHead(200); res.end('{"SigninToken":"x"}'); });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const otherBase = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    const redirector = createServer((req, res) => { res.writeHead(307, { Location: `${otherBase}${req.url}` }); res.end(); });
    await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', r));
    const from = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`;
    try {
      const sts = createStsClient({ fetch: httpFetch, endpoints: { aws: { url: from } }, maxRetries: 0, timeoutMs: 5000 });
      await expect(sts.getCallerIdentity(TEMP, 'us-east-1')).rejects.toMatchObject({ code: 'NETWORK' });
      await expect(getSigninToken({ fetch: httpFetch, signinBase: from, timeoutMs: 5000 }, TEMP, { credentialKind: 'role' })).rejects.toMatchObject({ code: 'NETWORK' });
      expect(elsewhere).toEqual([]);
    } finally {
      redirector.close();
      other.close();
    }
  });
});
