import { openBackup, parseBackup } from '../../core/vault/backup.ts';
import { planImport, previewImport } from '../../core/vault/import-plan.ts';
import { wipe } from '../../core/bytes.ts';
import type { Handler } from '../../platform/messaging.ts';
import { readHeader, restoreVault } from '../../platform/vault-store.ts';
import { broadcast } from '../../platform/messaging.ts';
import { optionalBoolean, requireOneOf, requireString } from '../validate.ts';
import * as vault from '../vault/service.ts';

/**
 * `vault.importBackup { backup, passphrase, mode, dryRun? }`.
 * The backup is untrusted: it is parsed strictly and its KDF parameters must meet the floor
 * (KDF_TOO_WEAK otherwise) before any derivation. `passphrase` is the backup's.
 * - Into an existing (unlocked) vault: identities are re-sealed under this vault's key; `merge` adds and
 *   updates, `replace` also removes identities missing from the backup. One transaction.
 * - With no vault: the backup becomes the vault (its passphrase, its records, as stored), locked.
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
    if (!vaultExists) {
      const plan = planImport([], opened.identities, 'replace');
      if (!dryRun) {
        await restoreVault(backup.header, backup.records);
        broadcast('vault.changed', {});
      }
      return { applied: !dryRun, preview: previewImport(plan), corrupt };
    }
    const { identities } = await vault.allIdentities();
    const plan = planImport(identities, opened.identities, mode);
    if (!dryRun) await vault.applyImportPlan(plan);
    return { applied: !dryRun, preview: previewImport(plan), corrupt };
  } finally {
    wipe(opened.dataKey);
  }
};
