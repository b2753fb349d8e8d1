/**
 * Typed messaging over `runtime.sendMessage`, page side: `call(type, payload)` sends
 * `{ type, ...payload }` and unwraps the reply, throwing `RemoteError` (with the stable `code`) when the
 * background answers `{ ok: false }`; `onEvent` hears the background's events. The background side is
 * ./background-messaging.ts (kept apart so pages do not load the listener, the sender checks and the
 * list of request types).
 * @module
 */
import { browser } from './browser.ts';
import type { ErrorCode, ErrorDetails } from '../core/errors.ts';
import { isEventEnvelope, type EventEnvelope, type Reply, type RequestPayload, type RequestType, type ResponseOf, type WireError } from '../shared/protocol.ts';

export class RemoteError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;
  constructor(error: WireError) {
    super(error.message);
    this.name = 'RemoteError';
    this.code = error.code;
    const { code: _c, message: _m, ...details } = error;
    this.details = details;
  }
}

/** Page side: send a request and get its typed result (see also ./port-call.ts). */
export async function call<K extends RequestType>(type: K, payload: RequestPayload<K>): Promise<ResponseOf<K>> {
  return unwrapReply((await browser.runtime.sendMessage({ ...payload, type })) as Reply<K> | undefined);
}

/** A reply's result; `RemoteError` for `{ ok: false }`, INTERNAL for no reply at all. */
export function unwrapReply<K extends RequestType>(reply: Reply<K> | undefined): ResponseOf<K> {
  if (!reply || typeof reply !== 'object' || typeof reply.ok !== 'boolean') {
    throw new RemoteError({ code: 'INTERNAL', message: 'The background sent no reply.' });
  }
  if (!reply.ok) throw new RemoteError(reply.error);
  return reply.result;
}

/** Page side: listen for background events. Returns an unsubscribe function. */
export function onEvent(listener: (event: EventEnvelope) => void): () => void {
  const fn = (message: unknown) => {
    if (isEventEnvelope(message)) listener(message);
    return undefined;
  };
  browser.runtime.onMessage.addListener(fn);
  return () => browser.runtime.onMessage.removeListener(fn);
}

