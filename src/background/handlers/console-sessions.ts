import type { Handler } from '../../platform/background-messaging.ts';
import { containersSupported } from '../console/containers.ts';
import { listSessions } from '../console/sessions.ts';
import { readVaultSettings } from '../vault/settings.ts';

/**
 * `console.sessions {}` → `{ multiSession, limit: 5, sessions, containers }`: the console sessions Sigvault
 * opened, their tabs computed now, labels from the vault (so it must be unlocked). See ../console/sessions.ts.
 * `containers` says whether Firefox containers exist here and whether the global setting puts consoles in
 * them, so the popup knows which sign-ins open in a cookie store of their own (and replace nothing).
 */
export const consoleSessions: Handler<'console.sessions'> = async () => {
  const listed = await listSessions();
  const supported = await containersSupported();
  const enabled = supported && (await readVaultSettings()).consoleContainers;
  return { ...listed, containers: { supported, enabled } };
};
