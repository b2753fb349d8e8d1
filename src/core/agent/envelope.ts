/**
 * The agent channel's envelope, bridge → background: `{ agent: 'sigvault-agent/1', request }`. On its own
 * so that the request listener (platform/messaging.ts, in every page's bundle) can step aside for it
 * without carrying the agent's parsing and errors (./channel.ts, background only). Pure.
 * @module
 */

/** The channel name, on the page's `postMessage` side and in the envelope. */
export const AGENT_CHANNEL = 'sigvault-agent/1';

export interface AgentEnvelope {
  agent: typeof AGENT_CHANNEL;
  request: unknown;
}

export function isAgentEnvelope(msg: unknown): msg is AgentEnvelope {
  return typeof msg === 'object' && msg !== null && (msg as { agent?: unknown }).agent === AGENT_CHANNEL;
}
