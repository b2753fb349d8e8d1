import type { Handler } from '../../platform/background-messaging.ts';
import * as vault from '../vault/service.ts';

/** `vault.status` → `{ state, kdf?, lockAt?, retryAt?, failedAttempts? }` */
export const vaultStatus: Handler<'vault.status'> = async () => {
  await vault.enforceAutoLock();
  return vault.status();
};
