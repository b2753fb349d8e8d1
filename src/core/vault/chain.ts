/**
 * Role-chain checks on the catalog's views (no secrets needed): the source must exist, and following
 * sources from the edited role must reach an IAM user or a federated identity without coming back to it.
 * @module
 */
import { SigvaultError } from '../errors.ts';
import { isFederatedKind, type IdentityView } from './identity.ts';

/**
 * @throws SigvaultError INVALID_INPUT (field sourceId) for a missing source or a loop
 * @example assertChainValid(views, newRole.id, newRole.sourceId)
 */
export function assertChainValid(views: ReadonlyMap<string, IdentityView>, roleId: string, sourceId: string): void {
  const seen = new Set<string>([roleId]);
  let cur = sourceId;
  for (;;) {
    if (seen.has(cur)) throw new SigvaultError('INVALID_INPUT', 'That source would make the role chain loop back on itself.', { field: 'sourceId' });
    seen.add(cur);
    const v = views.get(cur);
    if (!v) throw new SigvaultError('INVALID_INPUT', cur === sourceId ? 'The source identity does not exist.' : 'A role further up the chain has no source.', { field: 'sourceId' });
    if (v.kind === 'user' || isFederatedKind(v.kind)) return;
    if (v.kind === 'console-role') throw new SigvaultError('INVALID_INPUT', `"${v.label}" is a console role: it has no credentials; switch to it inside a signed-in console (it cannot be a role's source).`, { field: 'sourceId' });
    if (v.kind !== 'role') throw new SigvaultError('INVALID_INPUT', `"${v.label}" cannot be used as a source by this version.`, { field: 'sourceId' });
    cur = v.sourceId;
  }
}

/** AWS caps the session of a role assumed with a role's credentials (role chaining) at 1 hour. */
export const CHAINED_ROLE_MAX_SECONDS = 3600;

/**
 * Whether a role asking for `durationSeconds` from a source of `sourceKind` asks for more than a chained
 * role gets: its source's credentials are a role's (another role, or a federated identity's role). A
 * warning, not a refusal: AssumeRole answers it, and the user may be about to change the source.
 * @example chainedDurationTooLong('role', 7200) // true; chainedDurationTooLong('user', 7200) // false
 */
export function chainedDurationTooLong(sourceKind: IdentityView['kind'] | undefined, durationSeconds: number | undefined): boolean {
  if (sourceKind === undefined || durationSeconds === undefined) return false;
  return (sourceKind === 'role' || isFederatedKind(sourceKind)) && durationSeconds > CHAINED_ROLE_MAX_SECONDS;
}
