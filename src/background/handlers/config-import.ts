import type { PlannedIdentity } from '../../core/config-import/aws-cli.ts';
import { SigvaultError } from '../../core/errors.ts';
import { createConsoleRole, createRole, createUser, updateUser, validateNewConsoleRole, validateNewRole, validateNewUser, type StoredIdentity } from '../../core/vault/identity.ts';
import type { Handler } from '../../platform/messaging.ts';
import { takePlan } from '../config/pending.ts';
import { requireString } from '../validate.ts';
import * as vault from '../vault/service.ts';

function fields(p: PlannedIdentity, sourceId?: string): Record<string, unknown> {
  const { line: _l, file: _f, ...rest } = p as PlannedIdentity & Record<string, unknown>;
  const out: Record<string, unknown> = { ...rest };
  if (p.kind === 'role') {
    delete out['sourceLabel'];
    out['sourceId'] = sourceId;
  }
  return out;
}

/**
 * `config.import { token }` → `{ created, updated, skipped }`: applies a previewed plan in one
 * transaction (with the catalog). Roles are linked to their sources by label: one created by this import
 * or one already in the vault. Imported keys are not checked with STS here (use `identity.test`).
 */
export const configImport: Handler<'config.import'> = async (p) => {
  const token = requireString(p, 'token', { max: 64 });
  const plan = takePlan(token);
  if (!plan) throw new SigvaultError('NOT_FOUND', 'That import preview expired or was already used; preview again.', { field: 'token' });
  const { views } = await vault.catalog();
  const idByLabel = new Map<string, string>();
  for (const v of views.values()) if (v.kind !== 'unknown') idByLabel.set(v.label, v.id);
  const put: StoredIdentity[] = [];
  const sourceOf = (label: string) => {
    const id = idByLabel.get(label);
    if (!id) throw new SigvaultError('INVALID_INPUT', `The source "${label}" of an imported role is not in the vault.`, { field: 'token' });
    return id;
  };
  for (const c of plan.create) {
    const identity = c.kind === 'user' ? createUser(validateNewUser(fields(c)))
      : c.kind === 'console-role' ? createConsoleRole(validateNewConsoleRole(fields(c)))
      : createRole(validateNewRole(fields(c, sourceOf(c.sourceLabel))));
    idByLabel.set(identity.label, identity.id);
    put.push(identity);
  }
  for (const u of plan.update) {
    const id = idByLabel.get(u.identity.label);
    if (!id) continue;
    const current = await vault.identity(id);
    if (current.kind === 'user' && u.identity.kind === 'user') {
      const v = validateNewUser({ ...current, ...fields(u.identity) });
      put.push(updateUser(current, v, { keysChanged: v.accessKeyId !== current.accessKeyId, color: current.color }));
    } else if (current.kind === 'console-role' && u.identity.kind === 'console-role') {
      put.push({ ...current, ...validateNewConsoleRole({ ...current, ...fields(u.identity) }), updatedAt: Date.now() });
    } else if (current.kind === 'role' && u.identity.kind === 'role') {
      const v = validateNewRole({ ...current, ...fields(u.identity, sourceOf(u.identity.sourceLabel)) });
      put.push({ ...current, ...v, updatedAt: Date.now() });
    }
  }
  await vault.saveIdentities(put);
  return { created: plan.create.length, updated: put.length - plan.create.length, skipped: plan.skip.length };
};
