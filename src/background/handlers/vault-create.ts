import type { Handler } from '../../platform/background-messaging.ts';
import { requireString } from '../validate.ts';
import * as vault from '../vault/service.ts';

/** `vault.create { passphrase }`: calibrates the KDF, creates and unlocks a new vault. */
export const vaultCreate: Handler<'vault.create'> = async (p) => vault.create(requireString(p, 'passphrase'));
