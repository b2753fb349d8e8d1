import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, settingsFromStored, validateSettingsPatch } from './settings.ts';

describe('settings', () => {
  it('accepts valid patches', () => {
    expect(validateSettingsPatch({ autoLockMinutes: 5, lockOnOsLock: false })).toEqual({ autoLockMinutes: 5, lockOnOsLock: false });
  });
  it.each([
    [{ autoLockMinutes: 0 }, 'autoLockMinutes'],
    [{ autoLockMinutes: 1441 }, 'autoLockMinutes'],
    [{ autoLockMinutes: 2.5 }, 'autoLockMinutes'],
    [{ autoLockMinutes: '5' }, 'autoLockMinutes'],
    [{ lockOnOsLock: 'yes' }, 'lockOnOsLock'],
    [{ nope: 1 }, 'nope'],
    [null, 'settings'],
    [[1], 'settings'],
  ])('refuses %j naming %s', (patch, field) => {
    expect(() => validateSettingsPatch(patch)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', details: { field } }));
  });
  it('falls back to defaults per key for damaged stored values', () => {
    expect(settingsFromStored({ autoLockMinutes: -3, lockOnOsLock: false, junk: 1 })).toEqual({ ...DEFAULT_SETTINGS, lockOnOsLock: false });
    expect(settingsFromStored('garbage')).toEqual(DEFAULT_SETTINGS);
  });
});
