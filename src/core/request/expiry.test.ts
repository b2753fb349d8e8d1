import { describe, expect, it } from 'vitest';
import { capPresignExpiry, MAX_PRESIGN_SECONDS } from './expiry.ts';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

describe('capPresignExpiry', () => {
  it('keeps what was asked when nothing caps it', () => {
    expect(capPresignExpiry(3600, NOW)).toEqual({ expiresIn: 3600, expiresAt: NOW + 3_600_000, cappedBy: null });
    expect(capPresignExpiry(3600, NOW, NOW + 7200_000)).toEqual({ expiresIn: 3600, expiresAt: NOW + 3_600_000, cappedBy: null });
    expect(capPresignExpiry(MAX_PRESIGN_SECONDS, NOW).cappedBy).toBeNull();
  });
  it('caps at AWS\'s 7 days', () => {
    expect(MAX_PRESIGN_SECONDS).toBe(604_800);
    expect(capPresignExpiry(MAX_PRESIGN_SECONDS + 1, NOW)).toEqual({ expiresIn: 604_800, expiresAt: NOW + 604_800_000, cappedBy: 'aws' });
  });
  it('caps at the credentials\' remaining life, which wins over 7 days when shorter', () => {
    expect(capPresignExpiry(86_400, NOW, NOW + 3_599_500)).toEqual({ expiresIn: 3599, expiresAt: NOW + 3_599_000, cappedBy: 'credentials' });
    expect(capPresignExpiry(30 * 86_400, NOW, NOW + 12 * 3_600_000)).toMatchObject({ expiresIn: 43_200, cappedBy: 'credentials' });
    expect(capPresignExpiry(30 * 86_400, NOW, NOW + 30 * 86_400_000)).toMatchObject({ expiresIn: 604_800, cappedBy: 'aws' });
  });
  it('refuses bad input and expired credentials', () => {
    for (const v of [0, -1, 1.5, Number.NaN]) expect(() => capPresignExpiry(v, NOW)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', details: { field: 'expiresIn' } }));
    expect(() => capPresignExpiry(60, NOW, NOW + 500)).toThrow(expect.objectContaining({ details: { field: 'id' } }));
  });
});
