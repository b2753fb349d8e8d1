import type { Handler } from '../../platform/background-messaging.ts';
import { clearHistory } from '../request/history-store.ts';

/** `request.clearHistory {}` → `{ cleared }`: empties the request console's history. */
export const requestClearHistory: Handler<'request.clearHistory'> = async () => ({ cleared: await clearHistory() });
