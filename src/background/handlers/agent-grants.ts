import { activeGrants } from '../../core/agent/grants.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import { readGrants } from '../agent/store.ts';
import * as vault from '../vault/service.ts';

/** `agent.grants` → `{ grants }`: the active agent grants, by origin, newest first, with the identity's label. */
export const agentGrants: Handler<'agent.grants'> = async () => {
  const grants = activeGrants(await readGrants(), Date.now());
  const { views } = await vault.catalog();
  return { grants: grants.map((g) => {
    const label = views.get(g.identityId)?.label;
    return label === undefined ? { ...g } : { ...g, identityLabel: label };
  }) };
};
