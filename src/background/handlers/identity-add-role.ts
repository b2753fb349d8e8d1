import { createRole, validateNewRole } from '../../core/vault/identity.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import * as vault from '../vault/service.ts';
import { assertChainValid } from '../../core/vault/chain.ts';
import { distinctColor } from '../../core/vault/palette.ts';

/**
 * `identity.addRole { label, roleArn, sourceId, externalId?, mfaSerial?, sessionName?, durationSeconds?,
 * region?, color?, sourceIdentity? }` → `{ id }`. The source must exist (an IAM user or another role:
 * role chaining, any depth). Without a colour it gets the palette's least used one (core/vault/palette.ts).
 */
export const identityAddRole: Handler<'identity.addRole'> = async (p) => {
  const input = validateNewRole(p);
  const { views } = await vault.catalog();
  const role = createRole({ ...input, color: input.color ?? distinctColor(views.values()) });
  assertChainValid(views, role.id, role.sourceId);
  await vault.saveIdentities([role]);
  return { id: role.id };
};
