/**
 * What happens once per background start (service worker in Chrome, event page in Firefox).
 * Started at module evaluation, awaited by handlers that need it; never blocks listener registration.
 * @module
 */
import { bumpWorkerStarts } from '../platform/db.ts';

export const workerStarted: Promise<number> = bumpWorkerStarts().catch(() => -1);
