import { createConsoleRole, validateNewConsoleRole } from '../../core/vault/identity.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import * as vault from '../vault/service.ts';

/**
 * `identity.addConsoleRole { label, account, roleName, displayName?, color?, region?, sourceAccount? }` →
 * `{ id }`: a role switched to inside a signed-in console (`console.switchRole`). No keys, no source.
 */
export const identityAddConsoleRole: Handler<'identity.addConsoleRole'> = async (p) => {
  const role = createConsoleRole(validateNewConsoleRole(p));
  await vault.saveIdentities([role]);
  return { id: role.id };
};
