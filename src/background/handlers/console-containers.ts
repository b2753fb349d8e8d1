import type { Handler } from '../../platform/background-messaging.ts';
import { listContainers } from '../console/containers.ts';

/**
 * `console.containers {}` → `{ supported, containers: [{ cookieStoreId, name, color, icon, identityId?, tabCount }] }`:
 * the Firefox containers Sigvault made for console sign-ins and still exist; never a container of the
 * user's. `supported: false` (and no containers) where the browser has none. Needs no unlocked vault:
 * it reads only Firefox's containers and the ids Sigvault remembers.
 */
export const consoleContainers: Handler<'console.containers'> = () => listContainers();
