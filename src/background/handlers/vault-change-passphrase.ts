import { rewrapHeader } from '../../core/vault/header.ts';
import { SigvaultError } from '../../core/errors.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import { readHeader, replaceHeader } from '../../platform/vault-store.ts';
import { requireString } from '../validate.ts';
import * as vault from '../vault/service.ts';

/**
 * `vault.changePassphrase { passphrase, newPassphrase }`: re-wraps the same data key under a new KEK
 * (fresh salt, current KDF parameters) and writes the header in one put; records are untouched.
 */
export const vaultChangePassphrase: Handler<'vault.changePassphrase'> = async (p) => {
  const passphrase = requireString(p, 'passphrase');
  const newPassphrase = requireString(p, 'newPassphrase');
  const u = await vault.requireUnlocked();
  await vault.withPassphraseCheck(async () => {
    const header = await readHeader();
    if (!header || header.vaultId !== u.vaultId) throw new SigvaultError('NO_VAULT', 'There is no vault.');
    const next = await rewrapHeader(header, passphrase, newPassphrase);
    await replaceHeader(header.vaultId, next);
  }, { resetOnSuccess: true });
  return vault.status();
};
