import { AgentError } from '../../core/agent/channel.ts';
import { grantedOrigins, revokeOrigin } from '../../core/agent/grants.ts';
import { normalizeOrigin } from '../../core/agent/origin.ts';
import { SigvaultError } from '../../core/errors.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import { syncBridge } from '../agent/bridge.ts';
import { limiter } from '../agent/serve.ts';
import { changeGrants } from '../agent/store.ts';
import * as vault from '../vault/service.ts';
import { requireString } from '../validate.ts';

/**
 * `agent.revoke { origin }` → `{ revoked }`: removes every grant of the origin. Its next request is
 * refused (NOT_APPROVED) at once, open pages included; the bridge is unregistered from the origin's host
 * when no other granted origin shares it (already loaded pages keep the script until reloaded).
 */
export const agentRevoke: Handler<'agent.revoke'> = async (p) => {
  const guard = vault.lockGuard();
  let origin: string;
  try {
    origin = normalizeOrigin(requireString(p, 'origin', { max: 300 }));
  } catch (e) {
    if (e instanceof AgentError) throw new SigvaultError('INVALID_INPUT', e.message, { field: 'origin' });
    throw e;
  }
  let revoked = 0;
  const next = await changeGrants((g) => {
    const r = revokeOrigin(g, origin);
    revoked = r.removed;
    return r.grants;
  }, guard);
  limiter.reset(origin);
  await syncBridge(grantedOrigins(next, Date.now()));
  return { revoked };
};
