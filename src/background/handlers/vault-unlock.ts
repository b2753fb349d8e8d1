import type { Handler } from '../../platform/messaging.ts';
import { requireString } from '../validate.ts';
import * as vault from '../vault/service.ts';

/** `vault.unlock { passphrase }`: WRONG_PASSPHRASE, BACKOFF (retryAfter) or the unlocked status. */
export const vaultUnlock: Handler<'vault.unlock'> = async (p) => vault.unlock(requireString(p, 'passphrase'));
