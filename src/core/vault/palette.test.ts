import { describe, expect, it } from 'vitest';
import { COLOR_PATTERN } from './identity.ts';
import { distinctColor, PALETTE } from './palette.ts';

describe('distinct colours for new identities', () => {
  it('hands out every palette colour once before any twice, then the least used', () => {
    const used: Array<{ color?: string }> = [];
    for (let i = 0; i < PALETTE.length; i++) used.push({ color: distinctColor(used) });
    expect(new Set(used.map((u) => u.color)).size).toBe(PALETTE.length);
    expect(distinctColor(used)).toBe(PALETTE[0]);
    expect(distinctColor([...used, { color: PALETTE[0]!.toUpperCase() }])).toBe(PALETTE[1]);
    // colours outside the palette (chosen by hand) and identities without one do not count
    expect(distinctColor([{ color: '#123456' }, {}])).toBe(PALETTE[0]);
  });

  it('every palette colour is one a stored identity may have', () => {
    for (const c of PALETTE) expect(COLOR_PATTERN.test(c)).toBe(true);
  });
});
