import type { PlannedIdentity, PlannedSso } from '../../core/config-import/aws-cli.ts';
import { ssoSourceKey } from '../../core/config-import/sso.ts';
import { SigvaultError } from '../../core/errors.ts';
import { MAX_SOURCES, validateNewSource } from '../../core/sso/sources.ts';
import { partitionOfRegion } from '../../core/sts/partition.ts';
import { newRecordId } from '../../core/vault/format.ts';
import {
  createConsoleRole, createRole, createUser, updateUser, validateFederated, validateNewConsoleRole, validateNewRole, validateNewUser, type SsoRole, type StoredIdentity,
} from '../../core/vault/identity.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import { takePlan } from '../config/pending.ts';
import { changeSources } from '../sso/store.ts';
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
 * or one already in the vault. IAM Identity Center profiles: their sources are created first (signed out;
 * the vault's source of the same start URL + region is reused), then their `sso` identities. Nothing signs
 * in here. Imported keys are not checked with STS here (use `identity.test`).
 */
export const configImport: Handler<'config.import'> = async (p) => {
  const token = requireString(p, 'token', { max: 64 });
  const plan = takePlan(token);
  if (!plan) throw new SigvaultError('NOT_FOUND', 'That import preview expired or was already used; preview again.', { field: 'token' });
  const guard = vault.lockGuard();
  // IAM Identity Center sources first (signed out: the user signs in on the options page), reusing the
  // vault's source of the same start URL + region (one may have been added since the preview).
  const sourceIds = new Map<string, string>();
  if (plan.ssoSources && plan.ssoSources.length > 0) {
    const wanted = plan.ssoSources.map((s) => validateNewSource({ label: s.label, startUrl: s.startUrl, region: s.region }));
    await changeSources((all) => {
      const next = [...all];
      for (const w of wanted) {
        const key = ssoSourceKey(w.startUrl, w.region);
        const have = next.find((s) => ssoSourceKey(s.startUrl, s.region) === key);
        if (have) {
          sourceIds.set(key, have.id);
          continue;
        }
        if (next.length >= MAX_SOURCES) throw new SigvaultError('INVALID_INPUT', `A vault holds at most ${MAX_SOURCES} IAM Identity Center sources.`, { field: 'token' });
        const id = `sso_${newRecordId()}`;
        next.push({ id, ...w, createdAt: Date.now() });
        sourceIds.set(key, id);
      }
      return next;
    }, guard);
  }
  const ssoFields = (c: PlannedSso) => {
    const sourceId = sourceIds.get(ssoSourceKey(c.startUrl, c.ssoRegion));
    if (!sourceId) throw new SigvaultError('INVALID_INPUT', `The Identity Center source of "${c.label}" is not in the vault.`, { field: 'token' });
    const out: Record<string, unknown> = { label: c.label, sourceId, accountId: c.accountId, roleName: c.roleName, partition: partitionOfRegion(c.ssoRegion) };
    if (c.region !== undefined) out['region'] = c.region;
    return out;
  };
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
    const now = Date.now();
    const identity = c.kind === 'sso' ? (validateFederated({ kind: 'sso', id: newRecordId(), createdAt: now, updatedAt: now, ...ssoFields(c) } as unknown as SsoRole) as SsoRole)
      : c.kind === 'user' ? createUser(validateNewUser(fields(c)))
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
    } else if (current.kind === 'sso' && u.identity.kind === 'sso') {
      const { region: _r, ...rest } = current;
      put.push({ ...(validateFederated({ ...rest, ...ssoFields(u.identity) } as unknown as SsoRole) as SsoRole), id: current.id, updatedAt: Date.now() });
    } else if (current.kind === 'role' && u.identity.kind === 'role') {
      const v = validateNewRole({ ...current, ...fields(u.identity, sourceOf(u.identity.sourceLabel)) });
      put.push({ ...current, ...v, updatedAt: Date.now() });
    }
  }
  guard.check();
  await vault.saveIdentities(put);
  return { created: plan.create.length, updated: put.length - plan.create.length, skipped: plan.skip.length };
};
