/**
 * Web origins the agent may be granted to: `https://host[:port]`, or `http://` for a loopback host only
 * (a page served over plain http to anything else could be rewritten on the way). Pure.
 * @module
 */
import { isLoopbackHost } from '../request/target.ts';
import { AgentError } from './channel.ts';

/**
 * The canonical origin (`scheme://host[:port]`, lower-case, default port dropped) of what the user typed
 * (an origin or any URL on it).
 * @throws AgentError INVALID_INPUT
 * @example normalizeOrigin('https://App.Example.com:443/x') // 'https://app.example.com'
 */
export function normalizeOrigin(value: string): string {
  let u: URL;
  try {
    u = new URL(value.trim());
  } catch {
    throw new AgentError('INVALID_INPUT', 'The origin must be a URL such as https://app.example.com.');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new AgentError('INVALID_INPUT', 'The origin must be an https:// address.');
  if (u.username || u.password) throw new AgentError('INVALID_INPUT', 'The origin must not contain a user name or password.');
  if (u.protocol === 'http:' && !isLoopbackHost(u.hostname)) {
    throw new AgentError('INVALID_INPUT', 'Only https:// origins can be approved (http:// only for 127.0.0.1 or localhost).');
  }
  return u.origin;
}

/**
 * The match pattern the bridge content script is registered with for an origin: its scheme and host.
 * Match patterns cannot name a port in Firefox, so the bridge may also load on the host's other ports;
 * the background answers only the exact origin that was granted.
 * @example originMatchPattern('http://127.0.0.1:8080') // 'http://127.0.0.1/*'
 */
export function originMatchPattern(origin: string): string {
  const u = new URL(origin);
  return `${u.protocol}//${u.hostname}/*`;
}
