/**
 * Colours for identities added without one: a small palette of well separated hues (readable on light and
 * dark backgrounds, each near a different Firefox container colour), handed out least-used first, so the
 * identities a user adds by hand are told apart at a glance instead of all getting one hash-picked dot.
 * @module
 */

export const PALETTE: readonly string[] = [
  '#1e88e5', // blue
  '#e53935', // red
  '#43a047', // green
  '#fb8c00', // orange
  '#8e24aa', // purple
  '#00acc1', // cyan
  '#d81b60', // pink
  '#6d4c41', // brown
  '#fdd835', // yellow
  '#3949ab', // indigo
];

/**
 * The palette colour the fewest of `identities` have (the first such in palette order), compared case-insensitively.
 * @example distinctColor([]) === PALETTE[0]; distinctColor([{ color: PALETTE[0] }]) === PALETTE[1]
 */
export function distinctColor(identities: Iterable<{ color?: string | undefined }>): string {
  const counts = new Map(PALETTE.map((c) => [c, 0]));
  for (const { color } of identities) {
    const k = color?.toLowerCase();
    if (k !== undefined && counts.has(k)) counts.set(k, counts.get(k)! + 1);
  }
  let best = PALETTE[0]!;
  for (const c of PALETTE) if (counts.get(c)! < counts.get(best)!) best = c;
  return best;
}
