import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pluralKey } from './plural.ts';

const messages = JSON.parse(readFileSync('public/_locales/en/messages.json', 'utf8')) as Record<string, { message: string }>;

/** Nouns that follow a count in our messages. */
const NOUNS = 'identities|identity|warnings|roles|accounts|requests|characters|containers|tabs|approvals|records|sessions|iterations|seconds|minutes|profiles|sources|keys';
const COUNTED = new RegExp(`\\$\\w+\\$ (?:[\\w-]+ ){0,2}?(?:${NOUNS})\\b`);

/** Messages whose count is never 1, or whose noun does not agree with the number before it. */
const NEVER_ONE: Record<string, string> = {
  createTooShort: 'the minimum passphrase length is far above 1',
  optKdfArgon2id: 'the Argon2id iterations floor is 2',
  optSamlOfferDuration: 'a SAML session lasts at least 900 seconds',
  sessionsMultiOn: '"N of LIMIT sessions": the noun goes with the limit (5)',
  sessionWarnLimit: '"N of LIMIT console sessions": the noun goes with the limit (5)',
  optRestorePreviewed: '"adds N, updates M and removes K identities": the noun goes with all three',
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(f) && !/\.test\.ts$/.test(f) ? [p] : [];
  });
}

describe('counts in messages', () => {
  it('pluralKey: "<key>One" for exactly one, the plural key otherwise (0 too)', () => {
    expect(pluralKey('searchResults', 1)).toBe('searchResultsOne');
    expect(pluralKey('searchResults', 0)).toBe('searchResults');
    expect(pluralKey('searchResults', 2)).toBe('searchResults');
  });

  it('every message that counts something has a singular ("1 identities" cannot be shown), and none says "(s)"', () => {
    const missing = Object.entries(messages)
      .filter(([k, v]) => !k.endsWith('One') && COUNTED.test(v.message) && !(k in NEVER_ONE) && !(`${k}One` in messages))
      .map(([k, v]) => `${k}: ${v.message}`);
    expect(missing).toEqual([]);
    expect(Object.entries(messages).filter(([, v]) => /\w\(s\)/.test(v.message)).map(([k]) => k)).toEqual([]);
  });

  it('every singular says "1" or "one" and is paired with its plural; every tn() key has both forms', () => {
    for (const [k, v] of Object.entries(messages)) {
      if (!k.endsWith('One') || !(k.slice(0, -3) in messages)) continue;
      expect(v.message, k).toMatch(/\b(1|one)\b/);
    }
    const used = sources('src').flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\btn\('(\w+)'/g)].map((m) => m[1]!));
    expect(used.length).toBeGreaterThan(10);
    expect(used.filter((k) => !(k in messages) || !(`${k}One` in messages))).toEqual([]);
  });
});
