import { SigvaultError } from '../../core/errors.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import { destroyVault } from '../../platform/vault-store.ts';
import * as vault from '../vault/service.ts';
import { clearRecords } from '../console/sessions.ts';

/**
 * `vault.destroy { confirm: 'DESTROY' }`: deletes the header and every record in one transaction, then
 * locks. Needs the vault unlocked (someone at a locked browser cannot wipe it; a forgotten passphrase
 * means removing the extension, which deletes its data). The records of the console sessions Sigvault
 * opened go too (none is signed out).
 */
export const vaultDestroy: Handler<'vault.destroy'> = async (p) => {
  if ((p as { confirm?: unknown }).confirm !== 'DESTROY') {
    throw new SigvaultError('INVALID_INPUT', 'Destroying the vault needs confirm: "DESTROY".', { field: 'confirm' });
  }
  await vault.requireUnlocked();
  await destroyVault();
  await clearRecords().catch(() => undefined);
  await vault.lock('destroyed');
  return vault.status();
};
