import { AgentError } from '../../core/agent/channel.ts';
import { addGrant, grantedOrigins, makeGrant } from '../../core/agent/grants.ts';
import { originMatchPattern } from '../../core/agent/origin.ts';
import { SigvaultError } from '../../core/errors.ts';
import { isLoopbackHost } from '../../core/request/target.ts';
import { browser } from '../../platform/browser.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import { syncBridge } from '../agent/bridge.ts';
import { changeGrants } from '../agent/store.ts';
import * as vault from '../vault/service.ts';
import { requireString } from '../validate.ts';

/**
 * `agent.grant { origin, identityId, until?, once? }` → `{ grant }`: approves a web origin to have
 * requests signed with the identity (docs/protocol.md "Signing agent"). The origin must be https (http
 * only on loopback); a host outside the granted permissions needs its optional host permission first,
 * which only a page can request (PERMISSION_REQUIRED with `origin`, the pattern). Seals the grant and
 * registers the bridge content script for the origin's host: pages loaded afterwards get it.
 */
export const agentGrant: Handler<'agent.grant'> = async (p) => {
  const guard = vault.lockGuard();
  const origin = requireString(p, 'origin', { max: 300 });
  const identityId = requireString(p, 'identityId', { max: 64 });
  let grant;
  try {
    grant = makeGrant(origin, identityId, { until: (p as { until?: unknown }).until, once: (p as { once?: unknown }).once }, Date.now());
  } catch (e) {
    if (e instanceof AgentError) throw new SigvaultError('INVALID_INPUT', e.message, { field: /until|once/.test(e.message) ? 'until' : 'origin' });
    throw e;
  }
  const identity = await vault.identity(identityId); // NOT_FOUND, LOCKED
  if (identity.kind === 'console-role') throw new SigvaultError('INVALID_INPUT', `${identity.label} opens the console only: it has no keys to sign with.`, { field: 'identityId' });
  const pattern = originMatchPattern(grant.origin);
  if (!isLoopbackHost(new URL(grant.origin).host) && !(await browser.permissions.contains({ origins: [pattern] }))) {
    throw new SigvaultError('PERMISSION_REQUIRED', `Sigvault needs permission to run its agent bridge on ${new URL(grant.origin).hostname}. Grant it when asked.`, { field: 'origin', origin: pattern });
  }
  const now = Date.now();
  const next = await changeGrants((g) => addGrant(g, grant, now), guard);
  await syncBridge(grantedOrigins(next, now));
  return { grant: { ...grant, identityLabel: identity.label } };
};
