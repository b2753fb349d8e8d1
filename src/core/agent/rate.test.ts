import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate.ts';

describe('RateLimiter', () => {
  it('allows a burst, refuses past it, and refills with time', () => {
    const r = new RateLimiter({ burst: 3, perMinute: 60 });
    const t = 1000;
    expect([r.take('a', t), r.take('a', t), r.take('a', t), r.take('a', t)]).toEqual([true, true, true, false]);
    expect(r.take('b', t)).toBe(true); // per origin
    expect(r.take('a', t + 500)).toBe(false); // half a token
    expect(r.take('a', t + 1000)).toBe(true); // one per second at 60/min
    expect(r.take('a', t + 1000)).toBe(false);
    expect([r.take('a', t + 60_000), r.take('a', t + 60_000), r.take('a', t + 60_000), r.take('a', t + 60_000)]).toEqual([true, true, true, false]); // capped at burst
  });

  it('a refused request takes nothing, and reset starts afresh', () => {
    const r = new RateLimiter({ burst: 1, perMinute: 1 });
    expect(r.take('a', 0)).toBe(true);
    for (let i = 0; i < 10; i++) expect(r.take('a', 0)).toBe(false);
    expect(r.take('a', 60_000)).toBe(true);
    r.reset('a');
    expect(r.take('a', 60_000)).toBe(true);
  });

  it('a clock going back does not mint tokens', () => {
    const r = new RateLimiter({ burst: 1, perMinute: 60 });
    expect(r.take('a', 10_000)).toBe(true);
    expect(r.take('a', 0)).toBe(false);
  });
});
