/**
 * The runtime.onMessage listener for the agent channel: only `{ agent: 'sigvault-agent/1', request }`
 * envelopes from the bridge content script (checkAgentSender: this extension's content script in the top
 * frame of a tab; the origin is the browser's). Every other message is left to the request listener,
 * which refuses content scripts. A page request never extends the auto-lock deadline (it is not the
 * user's action) but is refused once the deadline passed.
 * @module
 */
import { isAgentEnvelope, type AgentReply } from '../../core/agent/channel.ts';
import type { Runtime } from '../../platform/browser.ts';
import { checkAgentSender } from '../../platform/agent-sender.ts';
import { ownExtension } from '../../platform/background-messaging.ts';
import * as vault from '../vault/service.ts';
import { serveAgentRequest } from './serve.ts';

export function createAgentListener() {
  const self = ownExtension();
  return (message: unknown, sender: Runtime.MessageSender): Promise<AgentReply> | undefined => {
    if (!isAgentEnvelope(message)) return undefined;
    const verdict = checkAgentSender(sender, self);
    if (!verdict.ok) return Promise.resolve({ ok: false, error: { code: 'NOT_AVAILABLE', message: 'Refused: not Sigvault\'s agent bridge.' } });
    return vault.enforceAutoLock().catch(() => undefined).then(() => serveAgentRequest(message.request, verdict.origin));
  };
}
