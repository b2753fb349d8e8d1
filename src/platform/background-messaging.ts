/**
 * Typed messaging over `runtime.sendMessage`, background side: `createRequestListener(handlers)` checks
 * the sender first, then dispatches to the flat handler map, and turns thrown `SigvaultError`s into
 * `{ ok: false, error }`. Anything else becomes `INTERNAL` with a generic message (an unexpected error's
 * text could carry data, so it is not sent). `broadcast` sends events to open pages. The page side is
 * ./messaging.ts.
 * @module
 */
import { browser, type Runtime } from './browser.ts';
import { checkSender } from './sender.ts';
import { isAgentEnvelope } from '../core/agent/envelope.ts';
import { isSigvaultError, type ErrorCode, type ErrorDetails } from '../core/errors.ts';
import {
  isEventEnvelope, isKnownType, isRequestEnvelope,
  type EventEnvelope, type EventType, type Events, type Reply, type RequestPayload, type RequestType,
  type WireError, type ResponseOf,
} from '../shared/protocol.ts';

export interface HandlerContext {
  sender: Runtime.MessageSender;
}
export type Handler<K extends RequestType> = (payload: RequestPayload<K>, ctx: HandlerContext) => Promise<ResponseOf<K>>;
export type Handlers = { [K in RequestType]: Handler<K> };

export function errorReply(code: ErrorCode, message: string, details: ErrorDetails = {}): Reply {
  return { ok: false, error: { ...details, code, message } };
}

/**
 * Background side: the `runtime.onMessage` listener. Returns a promise for requests and `undefined`
 * for anything else (events broadcast by the background itself), so other listeners stay unaffected.
 */
export function createRequestListener(handlers: Handlers) {
  const self = { id: browser.runtime.id, origin: browser.runtime.getURL('').replace(/\/$/, '') };
  return (message: unknown, sender: Runtime.MessageSender): Promise<Reply> | undefined => {
    if (isEventEnvelope(message)) return undefined;
    // the signing agent's channel has its own listener and sender check (src/background/agent/listener.ts)
    if (isAgentEnvelope(message)) return undefined;
    const verdict = checkSender(sender, self);
    if (!verdict.ok) return Promise.resolve(errorReply('FORBIDDEN_SENDER', `Refused: ${verdict.reason}.`));
    if (!isRequestEnvelope(message)) return Promise.resolve(errorReply('INVALID_INPUT', 'A request needs a string "type".', { field: 'type' }));
    const { type, ...payload } = message;
    if (!isKnownType(type)) return Promise.resolve(errorReply('UNKNOWN_MESSAGE', `Unknown message type "${String(type).slice(0, 64)}".`));
    const handler = handlers[type] as Handler<typeof type>;
    return handler(payload as RequestPayload<typeof type>, { sender }).then(
      (result): Reply => ({ ok: true, result }),
      (err: unknown): Reply => toErrorReply(err),
    );
  };
}

export function toErrorReply(err: unknown): Reply {
  if (isSigvaultError(err)) {
    // StsError, SigninError and MfaRequiredError carry more fields (AWS's code and message, a hint, the
    // MFA device); their toJSON() is the reviewed list of what may cross to a page.
    const extra = typeof (err as { toJSON?: unknown }).toJSON === 'function' ? ((err as unknown as { toJSON(): Record<string, unknown> }).toJSON()) : {};
    return { ok: false, error: { ...extra, ...err.details, code: err.code, message: err.message } as WireError };
  }
  return errorReply('INTERNAL', 'Unexpected error in the background. Nothing was changed by the failed step.');
}

const localListeners: Array<(event: EventEnvelope) => void> = [];
/** Background side: also hear its own broadcasts (runtime.sendMessage never reaches the sender's context). */
export function onLocalBroadcast(fn: (event: EventEnvelope) => void): void {
  localListeners.push(fn);
}

/** Background → every open extension page. Pages that are not listening are fine. */
export function broadcast<K extends EventType>(event: K, payload: Events[K]): void {
  const msg = { ...payload, event } as EventEnvelope<K>;
  for (const fn of localListeners) fn(msg);
  browser.runtime.sendMessage(msg).catch(() => { /* no page open: nothing to tell */ });
}

