import { SigvaultError } from '../../core/errors.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import { clearLater, CLEAR_AFTER_MS } from '../clipboard.ts';

/**
 * `clipboard.clearLater { afterMs? }` → `{ clearAt }`: empty the clipboard after `afterMs` (default and
 * maximum 30 s; at least 1 s), also if the popup has closed by then.
 */
export const clipboardClearLater: Handler<'clipboard.clearLater'> = async (p) => {
  const afterMs = (p as { afterMs?: unknown }).afterMs ?? CLEAR_AFTER_MS;
  if (typeof afterMs !== 'number' || !Number.isInteger(afterMs) || afterMs < 1000 || afterMs > CLEAR_AFTER_MS) {
    throw new SigvaultError('INVALID_INPUT', `afterMs must be a whole number of ms from 1000 to ${CLEAR_AFTER_MS}`, { field: 'afterMs' });
  }
  return { clearAt: await clearLater(afterMs) };
};
