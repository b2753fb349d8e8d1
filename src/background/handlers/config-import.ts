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
import { updatePrefs } from '../vault/prefs.ts';
import { MAX_AESR_BASES } from '../../shared/prefs-parse.ts';
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

/** `skip`: labels of planned updates to leave out (as the preview lists them); at most 10,000. */
function skipLabels(p: object): Set<string> {
  const v = (p as Record<string, unknown>)['skip'];
  if (v === undefined || v === null) return new Set();
  if (!Array.isArray(v) || v.length > 10_000 || v.some((x) => typeof x !== 'string' || x.length > 256)) {
    throw new SigvaultError('INVALID_INPUT', 'skip must list the labels of updates to leave out', { field: 'skip' });
  }
  return new Set(v as string[]);
}

/**
 * `config.import { token, skip? }` → `{ created, updated, skipped }`: applies a previewed plan in one
 * transaction (with the catalog), leaving out the updates whose labels `skip` lists. Roles are linked to
 * their sources by label: one created by this import or one already in the vault. An update matched with a
 * vault identity of another label (same access keys, same role ARN and source) updates that identity, which
 * keeps its label. AWS CLI imports record each identity's profile name (`profileName`: export writes it).
 * AESR imports remember which identity each base profile was mapped to (sealed prefs `aesrBases`). IAM
 * Identity Center profiles: their sources are created first (signed out; the vault's source of the same start
 * URL + region is reused), then their `sso` identities. Nothing signs in here. Imported keys are not checked with STS here (use `identity.test`).
 */
export const configImport: Handler<'config.import'> = async (p) => {
  const token = requireString(p, 'token', { max: 64 });
  const skip = skipLabels(p);
  const plan = takePlan(token);
  if (!plan) throw new SigvaultError('NOT_FOUND', 'That import preview expired or was already used; preview again.', { field: 'token' });
  const updates = plan.update.filter((u) => !skip.has(u.identity.label));
  const profileNameOf = (label: string): Record<string, string> => {
    const n = plan.profileNames?.[label];
    return n !== undefined ? { profileName: n } : {};
  };
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
    Object.assign(identity, profileNameOf(c.label));
    idByLabel.set(identity.label, identity.id);
    put.push(identity);
  }
  for (const u of updates) {
    // matched by what it is (or its profile name): the vault's identity of another label, which keeps it
    const id = idByLabel.get(u.target ?? u.identity.label);
    if (!id) continue;
    const current = await vault.identity(id);
    const named = profileNameOf(u.identity.label);
    const own = { ...fields(u.identity), label: current.label };
    if (current.kind === 'user' && u.identity.kind === 'user') {
      const v = validateNewUser({ ...current, ...own });
      put.push({ ...updateUser(current, v, { keysChanged: v.accessKeyId !== current.accessKeyId, color: current.color }), ...named });
    } else if (current.kind === 'console-role' && u.identity.kind === 'console-role') {
      put.push({ ...current, ...validateNewConsoleRole({ ...current, ...own }), ...named, updatedAt: Date.now() });
    } else if (current.kind === 'sso' && u.identity.kind === 'sso') {
      const { region: _r, ...rest } = current;
      put.push({ ...(validateFederated({ ...rest, ...ssoFields(u.identity), label: current.label } as unknown as SsoRole) as SsoRole), ...named, id: current.id, updatedAt: Date.now() });
    } else if (current.kind === 'role' && u.identity.kind === 'role') {
      const v = validateNewRole({ ...current, ...fields(u.identity, sourceOf(u.identity.sourceLabel)), label: current.label });
      put.push({ ...current, ...v, ...named, updatedAt: Date.now() });
    }
  }
  guard.check();
  await vault.saveIdentities(put);
  // AESR: remember which identity each base profile's targets were assumed from, for the next import
  if (plan.aesrBases && plan.aesrBases.length > 0) {
    const bases = plan.aesrBases;
    await updatePrefs((prefs) => {
      const next = Object.assign(Object.create(null) as Record<string, string>, prefs.aesrBases ?? {});
      for (const b of bases) {
        const id = b.source !== undefined ? idByLabel.get(b.source) : undefined;
        if (id !== undefined) next[b.name] = id;
        else delete next[b.name];
      }
      const entries = Object.entries(next).slice(-MAX_AESR_BASES);
      const { aesrBases: _old, ...rest } = prefs;
      return entries.length > 0 ? { ...rest, aesrBases: Object.fromEntries(entries) } : rest;
    }).catch(() => undefined); // the import is done: forgetting the mapping costs a choice next time, nothing more
  }
  return { created: plan.create.length, updated: put.length - plan.create.length, skipped: plan.skip.length + (plan.update.length - updates.length) };
};
