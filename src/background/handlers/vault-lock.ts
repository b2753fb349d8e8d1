import type { Handler } from '../../platform/background-messaging.ts';
import * as vault from '../vault/service.ts';

/** `vault.lock`: drops every key and cached credential, tells open pages. */
export const vaultLock: Handler<'vault.lock'> = async () => {
  await vault.lock('manual');
  return vault.status();
};
