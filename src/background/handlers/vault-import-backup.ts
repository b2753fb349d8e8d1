import { openBackup, parseBackup, restoreNotes, sealForRestore, type OpenedBackup, type OpenedRecord } from '../../core/vault/backup.ts';
import { identityRecordValue } from '../../core/vault/identity.ts';
import { planImport, previewImport } from '../../core/vault/import-plan.ts';
import { wipe } from '../../core/bytes.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import { readHeader, restoreVault } from '../../platform/vault-store.ts';
import { broadcast } from '../../platform/background-messaging.ts';
import { parsePrefs } from '../../shared/prefs-parse.ts';
import { optionalBoolean, requireOneOf, requireString } from '../validate.ts';
import { PREFS_ID } from '../vault/prefs.ts';
import { mergeRestoredSources, restoredSourcesNote, sourcesForRestore, ssoSourcesRecord, type SsoSource } from '../../core/sso/sources.ts';
import { changeSources, readSources, SOURCES_ID } from '../sso/store.ts';
import * as vault from '../vault/service.ts';

/**
 * `vault.importBackup { backup, passphrase, mode, dryRun? }`.
 * The backup is untrusted: it is parsed strictly and its KDF parameters must meet the floor
 * (KDF_TOO_WEAK otherwise) before any derivation. `passphrase` is the backup's. Every identity in it is
 * checked as a new one would be (`validateStoredIdentity`); one that fails is not restored and is listed in
 * `preview.refused` by id and reason. The backup's catalog, cached sessions and sealed settings are never
 * restored (`preview.notes` says which were left out).
 * - Into an existing (unlocked) vault: identities are re-sealed under this vault's key; `merge` adds and
 *   updates, `replace` also removes identities missing from the backup. One transaction.
 * - With no vault: the backup becomes the vault (its header and passphrase), locked, holding the checked
 *   identities and the list prefs (aliases checked again), re-sealed under the backup's key; the catalog is
 *   rebuilt from those identities at the first unlock.
 * The Identity Center sources come back too (a `prefs` record, `sso-sources`), signed out: into an
 * existing vault only those whose id is new (`preview.notes` counts them).
 * `dryRun: true` returns the preview and writes nothing.
 */
export const vaultImportBackup: Handler<'vault.importBackup'> = async (p) => {
  const passphrase = requireString(p, 'passphrase');
  const mode = requireOneOf(p, 'mode', ['merge', 'replace'] as const);
  const dryRun = optionalBoolean(p, 'dryRun') ?? false;
  const backup = parseBackup((p as { backup?: unknown }).backup ?? null);
  const vaultExists = !!(await readHeader());
  if (vaultExists) await vault.requireUnlocked(); // before spending a passphrase attempt
  const opened = await vault.withPassphraseCheck(() => openBackup(backup, passphrase), { resetOnSuccess: false });
  try {
    const corrupt = opened.corrupt.map((c) => ({ recordId: c.id, message: c.reason }));
    const sources = sourcesForRestore(opened.others.find((r) => r.kind === 'prefs' && r.id === SOURCES_ID)?.value);
    const notes = (added: readonly SsoSource[]) => [...restoreNotes(opened), ...[restoredSourcesNote(added.length)].filter((n): n is string => n !== undefined)];
    if (!vaultExists) {
      const plan = planImport([], opened.identities, 'replace');
      if (!dryRun) {
        await restoreVault(backup.header, await sealForRestore(opened, restoredRecords(opened, sources)));
        broadcast('vault.changed', {});
      }
      return { applied: !dryRun, preview: previewImport(plan, { refused: opened.refused, notes: notes(sources), sources: sources.length }), corrupt };
    }
    const { identities } = await vault.allIdentities();
    const plan = planImport(identities, opened.identities, mode);
    let added: SsoSource[] = [];
    if (dryRun) {
      // (read only: the count the note gives)
      if (sources.length) added = mergeRestoredSources(await readSources(), sources).added;
    } else {
      await vault.applyImportPlan(plan);
      if (sources.length) {
        await changeSources((current) => {
          const r = mergeRestoredSources(current, sources);
          added = r.added;
          return r.merged;
        });
      }
    }
    return { applied: !dryRun, preview: previewImport(plan, { refused: opened.refused, notes: notes(added), sources: added.length }), corrupt };
  } finally {
    wipe(opened.dataKey);
  }
};

/** What a restore into an empty profile writes: the checked identities, the list prefs and the Identity Center sources (signed out), nothing else. */
function restoredRecords(opened: OpenedBackup, sources: readonly SsoSource[]): OpenedRecord[] {
  const records: OpenedRecord[] = opened.identities.map((i) => ({ id: i.id, kind: 'identity', value: identityRecordValue(i) }));
  const prefs = opened.others.find((r) => r.kind === 'prefs' && r.id === PREFS_ID);
  if (prefs) records.push({ id: PREFS_ID, kind: 'prefs', value: parsePrefs(prefs.value) });
  if (sources.length) records.push({ id: SOURCES_ID, kind: 'prefs', value: ssoSourcesRecord(sources) });
  return records;
}
