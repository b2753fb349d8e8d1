import { createConsoleRole, validateNewConsoleRole } from '../../core/vault/identity.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import * as vault from '../vault/service.ts';
import { distinctColor } from '../../core/vault/palette.ts';

/**
 * `identity.addConsoleRole { label, account, roleName, displayName?, color?, region?, sourceAccount? }` →
 * `{ id }`: a role switched to inside a signed-in console (`console.switchRole`). No keys, no source.
 * Without a colour it gets the palette's least used one (core/vault/palette.ts).
 */
export const identityAddConsoleRole: Handler<'identity.addConsoleRole'> = async (p) => {
  const input = validateNewConsoleRole(p);
  const { views } = await vault.catalog();
  const role = createConsoleRole({ ...input, color: input.color ?? distinctColor(views.values()) });
  await vault.saveIdentities([role]);
  return { id: role.id };
};
