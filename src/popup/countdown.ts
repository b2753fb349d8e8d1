/** `mm:ss` (or `h:mm:ss` from an hour on) for a number of seconds; negative counts as 0. */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${String(m).padStart(2, '0')}:${ss}`;
}

/** What is left until `end` (ms), rounded down to a whole unit: `[n, 'minutes' | 'hours' | 'days']`, or `ended`. */
export function remaining(end: number, now: number): [number, 'minutes' | 'hours' | 'days'] | 'ended' {
  const minutes = Math.floor((end - now) / 60_000);
  if (end <= now) return 'ended';
  if (minutes < 60) return [Math.max(1, minutes), 'minutes'];
  if (minutes < 48 * 60) return [Math.floor(minutes / 60), 'hours'];
  return [Math.floor(minutes / (24 * 60)), 'days'];
}

/** The unlock backoff's wait as people read it: seconds below two minutes, then whole minutes (rounded up). */
export function backoffWait(seconds: number): { key: 'unlockBackoff' | 'unlockBackoffMinutes'; n: number } {
  return seconds >= 120 ? { key: 'unlockBackoffMinutes', n: Math.ceil(seconds / 60) } : { key: 'unlockBackoff', n: Math.max(0, Math.ceil(seconds)) };
}
