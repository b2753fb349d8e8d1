import { describe, expect, it } from 'vitest';
import { isSigvaultError } from '../errors.ts';
import { parseUrl } from './url.ts';

describe('parseUrl', () => {
  it.each([
    ['https://example.amazonaws.com', { origin: 'https://example.amazonaws.com', host: 'example.amazonaws.com', path: '/', query: '', fragment: '' }],
    ['https://example.amazonaws.com/', { host: 'example.amazonaws.com', path: '/', query: '' }],
    ['https://Example.COM:443/a', { origin: 'https://example.com', host: 'example.com', path: '/a' }],
    ['HTTP://example.com:80/', { origin: 'http://example.com', scheme: 'http', host: 'example.com' }],
    ['http://localhost:4566/b?x=1', { origin: 'http://localhost:4566', host: 'localhost:4566', path: '/b', query: 'x=1' }],
    ['https://h:08443/', { origin: 'https://h:8443', host: 'h:8443' }],
    ['https://h:/p', { origin: 'https://h', host: 'h', path: '/p' }],
    ['https://[::1]:8443/x', { host: '[::1]:8443', path: '/x' }],
    ['https://[FE80::1]/', { host: '[fe80::1]' }],
    ['https://h?a=b?c', { path: '/', query: 'a=b?c' }],
    ['https://h/p?', { path: '/p', query: '' }],
    ['https://h/p#frag?x', { path: '/p', query: '', fragment: '#frag?x' }],
    ['https://h/a/../b//c/./%2e/d%20e f/ሴ', { path: '/a/../b//c/./%2e/d%20e f/ሴ' }],
    ['https://h/a\\b', { path: '/a\\b' }],
    ['wss://h/mqtt', { scheme: 'wss', host: 'h' }],
  ])('%s', (url, expected) => {
    expect(parseUrl(url)).toMatchObject(expected);
  });

  it('reuses the input prefix as origin when it is already normal', () => {
    const url = 'https://sts.amazonaws.com/';
    expect(parseUrl(url).origin).toBe('https://sts.amazonaws.com');
  });

  it.each([
    ['', 'empty'],
    ['example.com/path', 'no scheme'],
    ['/relative/path', 'no scheme'],
    ['ftp://example.com/', 'unsupported scheme'],
    ['https:/example.com/', '"//"'],
    ['https://', 'empty host'],
    ['https:///path', 'empty host'],
    ['https://user:pass@example.com/', 'user info'],
    ['https://user@example.com/', 'user info'],
    ['https://exämple.com/', 'punycode'],
    ['https://exa mple.com/', 'invalid character in host'],
    ['https://example.com:65536/', 'port out of range'],
    ['https://example.com:123456/', 'port out of range'],
    ['https://example.com:8a/', 'port must be decimal'],
    ['https://[::1/', 'IPv6'],
    ['https://[]/', 'IPv6'],
    ['https://[::g]/', 'IPv6'],
    ['https://[::1]x/', 'after IPv6'],
    ['https://example.com/a\tb', 'control character'],
    ['https://example.com/a\nb', 'control character'],
    ['https://example.com/?a=\u0000', 'control character'],
    ['https://example.com/#\u007f', 'control character'],
    [' https://example.com/', 'no scheme'],
    ['https://example.com/ ', 'trailing space'],
  ])('rejects %j (%s)', (url, reason) => {
    let error: unknown;
    try {
      parseUrl(url);
    } catch (e) {
      error = e;
    }
    expect(isSigvaultError(error)).toBe(true);
    const e = error as { code: string; details: { field?: string }; message: string };
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.details.field).toBe('url');
    expect(e.message).toContain(reason);
  });

  it('rejects a non-string', () => {
    expect(() => parseUrl(42 as unknown as string)).toThrow(/Invalid URL/);
  });
});
