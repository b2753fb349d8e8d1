/**
 * The agent's per-origin rate limit: a token bucket per origin (`burst` requests at once, refilled at
 * `perMinute`). A page that asks more often gets RATE_LIMITED. Time is passed in. Pure.
 * @module
 */

export interface RateLimitOptions {
  /** Requests allowed at once. */
  burst: number;
  /** Refill per minute. */
  perMinute: number;
}

export const AGENT_RATE: Readonly<RateLimitOptions> = Object.freeze({ burst: 20, perMinute: 60 });

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly opts: RateLimitOptions = AGENT_RATE) {}

  /** Takes one token for `key`; false when there is none (the request is refused, nothing is taken). */
  take(key: string, now: number): boolean {
    const b = this.buckets.get(key) ?? { tokens: this.opts.burst, at: now };
    const elapsed = Math.max(0, now - b.at);
    b.tokens = Math.min(this.opts.burst, b.tokens + (elapsed * this.opts.perMinute) / 60_000);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /** Forgets `key` (a revoked origin starts afresh if granted again). */
  reset(key: string): void {
    this.buckets.delete(key);
  }
}
