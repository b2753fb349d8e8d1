import { describe, expect, it } from 'vitest';
import { checkChannelMessage, WORKER_CHANNEL, type ChannelEventLike } from './worker-channel.ts';

const self = { id: 'abcdefghijklmnopabcdefghijklmnop', origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop' };
const lock = 'sigvault-channel/0b6f6f3e-4d0f-4d8e-9a55-2f1c1f0f2a10';
const page = `${self.origin}/src/requests/index.html`;
const event = (over: Partial<ChannelEventLike> = {}): ChannelEventLike => ({
  origin: self.origin,
  data: { channel: WORKER_CHANNEL, type: 'request.send', lock },
  ports: [{}],
  source: { url: page, type: 'window' },
  ...over,
});

describe('checkChannelMessage', () => {
  it('accepts request.send from a page of this extension, with one port and a fresh lock name', () => {
    expect(checkChannelMessage(event(), self)).toEqual({ ok: true, type: 'request.send', lock, url: page });
  });
  it('refuses other origins, look-alike origins, workers and frames of web pages', () => {
    expect(checkChannelMessage(event({ origin: 'https://evil.example' }), self)).toMatchObject({ ok: false, reason: expect.stringMatching(/origin/) });
    expect(checkChannelMessage(event({ source: { url: `${self.origin}.evil.example/x.html`, type: 'window' } }), self)).toMatchObject({ ok: false, reason: expect.stringMatching(/not a page of this extension/) });
    expect(checkChannelMessage(event({ source: { url: 'https://evil.example/', type: 'window' } }), self).ok).toBe(false);
    expect(checkChannelMessage(event({ source: { url: `${self.origin}/w.js`, type: 'worker' } }), self)).toMatchObject({ ok: false, reason: expect.stringMatching(/not a page/) });
    expect(checkChannelMessage(event({ source: null }), self).ok).toBe(false);
  });
  it('refuses every other request type: handlers that need the sender\'s tab, and everything not worth the channel', () => {
    for (const type of ['vault.export', 'vault.unlock', 'console.open', 'request.presign', 'nope', 7]) {
      expect(checkChannelMessage(event({ data: { channel: WORKER_CHANNEL, type, lock } }), self)).toMatchObject({ ok: false, answerable: true, reason: expect.stringMatching(/does not travel over the worker channel/) });
    }
  });
  it('refuses a malformed envelope: another channel, extra fields (the payload goes over the port), no or a made-up lock, not one port', () => {
    const bad: unknown[] = [null, 'request.send', [], { channel: 'sigvault.worker/2', type: 'request.send', lock },
      { channel: WORKER_CHANNEL, type: 'request.send', lock, body: 'x' }, { channel: WORKER_CHANNEL, type: 'request.send' },
      { channel: WORKER_CHANNEL, type: 'request.send', lock: 'mine' }];
    for (const data of bad) expect(checkChannelMessage(event({ data }), self).ok).toBe(false);
    expect(checkChannelMessage(event({ ports: [] }), self)).toEqual({ ok: false, answerable: false, reason: expect.stringMatching(/one port/) });
    expect(checkChannelMessage(event({ ports: [{}, {}] }), self)).toMatchObject({ ok: false, answerable: false });
  });
});
