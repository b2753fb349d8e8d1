/**
 * Counts in messages: Chrome's i18n has no plural rules, so a message about a count has its singular as
 * a message of its own, `<key>One` ("1 identity"), beside `<key>` ("$COUNT$ identities"; also used for 0).
 * English has just these two forms.
 * @module
 */

/** The message key for `count` of something: `<key>One` for exactly 1, else `key`. */
export function pluralKey(key: string, count: number): string {
  return count === 1 ? `${key}One` : key;
}
