import { describe, expect, it, vi } from 'vitest';

vi.mock('../platform/browser.ts', () => ({ BROWSER: 'chrome', browser: { storage: { onChanged: { addListener: () => undefined } } } }));
const { shortLabel } = await import('./badge.ts');

describe('shortLabel', () => {
  it('uses initials of several words, or the start of one, at most 4 characters', () => {
    expect(shortLabel('prod admin')).toBe('PA');
    expect(shortLabel('dev-read-only')).toBe('DRO');
    expect(shortLabel('sandbox')).toBe('SAND');
    expect(shortLabel('a b c d e f')).toBe('ABCD');
    expect(shortLabel('  ')).toBe('');
    expect(shortLabel('ëclair')).toBe('ËCLA');
  });
});
