import { SigvaultError } from '../../core/errors.ts';
import type { Handler } from '../../platform/messaging.ts';
import { destroyVault } from '../../platform/vault-store.ts';
import * as vault from '../vault/service.ts';

/**
 * `vault.destroy { confirm: 'DESTROY' }`: deletes the header and every record in one transaction, then
 * locks. Needs the vault unlocked (someone at a locked browser cannot wipe it; a forgotten passphrase
 * means removing the extension, which deletes its data).
 */
export const vaultDestroy: Handler<'vault.destroy'> = async (p) => {
  if ((p as { confirm?: unknown }).confirm !== 'DESTROY') {
    throw new SigvaultError('INVALID_INPUT', 'Destroying the vault needs confirm: "DESTROY".', { field: 'confirm' });
  }
  await vault.requireUnlocked();
  await destroyVault();
  await vault.lock('destroyed');
  return vault.status();
};
