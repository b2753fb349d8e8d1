import type { Handler } from '../../platform/background-messaging.ts';
import { readAudit } from '../agent/store.ts';

/** `agent.audit` → `{ entries }`: what the agent signed or refused for which origin, newest first (last 500; no secrets). */
export const agentAudit: Handler<'agent.audit'> = async () => ({ entries: await readAudit() });
