import { describe, expect, it } from 'vitest';
import { MIN_ACCEPTED_BITS, newPassphraseProblem, PASSPHRASE_MIN_LENGTH, strengthOf } from './passphrase-policy.ts';

describe('new passphrase policy (shared by the background and the pages)', () => {
  it('refuses short and weak passphrases: `password` no longer passes', () => {
    expect(newPassphraseProblem('')).toBe('short');
    expect(newPassphraseProblem('hunter2')).toBe('short');
    for (const weak of ['password', 'Password1', 'Summer2024', 'qwertyuiop', 'aaaaaaaaaaaaaaaaaaaa', 'abcabcabcabc']) {
      expect(newPassphraseProblem(weak), weak).toBe('weak');
      expect(strengthOf(weak), weak).toBe('weak');
    }
  });

  it('accepts three or more random words, and long mixed strings', () => {
    for (const ok of ['correct horse battery staple', 'another passphrase entirely', 'demo vault passphrase', 'bench passphrase, not a secret', 'Crème brûlée 4 breakfast', 'kT9#vQ2!mZ7@']) {
      expect(newPassphraseProblem(ok), ok).toBeUndefined();
      expect(strengthOf(ok), ok).not.toBe('weak');
    }
  });

  it('counts code points after NFC for the length, and states its thresholds', () => {
    expect(PASSPHRASE_MIN_LENGTH).toBe(8);
    expect(MIN_ACCEPTED_BITS).toBe(36);
    // 7 characters of 2 code units each: still too short
    expect(newPassphraseProblem('𝒜𝒝𝒞𝒟𝒠𝒡𝒢')).toBe('short');
  });

  it('rates the meter: fair below the advice (four words), good or strong once it is met', () => {
    expect(strengthOf('')).toBe('empty');
    expect(strengthOf('tundra pickle')).toBe('fair');
    expect(['good', 'strong']).toContain(strengthOf('gravel orbit tundra pickle'));
    expect(strengthOf('gravel orbit tundra pickle lantern velvet')).toBe('strong');
  });
});
