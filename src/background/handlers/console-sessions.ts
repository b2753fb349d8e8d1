import type { Handler } from '../../platform/messaging.ts';
import { listSessions } from '../console/sessions.ts';

/**
 * `console.sessions {}` → `{ multiSession, limit: 5, sessions }`: the console sessions Sigvault opened,
 * their tabs computed now, labels from the vault (so it must be unlocked). See ../console/sessions.ts.
 */
export const consoleSessions: Handler<'console.sessions'> = async () => listSessions();
