/**
 * Payload checks shared by handlers: pages are our own code, but a payload is still input, and a bad
 * one must be a clear INVALID_INPUT naming the field, never a crash or a half-done change.
 * @module
 */
import { SigvaultError } from '../core/errors.ts';

export function requireString(payload: object, field: string, opts: { max?: number; min?: number } = {}): string {
  const v = (payload as Record<string, unknown>)[field];
  const max = opts.max ?? 4096;
  if (typeof v !== 'string') throw new SigvaultError('INVALID_INPUT', `${field} is required and must be text`, { field });
  if (v.length < (opts.min ?? 1)) throw new SigvaultError('INVALID_INPUT', `${field} must not be empty`, { field });
  if (v.length > max) throw new SigvaultError('INVALID_INPUT', `${field} is longer than ${max} characters`, { field });
  return v;
}

export function requireOneOf<T extends string>(payload: object, field: string, values: readonly T[]): T {
  const v = (payload as Record<string, unknown>)[field];
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
    throw new SigvaultError('INVALID_INPUT', `${field} must be one of ${values.join(', ')}`, { field });
  }
  return v as T;
}

export function optionalBoolean(payload: object, field: string): boolean | undefined {
  const v = (payload as Record<string, unknown>)[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw new SigvaultError('INVALID_INPUT', `${field} must be true or false`, { field });
  return v;
}
