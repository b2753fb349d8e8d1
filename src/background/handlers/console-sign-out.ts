import type { Handler } from '../../platform/background-messaging.ts';
import { optionalBoolean, requireString } from '../validate.ts';
import { signOut } from '../console/sessions.ts';

/**
 * `console.signOut { identityId, closeTabs? }` → `{ closedTabs }`: the console's own sign-out of the
 * session Sigvault opened for that identity (`/sessions/<label>/v1/logout` for a multi-session session,
 * `/oauth?Action=logout` for a classic one), in one of its tabs or a background tab of its cookie store.
 * NOT_FOUND (field `identityId`) for an unknown identity or one without an open session: nothing changes.
 */
export const consoleSignOut: Handler<'console.signOut'> = async (p) => {
  const identityId = requireString(p, 'identityId', { max: 64 });
  const closeTabs = optionalBoolean(p, 'closeTabs') ?? false;
  return signOut(identityId, closeTabs);
};
