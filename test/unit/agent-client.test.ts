/**
 * The page client (agent/sigvault-agent.js) and the bridge content script (public/agent/bridge.js) in
 * Node, on a fake window whose postMessage delivers a structured clone to the same window's listeners
 * (as a browser does), and a fake runtime.sendMessage standing for the background. Their real behaviour
 * in Chromium and Firefox is tested end to end in test/e2e/agent.e2e.ts.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

const ORIGIN = 'https://app.example.test';
const g = globalThis as any;
const target = new EventTarget();
const posted: { data: unknown; origin: string }[] = [];
let background: (msg: any) => Promise<unknown> = async () => undefined;
const envelopes: any[] = [];

/** Delivers a message to the window's listeners with `source` (the window itself, or another). */
function deliver(data: unknown, source: unknown): void {
  const ev = new Event('message') as Event & { data: unknown; source: unknown };
  Object.defineProperty(ev, 'data', { value: structuredClone(data) });
  Object.defineProperty(ev, 'source', { value: source });
  target.dispatchEvent(ev);
}

beforeAll(() => {
  g.window = g;
  g.top = g;
  g.location = { origin: ORIGIN };
  g.addEventListener = target.addEventListener.bind(target);
  g.removeEventListener = target.removeEventListener.bind(target);
  g.postMessage = (data: unknown, origin: string) => {
    posted.push({ data, origin });
    setTimeout(() => deliver(data, g), 0);
  };
});

afterEach(() => {
  posted.length = 0;
  envelopes.length = 0;
});

const CLIENT = 'agent/sigvault-agent.js';

describe('the page client', () => {
  it('is under 2 KB and dependency-free', () => {
    const src = readFileSync(CLIENT, 'utf8');
    expect(Buffer.byteLength(src)).toBeLessThan(2048);
    expect(src).not.toMatch(/^\s*import\s/m);
  });

  it('without a bridge, rejects with NOT_AVAILABLE and sets globalThis.SigvaultAgent', async () => {
    const mod = await import('../../agent/sigvault-agent.js');
    expect(g.SigvaultAgent).toBe(mod.SigvaultAgent);
    const started = Date.now();
    await expect(mod.sign({ method: 'GET', url: 'https://sts.amazonaws.com/' })).rejects.toMatchObject({ code: 'NOT_AVAILABLE' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    expect(await mod.SigvaultAgent.available()).toBe(false);
    // what the page posted: on the channel, to its own origin
    expect(posted[0]).toMatchObject({ origin: ORIGIN, data: { channel: 'sigvault-agent/1', type: 'sign', method: 'GET' } });
    await expect(mod.sign(null as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  }, 10_000);
});

describe('the client through the bridge', () => {
  beforeAll(() => {
    g.chrome = { runtime: { sendMessage: (msg: unknown) => { envelopes.push(msg); return background(msg); } } };
    new Function(readFileSync('public/agent/bridge.js', 'utf8'))();
  });

  it('signs: the bridge relays only the request to the background and the result back', async () => {
    const mod = await import('../../agent/sigvault-agent.js');
    const result = { method: 'POST', url: 'https://sts.amazonaws.com/', headers: { Authorization: 'AWS4-HMAC-SHA256 Credential=AKID/…', 'X-Amz-Date': '20260101T000000Z' } };
    background = async () => ({ ok: true, result });
    const got = await mod.sign({ method: 'POST', url: 'https://sts.amazonaws.com/', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'Action=GetCallerIdentity', identity: 'dev', secretAccessKey: 'x' } as never);
    expect(got).toEqual(result);
    expect(envelopes).toEqual([{ agent: 'sigvault-agent/1', request: { type: 'sign', method: 'POST', url: 'https://sts.amazonaws.com/', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'Action=GetCallerIdentity', identity: 'dev' } }]);
    // the bridge answered to the page's own origin only
    expect(posted.filter((p) => (p.data as any).type !== 'sign').every((p) => p.origin === ORIGIN)).toBe(true);
    expect(posted.map((p) => (p.data as any).type)).toEqual(['sign', 'ack', 'reply']);
  });

  it('presigns, and answers hello', async () => {
    const mod = await import('../../agent/sigvault-agent.js');
    background = async (m) => (m.request.type === 'hello' ? { ok: true, result: { version: 1 } } : { ok: true, result: { url: 'https://b.s3.amazonaws.com/k?X-Amz-Signature=1', expiresAt: 5 } });
    expect(await mod.presign({ method: 'GET', url: 'https://b.s3.amazonaws.com/k', expiresIn: 60 })).toEqual({ url: 'https://b.s3.amazonaws.com/k?X-Amz-Signature=1', expiresAt: 5 });
    expect(envelopes[0].request).toEqual({ type: 'presign', method: 'GET', url: 'https://b.s3.amazonaws.com/k', expiresIn: 60 });
    expect(await mod.SigvaultAgent.available()).toBe(true);
  });

  it('rejects with the background\'s code, and NOT_AVAILABLE when the background fails or answers nonsense', async () => {
    const mod = await import('../../agent/sigvault-agent.js');
    background = async () => ({ ok: false, error: { code: 'HOST_NOT_ALLOWED', message: 'not AWS' } });
    const e = await mod.sign({ method: 'GET', url: 'https://example.com/' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(Error);
    expect(e).toMatchObject({ code: 'HOST_NOT_ALLOWED', message: 'not AWS' });
    background = async () => { throw new Error('Could not establish connection'); };
    await expect(mod.sign({ method: 'GET', url: 'https://sts.amazonaws.com/' })).rejects.toMatchObject({ code: 'NOT_AVAILABLE' });
    background = async () => 'garbage';
    await expect(mod.sign({ method: 'GET', url: 'https://sts.amazonaws.com/' })).rejects.toMatchObject({ code: 'NOT_AVAILABLE' });
  });

  it('matches concurrent replies by id', async () => {
    const mod = await import('../../agent/sigvault-agent.js');
    background = async (m) => {
      await new Promise((r) => setTimeout(r, m.request.url.endsWith('slow') ? 50 : 0));
      return { ok: true, result: { method: 'GET', url: m.request.url, headers: {} } };
    };
    const [a, b] = await Promise.all([mod.sign({ method: 'GET', url: 'https://sts.amazonaws.com/slow' }), mod.sign({ method: 'GET', url: 'https://sts.amazonaws.com/fast' })]);
    expect([a.url, b.url]).toEqual(['https://sts.amazonaws.com/slow', 'https://sts.amazonaws.com/fast']);
  });

  it('the bridge ignores messages from another window, another channel, or without a valid id', async () => {
    background = async () => ({ ok: true, result: {} });
    deliver({ channel: 'sigvault-agent/1', id: 'x1', type: 'sign', method: 'GET', url: 'https://sts.amazonaws.com/' }, {}); // another window (an iframe)
    deliver({ channel: 'other', id: 'x2', type: 'sign' }, g);
    deliver({ channel: 'sigvault-agent/1', id: 'x'.repeat(65), type: 'sign' }, g);
    deliver({ channel: 'sigvault-agent/1', id: 'x3', type: 'reply', ok: true }, g); // a forged reply is not relayed
    deliver('sigvault-agent/1', g);
    await new Promise((r) => setTimeout(r, 20));
    expect(envelopes).toEqual([]);
  });
});
