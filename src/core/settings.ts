/**
 * Non-secret preferences: their type, defaults and validation (pure; stored by src/platform/settings.ts).
 * @module
 */
import { SigvaultError } from './errors.ts';

export interface Settings {
  /** Lock after this many minutes without a user action (1–1440). */
  autoLockMinutes: number;
  /** Lock when the operating system's session locks (`idle` API state `locked`). */
  lockOnOsLock: boolean;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({ autoLockMinutes: 15, lockOnOsLock: true });

function invalid(field: string, message: string): SigvaultError {
  return new SigvaultError('INVALID_INPUT', message, { field });
}

/**
 * Validates a partial update. Unknown keys and bad values are INVALID_INPUT naming the field.
 * @example validateSettingsPatch({ autoLockMinutes: 5 }) // → { autoLockMinutes: 5 }
 */
export function validateSettingsPatch(patch: unknown): Partial<Settings> {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw invalid('settings', 'settings must be an object');
  const out: Partial<Settings> = {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === 'autoLockMinutes') {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 1440) {
        throw invalid('autoLockMinutes', 'autoLockMinutes must be a whole number from 1 to 1440');
      }
      out.autoLockMinutes = v;
    } else if (k === 'lockOnOsLock') {
      if (typeof v !== 'boolean') throw invalid('lockOnOsLock', 'lockOnOsLock must be true or false');
      out.lockOnOsLock = v;
    } else {
      throw invalid(k.slice(0, 40), `unknown setting "${k.slice(0, 40)}"`);
    }
  }
  return out;
}

/** Stored settings merged over the defaults; a damaged stored value falls back to its default. */
export function settingsFromStored(stored: unknown): Settings {
  const out: Settings = { ...DEFAULT_SETTINGS };
  if (typeof stored !== 'object' || stored === null) return out;
  for (const [k, v] of Object.entries(stored)) {
    try {
      Object.assign(out, validateSettingsPatch({ [k]: v }));
    } catch {
      /* keep the default for this key */
    }
  }
  return out;
}
