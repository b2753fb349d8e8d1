import type { Handler } from '../../platform/background-messaging.ts';
import { syncSource } from '../sso/sync.ts';
import { requireString } from '../validate.ts';

/** `sso.sync { sourceId }` → counts; `sso.progress` events while it runs. */
export const ssoSync: Handler<'sso.sync'> = async (p) => syncSource(requireString(p, 'sourceId', { max: 80 }));
