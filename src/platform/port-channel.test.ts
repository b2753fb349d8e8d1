import { describe, expect, it } from 'vitest';
import { checkChannelOpen, checkChannelRequest, PORT_CHANNEL, type ChannelEventLike } from './port-channel.ts';

const self = { id: 'abcdefghijklmnopabcdefghijklmnop', origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop' };
const lock = 'sigvault-channel/0b6f6f3e-4d0f-4d8e-9a55-2f1c1f0f2a10';
const page = `${self.origin}/src/requests/index.html`;
const event = (over: Partial<ChannelEventLike> = {}): ChannelEventLike => ({
  origin: self.origin,
  data: { channel: PORT_CHANNEL, lock },
  ports: [{}],
  source: { url: page, type: 'window' },
  ...over,
});

describe('checkChannelOpen', () => {
  it('accepts a port from a page of this extension, with a fresh lock name', () => {
    expect(checkChannelOpen(event(), self)).toEqual({ ok: true, lock, url: page });
  });
  it('refuses other origins, look-alike origins, workers and web pages', () => {
    expect(checkChannelOpen(event({ origin: 'https://evil.example' }), self)).toMatchObject({ ok: false, code: 'FORBIDDEN_SENDER', reason: expect.stringMatching(/origin/) });
    expect(checkChannelOpen(event({ source: { url: `${self.origin}.evil.example/x.html`, type: 'window' } }), self)).toMatchObject({ ok: false, reason: expect.stringMatching(/not a page of this extension/) });
    expect(checkChannelOpen(event({ source: { url: 'https://evil.example/', type: 'window' } }), self).ok).toBe(false);
    expect(checkChannelOpen(event({ source: { url: `${self.origin}/w.js`, type: 'worker' } }), self)).toMatchObject({ ok: false, code: 'FORBIDDEN_SENDER', reason: expect.stringMatching(/not a page/) });
    expect(checkChannelOpen(event({ source: null }), self).ok).toBe(false);
  });
  it('refuses a malformed envelope: another channel, a request in it, no or a made-up lock, not one port', () => {
    const bad: unknown[] = [null, 'open', [], { channel: 'sigvault.worker/2', lock }, { channel: PORT_CHANNEL, lock, type: 'request.send' },
      { channel: PORT_CHANNEL }, { channel: PORT_CHANNEL, lock: 'mine' }, { channel: PORT_CHANNEL, lock: `${lock}x` }];
    for (const data of bad) expect(checkChannelOpen(event({ data }), self)).toMatchObject({ ok: false, code: 'INVALID_INPUT', answerable: true });
    expect(checkChannelOpen(event({ ports: [] }), self)).toEqual({ ok: false, code: 'INVALID_INPUT', answerable: false, reason: expect.stringMatching(/one port/) });
    expect(checkChannelOpen(event({ ports: [{}, {}] }), self)).toMatchObject({ ok: false, answerable: false });
  });
});

describe('checkChannelRequest', () => {
  const payload = { id: 'i1', method: 'GET', url: 'https://s3.amazonaws.com/' };
  it('accepts { n, type, payload } for request.send', () => {
    expect(checkChannelRequest({ n: 1, type: 'request.send', payload })).toEqual({ ok: true, n: 1, type: 'request.send', payload });
  });
  it('refuses every other request type (handlers that need the sender\'s tab, and all not worth the channel), answering by number', () => {
    for (const type of ['vault.export', 'vault.unlock', 'console.open', 'request.presign', 'nope', 7]) {
      expect(checkChannelRequest({ n: 4, type, payload })).toEqual({ ok: false, n: 4, reason: 'this request type does not travel over the port channel' });
    }
  });
  it('refuses a payload that is not an object and extra fields; without a usable number, unanswered', () => {
    for (const bad of ['GET /', null, [], 3]) expect(checkChannelRequest({ n: 2, type: 'request.send', payload: bad })).toMatchObject({ ok: false, n: 2 });
    expect(checkChannelRequest({ n: 2, type: 'request.send', payload, extra: 1 })).toMatchObject({ ok: false, n: 2 });
    for (const n of [0, -1, 1.5, '1', undefined, Number.MAX_SAFE_INTEGER + 1]) {
      expect(checkChannelRequest({ n, type: 'request.send', payload })).toEqual({ ok: false, reason: 'a channel request needs its number' });
    }
    expect(checkChannelRequest('request.send')).toEqual({ ok: false, reason: 'not a channel request' });
  });
});
