import { SigvaultError } from '../../core/errors.ts';
import { createRole, validateNewRole } from '../../core/vault/identity.ts';
import type { Handler } from '../../platform/messaging.ts';
import * as vault from '../vault/service.ts';
import { assertChainValid } from '../../core/vault/chain.ts';

/**
 * `identity.addRole { label, roleArn, sourceId, externalId?, mfaSerial?, sessionName?, durationSeconds?,
 * region?, color?, sourceIdentity? }` → `{ id }`. The source must exist (an IAM user or another role:
 * role chaining, any depth).
 */
export const identityAddRole: Handler<'identity.addRole'> = async (p) => {
  const input = validateNewRole(p);
  const sourceIdentity = (p as { sourceIdentity?: unknown }).sourceIdentity;
  if (sourceIdentity !== undefined && sourceIdentity !== '') {
    if (typeof sourceIdentity !== 'string' || !/^[\w+=,.@-]{2,64}$/.test(sourceIdentity) || /^aws:/i.test(sourceIdentity)) {
      throw new SigvaultError('INVALID_INPUT', 'sourceIdentity must be 2-64 characters of letters, digits and +=,.@-_, not starting with aws:', { field: 'sourceIdentity' });
    }
  }
  const { views } = await vault.catalog();
  const role = createRole(input);
  if (typeof sourceIdentity === 'string' && sourceIdentity) (role as typeof role & { sourceIdentity: string }).sourceIdentity = sourceIdentity;
  assertChainValid(views, role.id, role.sourceId);
  await vault.saveIdentities([role]);
  return { id: role.id };
};
