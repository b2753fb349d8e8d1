import { describe, expect, it } from 'vitest';
import { parseRequestsHash, requestsHash } from './requests-page.ts';

describe('requests page hash', () => {
  it('round-trips the mode and the identity id', () => {
    expect(requestsHash({ mode: 'presign', id: 'abc-123' })).toBe('#presign&id=abc-123');
    expect(parseRequestsHash('#presign&id=abc-123')).toEqual({ mode: 'presign', id: 'abc-123' });
    expect(requestsHash({ mode: 'send', id: 'x_1' })).toBe('#id=x_1');
    expect(parseRequestsHash(requestsHash({ mode: 'send', id: 'x_1' }))).toEqual({ mode: 'send', id: 'x_1' });
    expect(requestsHash({ mode: 'send' })).toBe('');
  });
  it('ignores what it does not know and ids that are not ids', () => {
    expect(parseRequestsHash('')).toEqual({ mode: 'send' });
    expect(parseRequestsHash('#foo&id=%3Cscript%3E')).toEqual({ mode: 'send' });
    expect(parseRequestsHash('#id=%E0%A4%A')).toEqual({ mode: 'send' });
  });
});
