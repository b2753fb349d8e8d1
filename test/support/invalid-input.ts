/**
 * The signers' bad-input assertion, shared by the SigV4 and SigV4a tests: `fn` throws a SigvaultError
 * INVALID_INPUT naming `field` (its message matching `message` when given), and the message carries none of
 * `secrets`.
 */
import { expect } from 'vitest';
import { SigvaultError } from '../../src/core/errors.ts';

export function expectInvalidInput(fn: () => unknown, field: string, message: RegExp | undefined, secrets: readonly string[]): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(SigvaultError);
  const e = error as SigvaultError;
  expect(e.code).toBe('INVALID_INPUT');
  expect(e.details.field).toBe(field);
  if (message) expect(e.message).toMatch(message);
  for (const s of secrets) expect(e.message).not.toContain(s);
}
