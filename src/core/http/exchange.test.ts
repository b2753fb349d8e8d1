import { describe, expect, it } from 'vitest';
import { SigvaultError } from '../errors.ts';
import { DEFAULT_MAX_BYTES, exchange, originOf, type HttpFetch, type HttpRequestInit } from './exchange.ts';

const enc = new TextEncoder();

/** A real WHATWG byte stream from chunks; `cancelled` records that the reader gave up on it. */
function streamOf(chunks: Uint8Array[], opts: { endless?: boolean } = {}) {
  const state = { cancelled: false, pulled: 0 };
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = chunks[state.pulled++];
      if (next) controller.enqueue(next);
      else if (opts.endless) {
        // Like a network: a little at a time (an in-memory stream that never waits would starve timers).
        await new Promise((r) => setTimeout(r, 1));
        controller.enqueue(enc.encode(' '.repeat(16)));
      } else controller.close();
    },
    cancel() {
      state.cancelled = true;
    },
  }, { highWaterMark: 0 }); // pull only when read
  return { body, state };
}

function respond(body: ReadableStream<Uint8Array> | null, headers: Record<string, string> = {}, status = 200) {
  return { status, headers: { get: (n: string) => headers[n.toLowerCase()] ?? null }, body, text: async () => 'should not be used' };
}

async function rejection(p: Promise<unknown>): Promise<SigvaultError> {
  try {
    await p;
  } catch (e) {
    return e as SigvaultError;
  }
  throw new Error('expected a rejection');
}

const URL_WITH_SECRET = 'https://user:pw@signin.example.com:8443/federation?Action=getSigninToken&Session=%7B%22sessionKey%22%3A%22SECRET%22%7D#frag';

describe('exchange', () => {
  it('reads a streamed body, decoding UTF-8 split across chunks and dropping a BOM', async () => {
    const bytes = enc.encode('\ufeff<r>é 部署</r>');
    const chunks = [...bytes].map((b) => new Uint8Array([b]));
    const { body } = streamOf(chunks);
    let seen: HttpRequestInit | undefined;
    const fetch: HttpFetch = async (_url, init) => {
      seen = init;
      return respond(body, { 'content-type': 'text/xml' });
    };
    const r = await exchange(fetch, 'https://sts.example.com/', { method: 'POST', headers: { a: 'b' }, body: 'x=1' }, { what: 'STS' });
    expect(r.text).toBe('<r>é 部署</r>');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/xml');
    expect(seen?.signal).toBeDefined();
    expect(seen?.method).toBe('POST');
    expect(seen?.body).toBe('x=1');
  });

  it('counts bytes, whatever Content-Length claims: a stream past the cap is cancelled', async () => {
    const { body, state } = streamOf([], { endless: true });
    const fetch: HttpFetch = async () => respond(body, { 'content-length': '10' });
    const e = await rejection(exchange(fetch, 'https://sts.example.com/', { method: 'GET', headers: {} }, { what: 'STS', maxBytes: 64 }));
    expect(e.code).toBe('NETWORK');
    expect(e.message).toBe('STS at https://sts.example.com sent an answer larger than 64 bytes; it was refused.');
    expect(state.cancelled).toBe(true);
  });

  it('a declared Content-Length over the cap is refused before reading (and the stream cancelled)', async () => {
    const { body, state } = streamOf([enc.encode('x')]);
    const fetch: HttpFetch = async () => respond(body, { 'content-length': String(DEFAULT_MAX_BYTES + 1) });
    const e = await rejection(exchange(fetch, 'https://sts.example.com/', { method: 'GET', headers: {} }, { what: 'STS' }));
    expect(e.message).toMatch(/larger than 1 MiB/);
    expect(state.pulled).toBe(0);
    expect(state.cancelled).toBe(true);
  });

  it('truncate: a body over the cap is cut at the cap (bytes, mid-character safe), the stream cancelled, truncated set', async () => {
    const { body, state } = streamOf([enc.encode('0123456789'), enc.encode('abcdé'), enc.encode('never read')]);
    const fetch: HttpFetch = async () => respond(body, { 'content-length': '1000000' });
    const r = await exchange(fetch, 'https://x.example/', { method: 'GET', headers: {} }, { what: 'S3', maxBytes: 15, truncate: true });
    // 15 bytes: '0123456789abcd' + the first byte of 'é' (2 bytes), which decodes as a replacement character
    expect(r).toMatchObject({ status: 200, text: '0123456789abcd\ufffd', truncated: true });
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBe(2);
    const small = streamOf([enc.encode('short')]);
    expect(await exchange(async () => respond(small.body), 'https://x.example/', { method: 'GET', headers: {} }, { what: 'S3', maxBytes: 15, truncate: true })).toMatchObject({ text: 'short', truncated: false });
    const exact = streamOf([enc.encode('x'.repeat(15))]);
    expect(await exchange(async () => respond(exact.body), 'https://x.example/', { method: 'GET', headers: {} }, { what: 'S3', maxBytes: 15, truncate: true })).toMatchObject({ truncated: false });
    const noStream: HttpFetch = async () => ({ status: 200, headers: { get: () => null }, text: async () => 'y'.repeat(40) });
    expect(await exchange(noStream, 'https://x.example/', { method: 'GET', headers: {} }, { what: 'S3', maxBytes: 16, truncate: true })).toMatchObject({ text: 'y'.repeat(16), truncated: true });
  });

  it('without a body stream, text() is bounded too (time and size)', async () => {
    const big: HttpFetch = async () => ({ status: 200, headers: { get: () => null }, text: async () => 'é'.repeat(40) });
    expect((await rejection(exchange(big, 'https://x.example/', { method: 'GET', headers: {} }, { what: 'STS', maxBytes: 64 }))).message).toMatch(/larger than 64 bytes/);
    const ok = await exchange(big, 'https://x.example/', { method: 'GET', headers: {} }, { what: 'STS', maxBytes: 80 });
    expect(ok.text).toHaveLength(40);
    const hung: HttpFetch = async () => ({ status: 200, headers: { get: () => null }, text: () => new Promise<string>(() => undefined) });
    const t0 = Date.now();
    expect((await rejection(exchange(hung, 'https://x.example/', { method: 'GET', headers: {} }, { what: 'STS', timeoutMs: 50 }))).message).toMatch(/did not answer within 1 s/);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('a fetch that ignores the signal still ends at the timeout; the signal it got is aborted', async () => {
    let signal: AbortSignal | undefined;
    const deaf: HttpFetch = (_u, init) => {
      signal = init.signal;
      return new Promise(() => undefined);
    };
    const e = await rejection(exchange(deaf, 'https://x.example/', { method: 'GET', headers: {} }, { what: 'STS', timeoutMs: 30 }));
    expect(e.code).toBe('NETWORK');
    expect(signal?.aborted).toBe(true);
  });

  it('messages carry the origin only: never userinfo, path, query (credentials) or fragment', async () => {
    const throwing: HttpFetch = async () => {
      throw new TypeError(`fetch failed for ${URL_WITH_SECRET}`);
    };
    const e = await rejection(exchange(throwing, URL_WITH_SECRET, { method: 'GET', headers: {} }, { what: 'the sign-in endpoint' }));
    expect(e.message).toBe('Could not reach the sign-in endpoint at https://signin.example.com:8443 (TypeError): offline, DNS or TLS failure, or the host is blocked.');
    const broken: HttpFetch = async () =>
      respond(
        new ReadableStream<Uint8Array>({
          pull(c) {
            c.error(new Error(`reset ${URL_WITH_SECRET}`));
          },
        }),
      );
    const b = await rejection(exchange(broken, URL_WITH_SECRET, { method: 'GET', headers: {} }, { what: 'the sign-in endpoint' }));
    expect(b.message).toBe('The connection to https://signin.example.com:8443 broke while reading the answer (Error).');
    expect(originOf('https://a:b@h.example/p?q#f')).toBe('https://h.example');
    expect(originOf('nonsense')).toBe('the endpoint');
  });

  it("a caller's signal: a SigvaultError reason is thrown as is; an aborted signal sends nothing", async () => {
    const c = new AbortController();
    const { body, state } = streamOf([], { endless: true });
    const fetch: HttpFetch = async () => respond(body);
    setTimeout(() => c.abort(new SigvaultError('LOCKED', 'The vault was locked.')), 30);
    const e = await rejection(exchange(fetch, 'https://x.example/', { method: 'GET', headers: {} }, { what: 'STS', signal: c.signal, timeoutMs: 5000, maxBytes: 1e9 }));
    expect(e.code).toBe('LOCKED');
    expect(state.cancelled).toBe(true);
    let calls = 0;
    const counting: HttpFetch = async () => {
      calls++;
      return respond(null);
    };
    expect((await rejection(exchange(counting, 'https://x.example/', { method: 'GET', headers: {} }, { what: 'STS', signal: c.signal }))).code).toBe('LOCKED');
    expect(calls).toBe(0);
  });

  it('a null body (204) is an empty text', async () => {
    const fetch: HttpFetch = async () => ({ ...respond(null, {}, 204), text: async () => '' });
    expect((await exchange(fetch, 'https://x.example/', { method: 'GET', headers: {} }, { what: 'STS' })).text).toBe('');
  });
});
