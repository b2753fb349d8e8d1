import { consoleRoleHasNoCredentials } from '../../core/vault/identity.ts';
import * as vault from './service.ts';

/**
 * Refuses, before anything is asked of STS or cached, an identity that has no credentials: a console role
 * (switched to inside a signed-in console). INVALID_INPUT (field `id`); NOT_FOUND / LOCKED as `vault.identity`.
 */
export async function assertHasCredentials(id: string): Promise<void> {
  const identity = await vault.identity(id);
  if (identity.kind === 'console-role') throw consoleRoleHasNoCredentials(identity.label);
}
