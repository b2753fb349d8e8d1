import { describe, expect, it } from 'vitest';
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
