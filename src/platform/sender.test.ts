import { describe, expect, it } from 'vitest';
import { checkAgentSender } from './agent-sender.ts';
import { checkSender } from './sender.ts';

const self = { id: 'abcdefghijklmnopabcdefghijklmnop', origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop' };

describe('checkSender', () => {
  it('accepts the popup and an extension page in a tab', () => {
    expect(checkSender({ id: self.id, url: `${self.origin}/src/popup/index.html`, origin: self.origin }, self)).toEqual({ ok: true });
    expect(checkSender({ id: self.id, url: `${self.origin}/src/options/index.html`, tab: { id: 3 }, frameId: 0 }, self)).toEqual({ ok: true });
  });
  it('refuses another extension', () => {
    const v = checkSender({ id: 'otherotherotherotherotherotherot', url: 'chrome-extension://otherotherotherotherotherotherot/x.html' }, self);
    expect(v).toMatchObject({ ok: false, reason: expect.stringMatching(/another extension/) });
  });
  it('refuses a content script (same id, web page url)', () => {
    expect(checkSender({ id: self.id, url: 'https://evil.example/', tab: { id: 1 }, origin: 'https://evil.example' }, self).ok).toBe(false);
    expect(checkSender({ id: self.id, url: `${self.origin}/x`, envType: 'content_child' }, self).ok).toBe(false);
  });
  it('refuses a look-alike origin, a missing url and a mismatched origin', () => {
    expect(checkSender({ id: self.id, url: `${self.origin}.evil.example/` }, self).ok).toBe(false);
    expect(checkSender({ id: self.id }, self).ok).toBe(false);
    expect(checkSender({ id: self.id, url: `${self.origin}/p.html`, origin: 'null' }, self).ok).toBe(false);
    expect(checkSender(undefined, self).ok).toBe(false);
  });
});

describe('checkAgentSender', () => {
  const page = { id: self.id, url: 'https://app.example.com/console?x=1', tab: { id: 4 }, frameId: 0 };
  it('names the origin of the top frame the bridge runs in, from the browser\'s sender', () => {
    expect(checkAgentSender(page, self)).toEqual({ ok: true, origin: 'https://app.example.com' });
    expect(checkAgentSender({ ...page, url: 'http://127.0.0.1:8080/demo.html', origin: 'http://127.0.0.1:8080' }, self)).toEqual({ ok: true, origin: 'http://127.0.0.1:8080' });
  });
  it('refuses another extension, frames, extension pages, non-web pages and a disagreeing origin', () => {
    expect(checkAgentSender({ ...page, id: 'otherotherotherotherotherotherot' }, self).ok).toBe(false);
    expect(checkAgentSender({ ...page, frameId: 3 }, self).ok).toBe(false);
    expect(checkAgentSender({ id: self.id, url: page.url, frameId: 0 }, self).ok).toBe(false); // no tab
    expect(checkAgentSender({ ...page, url: `${self.origin}/src/options/index.html` }, self).ok).toBe(false);
    expect(checkAgentSender({ ...page, url: 'file:///home/u/x.html' }, self).ok).toBe(false);
    expect(checkAgentSender({ ...page, url: 'about:blank' }, self).ok).toBe(false);
    expect(checkAgentSender({ ...page, origin: 'https://other.example' }, self).ok).toBe(false);
    expect(checkAgentSender({ ...page, url: undefined }, self).ok).toBe(false);
    expect(checkAgentSender(undefined, self).ok).toBe(false);
  });
  it('the agent sender is still refused by the ordinary request check', () => {
    expect(checkSender(page, self).ok).toBe(false);
  });
});
