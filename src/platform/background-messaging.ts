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
import { checkChannelMessage, HELD, HELD_TIMEOUT_MS, type ChannelEventLike } from './worker-channel.ts';
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

/** What the worker sees of an `ExtendableMessageEvent` (the DOM lib has no worker types here). */
interface ExtendableMessageEventLike extends ChannelEventLike {
  ports: readonly MessagePort[];
  waitUntil(p: Promise<unknown>): void;
}

/**
 * Background side of the worker channel (./worker-channel.ts; Chrome's service worker only — a Firefox
 * event page has no `ServiceWorkerGlobalScope` and registers nothing): a checked `message` event's
 * payload, read from its port, goes to `listener` — the same function, sender check and handlers as
 * runtime messaging — with the page's URL as its sender. The worker holds the request's Web Lock and
 * keeps itself alive (`waitUntil`) until the reply is posted. Register synchronously at top level.
 */
const PAYLOAD_MISSING = Symbol('no payload');

export function listenOnWorkerChannel(listener: (message: unknown, sender: Runtime.MessageSender) => Promise<Reply> | undefined): void {
  const scope = globalThis as unknown as { ServiceWorkerGlobalScope?: unknown; addEventListener(type: 'message', fn: (e: ExtendableMessageEventLike) => void): void };
  if (typeof scope.ServiceWorkerGlobalScope === 'undefined') return;
  const self = { id: browser.runtime.id, origin: browser.runtime.getURL('').replace(/\/$/, '') };
  scope.addEventListener('message', (event) => {
    const verdict = checkChannelMessage(event, self);
    if (!verdict.ok) {
      const port = event.ports[0];
      if (verdict.answerable && port) {
        const code = /sender|origin/.test(verdict.reason) ? 'FORBIDDEN_SENDER' : 'INVALID_INPUT';
        port.postMessage(errorReply(code, `Refused: ${verdict.reason}.`));
        port.close();
      }
      return;
    }
    const sender = { id: self.id, url: verdict.url, origin: self.origin } as Runtime.MessageSender;
    const port = event.ports[0]!;
    // posted right after the envelope, so already on its way; a page gone before it did is not waited for long
    const payload = new Promise<unknown>((resolve) => {
      const timer = setTimeout(() => resolve(PAYLOAD_MISSING), HELD_TIMEOUT_MS);
      port.onmessage = (m) => { clearTimeout(timer); resolve(m.data); };
    });
    const done = payload.then(async (p) => {
      port.onmessage = null;
      if (p === PAYLOAD_MISSING) return;
      const reply = typeof p === 'object' && p !== null && !Array.isArray(p)
        ? await (listener({ ...(p as object), type: verdict.type }, sender) ?? errorReply('INVALID_INPUT', 'Not a request.'))
        : errorReply('INVALID_INPUT', 'A channel request\'s payload must be an object.');
      port.postMessage(reply);
    }).catch((e: unknown) => port.postMessage(toErrorReply(e))).finally(() => port.close());
    // The page's way to learn that this worker stopped (./worker-call.ts): the lock is held until the reply
    // is posted, and let go by the browser if the worker dies first. Taken beside the request, not before it
    // (a lock costs 0.4–6 ms here). A name already held (not the page's own fresh one): no 'held', no liveness.
    const held = navigator.locks.request(verdict.lock, { ifAvailable: true }, (lock) => {
      if (lock) port.postMessage(HELD);
      return done;
    });
    event.waitUntil(Promise.all([done, held]));
  });
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

