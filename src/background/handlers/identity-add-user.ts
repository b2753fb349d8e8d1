import { createUser, validateNewUser } from '../../core/vault/identity.ts';
import type { Handler } from '../../platform/messaging.ts';
import * as vault from '../vault/service.ts';

/**
 * `identity.addUser { label, accessKeyId, secretAccessKey, mfaSerial?, region? }` → `{ id }`.
 * Shapes are checked (INVALID_INPUT names the field), then the identity is sealed and written.
 */
export const identityAddUser: Handler<'identity.addUser'> = async (p) => {
  const input = validateNewUser(p);
  await vault.requireUnlocked();
  const user = createUser(input);
  await vault.saveIdentities([user]);
  return { id: user.id };
};
