import { SigvaultError } from '../../core/errors.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import { pendingApproval } from '../agent/approvals.ts';
import { requireString } from '../validate.ts';

/** `agent.pending { id }` → `{ approval }`: what the prompt window shows (origin, identity, request summary). */
export const agentPending: Handler<'agent.pending'> = async (p) => {
  const approval = pendingApproval(requireString(p, 'id', { max: 64 }));
  if (!approval) throw new SigvaultError('NOT_FOUND', 'This request is no longer waiting (answered, timed out or the vault was locked).');
  return { approval };
};
