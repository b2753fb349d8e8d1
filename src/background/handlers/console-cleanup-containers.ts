import type { Handler } from '../../platform/background-messaging.ts';
import { cleanupContainers } from '../console/containers.ts';

/**
 * `console.cleanupContainers {}` → `{ removed }`: closes the tabs of the Firefox containers Sigvault
 * made, removes the containers (Firefox deletes their cookies) and forgets them; a container the user
 * made is never touched, even one of the same name. UNSUPPORTED where the browser has no containers
 * (nothing changed).
 */
export const consoleCleanupContainers: Handler<'console.cleanupContainers'> = async () => ({ removed: await cleanupContainers() });
