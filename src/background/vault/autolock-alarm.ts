/**
 * The auto-lock alarm. The alarm is only a wake-up call: the decision compares timestamps
 * (service.enforceAutoLock), because alarms are coarse (≥ 30 s in Chrome, 1 min in Firefox) and late
 * after sleep.
 * @module
 */
import { browser } from '../../platform/browser.ts';

export const AUTOLOCK_ALARM = 'sigvault.autolock';

export async function scheduleAutoLock(when: number): Promise<void> {
  await browser.alarms.create(AUTOLOCK_ALARM, { when });
}

export async function cancelAutoLock(): Promise<void> {
  await browser.alarms.clear(AUTOLOCK_ALARM);
}
