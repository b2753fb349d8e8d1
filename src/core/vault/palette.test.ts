import { describe, expect, it } from 'vitest';
import { COLOR_PATTERN } from './identity.ts';
import { distinctColor, PALETTE } from './palette.ts';

describe('distinct colours for new identities', () => {
  it('hands out every palette colour once before any twice, then the least used', () => {
    const used: string[] = [];
    for (let i = 0; i < PALETTE.length; i++) used.push(distinctColor(used));
    expect(new Set(used).size).toBe(PALETTE.length);
    expect(distinctColor(used)).toBe(PALETTE[0]);
    expect(distinctColor([...used, PALETTE[0]!.toUpperCase()])).toBe(PALETTE[1]);
    // colours outside the palette (chosen by hand) do not count
    expect(distinctColor(['#123456', undefined])).toBe(PALETTE[0]);
  });

  it('every palette colour is one a stored identity may have', () => {
    for (const c of PALETTE) expect(COLOR_PATTERN.test(c)).toBe(true);
  });
});
