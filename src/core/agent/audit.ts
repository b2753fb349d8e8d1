/**
 * The agent's audit log: what was signed for whom, the last {@link AUDIT_MAX} entries, newest first.
 * Holds no secret and no request body or header value: time, origin, identity, kind (sign / presign),
 * method, host, service, action, and the refusal code when it was refused. Sealed in the vault by the
 * background. Pure.
 * @module
 */
import type { AgentErrorCode } from './channel.ts';

export const AUDIT_MAX = 500;

export interface AuditEntry {
  at: number;
  origin: string;
  /** The identity signed with (absent when refused before one was chosen). */
  identityId?: string;
  kind: 'sign' | 'presign';
  method: string;
  host: string;
  service: string;
  action: string;
  /** Refused: why. Absent = signed. */
  refused?: AgentErrorCode;
}

export function addToAudit(log: readonly AuditEntry[], entry: AuditEntry): AuditEntry[] {
  return [entry, ...log].slice(0, AUDIT_MAX);
}

const TEXT = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;

/** The log from a sealed record; malformed entries are dropped. */
export function parseAudit(stored: unknown): AuditEntry[] {
  if (!Array.isArray(stored)) return [];
  const out: AuditEntry[] = [];
  for (const x of stored) {
    if (typeof x !== 'object' || x === null) continue;
    const e = x as Record<string, unknown>;
    if (typeof e['at'] !== 'number' || !TEXT(e['origin'], 300) || (e['kind'] !== 'sign' && e['kind'] !== 'presign')) continue;
    if (!TEXT(e['method'], 16) || !TEXT(e['host'], 300) || !TEXT(e['service'], 64) || !TEXT(e['action'], 200)) continue;
    out.push({
      at: e['at'], origin: e['origin'], kind: e['kind'], method: e['method'], host: e['host'], service: e['service'], action: e['action'],
      ...(TEXT(e['identityId'], 64) ? { identityId: e['identityId'] } : {}),
      ...(TEXT(e['refused'], 32) ? { refused: e['refused'] as AgentErrorCode } : {}),
    });
  }
  return out.slice(0, AUDIT_MAX);
}
