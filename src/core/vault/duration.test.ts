import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.ts';

describe('parseDuration (as aws-vault takes durations)', () => {
  it('reads hours, minutes, seconds and their sums', () => {
    expect(parseDuration('1h')).toBe(3600);
    expect(parseDuration('90m')).toBe(5400);
    expect(parseDuration('1h30m')).toBe(5400);
    expect(parseDuration('12h')).toBe(43_200);
    expect(parseDuration('15m')).toBe(900);
    expect(parseDuration('3600s')).toBe(3600);
    expect(parseDuration('1h0m30s')).toBe(3630);
    expect(parseDuration('1.5h')).toBe(5400);
    expect(parseDuration('0.25h')).toBe(900);
  });
  it('reads plain digits as seconds', () => {
    expect(parseDuration('3600')).toBe(3600);
    expect(parseDuration(' 900 ')).toBe(900);
    expect(parseDuration('0')).toBe(0);
  });
  it('allows upper case and spaces between parts', () => {
    expect(parseDuration('1H')).toBe(3600);
    expect(parseDuration('1h 30m')).toBe(5400);
    expect(parseDuration('2 h')).toBe(7200);
  });
  it('refuses what is no duration', () => {
    for (const bad of ['', ' ', 'soon', '1 hour', 'h', '1x', '-1h', '1h-30m', '30m1h', '1h1h', '1d', '1.5', '0.1s', '1e3', '1,5h', '1h30', '99999999999']) {
      expect(parseDuration(bad), bad).toBeUndefined();
    }
  });
  it('formatDuration writes what parseDuration reads', () => {
    for (const s of [900, 3600, 3601, 5400, 43_200, 61]) expect(parseDuration(formatDuration(s))).toBe(s);
    expect(formatDuration(5400)).toBe('1h30m');
    expect(formatDuration(900)).toBe('15m');
  });
});
