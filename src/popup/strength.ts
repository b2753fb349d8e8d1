/**
 * A rough passphrase strength estimate for the create-vault screen (pure). It rewards length and
 * several words; it is advice, not a gate (the background only requires 8 characters).
 * @module
 */

export type Strength = 'empty' | 'weak' | 'fair' | 'good' | 'strong';

/** Bits of a random Diceware word (7,776 words). */
const WORD_BITS = 12.9;

/** Estimated bits of entropy, conservatively (people do not pick characters at random). */
export function estimateBits(passphrase: string): number {
  if (passphrase === '') return 0;
  let pool = 0;
  if (/[a-z]/.test(passphrase)) pool += 26;
  if (/[A-Z]/.test(passphrase)) pool += 26;
  if (/\d/.test(passphrase)) pool += 10;
  if (/[^a-zA-Z\d]/.test(passphrase)) pool += 33;
  const distinct = new Set(passphrase).size;
  const chars = Math.min(passphrase.length, distinct * 2) * Math.log2(pool) * 0.5;
  const words = passphrase.split(/[\s\-_.,;:+]+/).filter((w) => w.length >= 3);
  const distinctWords = new Set(words.map((w) => w.toLowerCase())).size;
  return Math.max(chars, distinctWords * WORD_BITS);
}

export function strengthOf(passphrase: string): Strength {
  if (passphrase === '') return 'empty';
  const bits = estimateBits(passphrase);
  if (passphrase.length < 8 || bits < 36) return 'weak';
  if (bits < 50) return 'fair';
  if (bits < 64) return 'good';
  return 'strong';
}
