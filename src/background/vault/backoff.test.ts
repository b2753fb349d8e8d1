import { describe, expect, it } from 'vitest';
import { delayAfter, MAX_DELAY_MS, retryAt } from './backoff.ts';

describe('unlock backoff', () => {
  it('is free for 5 failures, then doubles from 2 s, capped at 15 min', () => {
    expect([0, 1, 4].map(delayAfter)).toEqual([0, 0, 0]);
    expect([5, 6, 7, 8].map(delayAfter)).toEqual([2000, 4000, 8000, 16000]);
    expect(delayAfter(40)).toBe(MAX_DELAY_MS);
  });
  it('computes the next allowed time', () => {
    expect(retryAt(undefined, 1000)).toBeUndefined();
    expect(retryAt({ count: 3, lastAt: 1000 }, 1000)).toBeUndefined();
    expect(retryAt({ count: 5, lastAt: 1000 }, 1500)).toBe(3000);
    expect(retryAt({ count: 5, lastAt: 1000 }, 3000)).toBeUndefined();
  });
});
