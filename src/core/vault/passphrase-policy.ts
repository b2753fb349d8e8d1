/**
 * What a new vault passphrase must be (pure, shared): the background refuses anything else when a vault
 * is created or its passphrase changed (header.ts `assertNewPassphrase`), and the pages run the SAME
 * check before sending (the popup's create-vault screen, the options page's passphrase change), with the
 * strength estimate the meter shows.
 *
 * The rule: at least {@link PASSPHRASE_MIN_LENGTH} characters AND an estimate of at least
 * {@link MIN_ACCEPTED_BITS} bits ("fair" or better): three random words, or about 11 characters mixing
 * upper and lower case, digits and symbols (16 of lower-case letters only). `password`, `hunter2` and
 * `Summer2024` are refused. The estimate is rough and conservative (people do not pick characters at
 * random); it is a floor against the obvious, not a promise of strength.
 * @module
 */

/** Shortest new passphrase, in Unicode code points after NFC. Applies to create and change, not unlock. */
export const PASSPHRASE_MIN_LENGTH = 8;

/** Least estimated entropy a new passphrase needs: the boundary between "weak" and "fair". */
export const MIN_ACCEPTED_BITS = 36;

export type Strength = 'empty' | 'weak' | 'fair' | 'good' | 'strong';

/** The strengths in order, weakest first (a meter's value is the index). */
export const STRENGTHS: readonly Strength[] = ['empty', 'weak', 'fair', 'good', 'strong'];

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

/** The number of code points after NFC (what the length rule counts). */
function codePoints(passphrase: string): number {
  return [...passphrase.normalize('NFC')].length;
}

/**
 * How strong `passphrase` is estimated to be. "weak" is what {@link newPassphraseProblem} refuses; the
 * advice ("four random words or more") is met from "good".
 */
export function strengthOf(passphrase: string): Strength {
  if (passphrase === '') return 'empty';
  const bits = estimateBits(passphrase.normalize('NFC'));
  if (codePoints(passphrase) < PASSPHRASE_MIN_LENGTH || bits < MIN_ACCEPTED_BITS) return 'weak';
  if (bits < 50) return 'fair';
  if (bits < 64) return 'good';
  return 'strong';
}

/**
 * Why a new passphrase is refused, or undefined when it is accepted: `short` (fewer than
 * {@link PASSPHRASE_MIN_LENGTH} characters) or `weak` (estimated below {@link MIN_ACCEPTED_BITS} bits).
 * @example newPassphraseProblem('password') // 'weak'
 * @example newPassphraseProblem('correct horse battery staple') // undefined
 */
export function newPassphraseProblem(passphrase: string): 'short' | 'weak' | undefined {
  if (codePoints(passphrase) < PASSPHRASE_MIN_LENGTH) return 'short';
  if (strengthOf(passphrase) === 'weak') return 'weak';
  return undefined;
}

/** The background's words for a refused new passphrase (the pages show their own, from the locale file). */
export function newPassphraseMessage(problem: 'short' | 'weak'): string {
  return problem === 'short'
    ? `The passphrase must be at least ${PASSPHRASE_MIN_LENGTH} characters.`
    : 'The passphrase is too easy to guess. Use three or more random words (four are better), or a longer mix of letters, digits and symbols.';
}
