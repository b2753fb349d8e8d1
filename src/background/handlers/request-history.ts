import type { Handler } from '../../platform/background-messaging.ts';
import { readHistory } from '../request/history-store.ts';

/** `request.history {}` → `{ entries }`: the request console's last 50 requests, newest first (no secrets). */
export const requestHistory: Handler<'request.history'> = async () => ({ entries: await readHistory() });
