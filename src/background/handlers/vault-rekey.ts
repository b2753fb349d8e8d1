import { parseRekeyKdf } from '../../core/vault/rekey.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import { requireString } from '../validate.ts';
import * as vault from '../vault/service.ts';

/**
 * `vault.rekey { passphrase, kdf? }` → VaultStatus: a new data key under new Argon2id parameters (or,
 * without `kdf`, parameters calibrated on this device), every record re-sealed, one transaction. The
 * parameters are checked before the passphrase, so a typo in them costs no attempt.
 */
export const vaultRekey: Handler<'vault.rekey'> = async (p) => {
  const passphrase = requireString(p, 'passphrase');
  const raw = (p as { kdf?: unknown }).kdf;
  const kdf = raw === undefined ? undefined : parseRekeyKdf(raw, 'kdf');
  await vault.requireUnlocked(); // LOCKED before the passphrase: costs no attempt
  return vault.rekey(passphrase, kdf);
};
