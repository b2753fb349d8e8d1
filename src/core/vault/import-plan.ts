/**
 * Importing a backup into an existing vault: work out what changes (a preview the user confirms), then
 * re-seal what must be written under the CURRENT vault's key and id (the backup may come from another
 * vault with another data key).
 *
 * Matching: an incoming identity matches a current one with the same id, or, for IAM users, the same
 * access key id (the same key under two ids would be a duplicate). A matched identity keeps the current
 * id, and incoming roles' `sourceId` are remapped to follow.
 * - `merge`: add the new ones; update a matched one when its content differs and the backup's copy is
 *   not older (`updatedAt`); keep everything else ("kept").
 * - `replace`: the vault's identities become the backup's; matched ones are updated in place (ids are
 *   kept so references stay valid), the others are removed.
 * Only identities are planned, and only ones that passed `validateStoredIdentity` (backup.ts `openBackup`
 * refuses the others); other record kinds are the caller's choice (see docs/vault-format.md).
 * @module
 */

import { sealRecord } from './record.ts';
import { newRecordId, type SealedRecord } from './format.ts';
import { identityRecordValue, toView, type IdentityView, type StoredIdentity } from './identity.ts';

export type ImportMode = 'merge' | 'replace';

export interface ImportPlan {
  mode: ImportMode;
  /** New identities to write (ids final: an incoming id that collides is given a fresh one). */
  add: StoredIdentity[];
  /** Matched identities whose content changes; `after.id === before.id`. */
  update: { before: StoredIdentity; after: StoredIdentity }[];
  /** `replace` only: current identities not in the backup. */
  remove: StoredIdentity[];
  /** Matched with identical content: nothing to write. */
  unchanged: StoredIdentity[];
  /** `merge` only: current identities left as they are (not in the backup, or newer than its copy). */
  kept: StoredIdentity[];
  /** For people: e.g. a role whose source identity will not exist. Labels only, never secrets. */
  warnings: string[];
}

function withIds(identity: StoredIdentity, id: string, idMap: Map<string, string>): StoredIdentity {
  if (identity.kind === 'unknown') {
    return { ...identity, id, data: { ...identity.data, id } };
  }
  if (identity.kind === 'role') {
    return { ...identity, id, sourceId: idMap.get(identity.sourceId) ?? identity.sourceId };
  }
  return { ...identity, id };
}

/** JSON with sorted keys, for content comparison. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const obj = v as Record<string, unknown>;
      return Object.fromEntries(Object.keys(obj).sort().map((k) => [k, obj[k]]));
    }
    return v;
  });
}

/**
 * Plan an import. Pure: nothing is written or sealed.
 * @param current - the vault's identities, opened
 * @param incoming - the backup's identities (`openBackup(...).identities`)
 * @example
 * const plan = planImport(currentIdentities, opened.identities, 'merge');
 * const preview = previewImport(plan); // send to the page
 */
export function planImport(current: readonly StoredIdentity[], incoming: readonly StoredIdentity[], mode: ImportMode): ImportPlan {
  const currentById = new Map(current.map((c) => [c.id, c]));
  const currentByKey = new Map<string, StoredIdentity>();
  for (const c of current) if (c.kind === 'user' && !currentByKey.has(c.accessKeyId)) currentByKey.set(c.accessKeyId, c);

  // Pass 1: match, and decide every incoming identity's final id.
  const idMap = new Map<string, string>();
  const targetOf = new Map<string, StoredIdentity>();
  const usedIds = new Set(current.map((c) => c.id));
  const matchedCurrent = new Set<string>();
  for (const inc of incoming) {
    let target = currentById.get(inc.id);
    if (!target && inc.kind === 'user') target = currentByKey.get(inc.accessKeyId);
    if (target && !matchedCurrent.has(target.id)) {
      matchedCurrent.add(target.id);
      targetOf.set(inc.id, target);
      idMap.set(inc.id, target.id);
    } else {
      const id = usedIds.has(inc.id) ? newRecordId() : inc.id;
      usedIds.add(id);
      idMap.set(inc.id, id);
    }
  }

  // Pass 2: classify.
  const plan: ImportPlan = { mode, add: [], update: [], remove: [], unchanged: [], kept: [], warnings: [] };
  for (const inc of incoming) {
    const target = targetOf.get(inc.id);
    const after = withIds(inc, idMap.get(inc.id)!, idMap);
    if (!target) {
      plan.add.push(after);
      continue;
    }
    if (canonical(identityRecordValue(target)) === canonical(identityRecordValue(after))) {
      plan.unchanged.push(target);
    } else if (mode === 'merge' && target.updatedAt > after.updatedAt) {
      plan.kept.push(target);
    } else {
      const createdAt = Math.min(target.createdAt, after.createdAt);
      const merged = after.kind === 'unknown' ? { ...after, createdAt, data: { ...after.data, createdAt } } : { ...after, createdAt };
      plan.update.push({ before: target, after: merged });
    }
  }
  for (const c of current) {
    if (matchedCurrent.has(c.id)) continue;
    if (mode === 'replace') plan.remove.push(c);
    else plan.kept.push(c);
  }

  // Roles must point at an identity that will exist.
  const finalIds = new Set([
    ...plan.add.map((i) => i.id),
    ...plan.update.map((u) => u.after.id),
    ...plan.unchanged.map((i) => i.id),
    ...plan.kept.map((i) => i.id),
  ]);
  for (const i of [...plan.add, ...plan.update.map((u) => u.after), ...plan.unchanged, ...plan.kept]) {
    if (i.kind === 'role' && !finalIds.has(i.sourceId)) {
      plan.warnings.push(`Role "${i.label}" refers to a source identity that will not be in the vault`);
    }
  }
  return plan;
}

export interface ImportPreview {
  mode: ImportMode;
  add: IdentityView[];
  update: { before: IdentityView; after: IdentityView }[];
  remove: IdentityView[];
  unchanged: IdentityView[];
  kept: IdentityView[];
  warnings: string[];
  /** Identities of the backup that are not imported because they fail the checks a new identity must pass: id and reason only. */
  refused: { id: string; reason: string }[];
  /** What else the restore leaves out (the backup's catalog, cached sessions, sealed settings). */
  notes: string[];
  /** How many IAM Identity Center sources the restore adds (a backup restore; absent: none). */
  sources?: number;
}

/** The plan as view models: safe to send to an extension page (no secrets). */
export function previewImport(plan: ImportPlan, extra: { refused?: readonly { id: string; reason: string }[]; notes?: readonly string[]; sources?: number } = {}): ImportPreview {
  return {
    ...(extra.sources ? { sources: extra.sources } : {}),
    mode: plan.mode,
    add: plan.add.map(toView),
    update: plan.update.map((u) => ({ before: toView(u.before), after: toView(u.after) })),
    remove: plan.remove.map(toView),
    unchanged: plan.unchanged.map(toView),
    kept: plan.kept.map(toView),
    warnings: [...plan.warnings],
    refused: (extra.refused ?? []).map((r) => ({ id: r.id, reason: r.reason })),
    notes: [...(extra.notes ?? [])],
  };
}

/**
 * Seal everything the plan writes under the current vault (`key`, `vaultId`), before the storage
 * transaction opens. Then, in ONE transaction: put every `put` record, delete every `remove` id.
 */
export async function sealImport(key: CryptoKey, vaultId: string, plan: ImportPlan): Promise<{ put: SealedRecord[]; remove: string[] }> {
  const toWrite = [...plan.add, ...plan.update.map((u) => u.after)];
  const put = await Promise.all(toWrite.map((i) => sealRecord(key, vaultId, 'identity', i.id, identityRecordValue(i))));
  return { put, remove: plan.remove.map((i) => i.id) };
}
