/**
 * The agent's grants and audit log, sealed in the vault like the request history: records of kind
 * `prefs`, ids `agent-grants` and `agent-audit`, read and written in the catalog's queue (a re-key
 * re-seals them; a lock makes them unreadable — every agent request is then LOCKED). Changes to each
 * run one at a time.
 * @module
 */
import { addToAudit, parseAudit, type AuditEntry } from '../../core/agent/audit.ts';
import { parseGrants, type Grant } from '../../core/agent/grants.ts';
import { sealRecord } from '../../core/vault/record.ts';
import { serialQueue } from '../serial.ts';
import * as vault from '../vault/service.ts';

export const GRANTS_ID = 'agent-grants';
export const AUDIT_ID = 'agent-audit';

const grantsQueue = serialQueue();
const auditQueue = serialQueue();

async function readGrantsNow(): Promise<Grant[]> {
  return parseGrants((await vault.readSealed(GRANTS_ID, 'prefs')).value);
}

/** The grants (after changes already queued). @throws SigvaultError LOCKED */
export function readGrants(): Promise<Grant[]> {
  return grantsQueue(readGrantsNow);
}

/** Applies `change` to the grants and seals the result; returns it. Nothing is written after a lock `guard` saw. */
export function changeGrants(change: (grants: Grant[]) => Grant[], guard?: vault.LockGuard): Promise<Grant[]> {
  return grantsQueue(async () => {
    guard?.check();
    const next = change(await readGrantsNow());
    await vault.writeSealed(async (u) => [await sealRecord(u.key, u.vaultId, 'prefs', GRANTS_ID, next)], guard);
    return next;
  });
}

export function readAudit(): Promise<AuditEntry[]> {
  return auditQueue(async () => parseAudit((await vault.readSealed(AUDIT_ID, 'prefs')).value));
}

export function appendAudit(entry: AuditEntry, guard: vault.LockGuard): Promise<void> {
  return auditQueue(async () => {
    guard.check();
    const next = addToAudit(parseAudit((await vault.readSealed(AUDIT_ID, 'prefs')).value), entry);
    await vault.writeSealed(async (u) => [await sealRecord(u.key, u.vaultId, 'prefs', AUDIT_ID, next)], guard);
  });
}
