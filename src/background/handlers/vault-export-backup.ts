import { makeBackup } from '../../core/vault/backup.ts';
import { SigvaultError } from '../../core/errors.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import { readHeader, readRecords } from '../../platform/vault-store.ts';
import * as vault from '../vault/service.ts';

/**
 * `vault.exportBackup` → the backup JSON: the plaintext header and every sealed record exactly as stored
 * (ciphertext only). Needs the vault unlocked, so only its owner exports it.
 */
export const vaultExportBackup: Handler<'vault.exportBackup'> = async () => {
  const u = await vault.requireUnlocked();
  const header = await readHeader();
  if (!header || header.vaultId !== u.vaultId) throw new SigvaultError('NO_VAULT', 'There is no vault.');
  return makeBackup(header, await readRecords());
};
