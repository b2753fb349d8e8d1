import type { Handler } from '../../platform/background-messaging.ts';
import { requireString } from '../validate.ts';
import * as vault from '../vault/service.ts';
import { adoptLegacySettings } from '../vault/settings.ts';

/**
 * `vault.unlock { passphrase }`: WRONG_PASSPHRASE, BACKOFF (retryAfter) or the unlocked status. After the
 * first unlock by this build, what an older version's plain settings held that can only tighten (a shorter
 * auto-lock, a session policy) is sealed into the vault.
 */
export const vaultUnlock: Handler<'vault.unlock'> = async (p) => {
  const status = await vault.unlock(requireString(p, 'passphrase'));
  await adoptLegacySettings().catch(() => undefined);
  return status;
};
