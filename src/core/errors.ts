/**
 * Typed errors that cross the message boundary as `{ code, message, ...details }`.
 * Codes are a contract (docs/protocol.md); messages are for people and never contain a secret.
 * @module
 */

export type ErrorCode =
  | 'INVALID_INPUT'
  | 'WRONG_PASSPHRASE'
  | 'LOCKED'
  | 'BACKOFF'
  | 'KDF_TOO_WEAK'
  | 'CORRUPT_RECORD'
  | 'VAULT_EXISTS'
  | 'NO_VAULT'
  | 'NOT_FOUND'
  | 'FORBIDDEN_SENDER'
  | 'UNKNOWN_MESSAGE'
  | 'INTERNAL';

export interface ErrorDetails {
  /** INVALID_INPUT: which field is wrong. */
  field?: string;
  /** CORRUPT_RECORD / NOT_FOUND: which record. */
  recordId?: string;
  /** BACKOFF: milliseconds until the next attempt is allowed. */
  retryAfter?: number;
}

export class SigvaultError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;
  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = 'SigvaultError';
    this.code = code;
    this.details = details;
  }
}

export function isSigvaultError(e: unknown): e is SigvaultError {
  return e instanceof SigvaultError;
}
