/**
 * Session durations as aws-vault takes them (Go's `time.ParseDuration`, limited to what a session length
 * needs): `1h`, `90m`, `1h30m`, `3600s`, `1.5h`, or plain seconds `3600`. Pure; shared by the popup's forms
 * and the background's validation of `durationSeconds`.
 * @module
 */

const UNIT_SECONDS: Readonly<Record<string, number>> = { h: 3600, m: 60, s: 1 };
const DURATION = /^(?:\d+(?:\.\d+)?[hms])+$/;
const PART = /(\d+(?:\.\d+)?)([hms])/g;

/**
 * Seconds of `text`: plain digits are seconds; otherwise one or more `<number><unit>` parts (units `h`, `m`,
 * `s`; each unit at most once, largest first, as in `1h30m`; upper case and spaces between parts allowed).
 * The result must be a whole number of seconds.
 * @returns undefined when `text` is none of these
 * @example parseDuration('1h30m') // 5400
 * @example parseDuration('90m') // 5400
 * @example parseDuration('3600') // 3600
 * @example parseDuration('1 hour') // undefined
 */
export function parseDuration(text: string): number | undefined {
  const t = text.trim().toLowerCase().replace(/(\d)\s+(?=[hms])/g, '$1').replace(/([hms])\s+(?=\d)/g, '$1');
  if (/^\d{1,9}$/.test(t)) return Number(t);
  if (!DURATION.test(t) || t.length > 32) return undefined;
  let seconds = 0;
  let lastUnit = Infinity;
  for (const [, n, unit] of t.matchAll(PART)) {
    const size = UNIT_SECONDS[unit!]!;
    if (size >= lastUnit) return undefined; // `30m1h`, `1h1h`: not a duration anyone means
    lastUnit = size;
    seconds += Number(n) * size;
  }
  const whole = Math.round(seconds);
  return Math.abs(seconds - whole) < 1e-9 && Number.isSafeInteger(whole) ? whole : undefined;
}

/** `5400` → `1h30m`, `900` → `15m`, `3601` → `1h1s` (what {@link parseDuration} reads back). */
export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const text = `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
  return text || '0s';
}
