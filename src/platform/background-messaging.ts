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
import { checkChannelOpen, checkChannelRequest, HELD, type ChannelEventLike } from './port-channel.ts';
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

/** This extension as the sender checks name it: `runtime.id` and its origin without the trailing slash. */
export function ownExtension(): { id: string; origin: string } {
  return { id: browser.runtime.id, origin: browser.runtime.getURL('').replace(/\/$/, '') };
}

/**
 * Background side: the `runtime.onMessage` listener. Returns a promise for requests and `undefined`
 * for anything else (events broadcast by the background itself), so other listeners stay unaffected.
 */
export function createRequestListener(handlers: Handlers) {
  const self = ownExtension();
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
 * While a request on a channel port is out, a trivial extension call every 20 s: a port's messages are
 * not events, and both browsers unload an idle background 30 s after its last event or extension call
 * (Chrome's advice for long work; in Firefox measured with a 3 s idle timeout: a request of 8 s outlived
 * it only with such calls). Counted, so that overlapping requests share one timer.
 */
let portRequestsOut = 0;
let keepAlive: ReturnType<typeof setInterval> | undefined;
function portRequest(delta: 1 | -1): void {
  portRequestsOut += delta;
  if (portRequestsOut > 0 && keepAlive === undefined) keepAlive = setInterval(() => void browser.runtime.getPlatformInfo().catch(() => undefined), 20_000);
  if (portRequestsOut === 0 && keepAlive !== undefined) { clearInterval(keepAlive); keepAlive = undefined; }
}

/**
 * Background side of the port channel (./port-channel.ts): Chrome's service worker hears the open
 * message as a `message` event from a client; Firefox's event page as a window `message` from the page
 * that called `runtime.getBackgroundPage()`. A checked open message gives a page's port: its requests go
 * to `listener` — the same function, sender check and handlers as runtime messaging — with the page's
 * URL as their sender, and their replies go back on the port. The port's lock is held as long as this
 * background lives (the page's way to learn it stopped). Register synchronously at top level.
 */
export function listenOnPortChannel(listener: (message: unknown, sender: Runtime.MessageSender) => Promise<Reply> | undefined): void {
  const scope = globalThis as unknown as {
    ServiceWorkerGlobalScope?: unknown;
    addEventListener(type: 'message', fn: (e: ExtendableMessageEventLike | WindowMessageEventLike) => void): void;
  };
  const worker = typeof scope.ServiceWorkerGlobalScope !== 'undefined';
  const self = ownExtension();
  scope.addEventListener('message', (e) => {
    const event: ChannelEventLike = worker ? (e as ExtendableMessageEventLike) : { origin: e.origin, data: e.data, ports: e.ports, source: windowSource(e.source) };
    const verdict = checkChannelOpen(event, self);
    const port = e.ports[0];
    if (!verdict.ok) {
      if (verdict.answerable && port) {
        port.postMessage({ refused: errorReply(verdict.code, `Refused: ${verdict.reason}.`) });
        port.close();
      }
      return;
    }
    const opened = serve(port!, verdict.lock, { id: self.id, url: verdict.url, origin: self.origin } as Runtime.MessageSender, listener);
    if (worker) (e as ExtendableMessageEventLike).waitUntil(opened);
  });
}

/** What a window `message` event is in Firefox's event page. */
interface WindowMessageEventLike {
  origin: string;
  data: unknown;
  ports: readonly MessagePort[];
  source: unknown;
}

/**
 * A window message's source as the check reads it: `{ url, type: 'window' }` for a window of this
 * origin (its address readable), null for anything else (a cross-origin window throws on `location`).
 */
function windowSource(source: unknown): ChannelEventLike['source'] {
  try {
    const href = (source as { location?: { href?: unknown } } | null)?.location?.href;
    return typeof href === 'string' ? { url: href, type: 'window' } : null;
  } catch {
    return null;
  }
}

/**
 * Serves `port` for one page: requests checked one by one, `{ n }` on receipt and `{ n, reply }` when
 * done. Resolves once the port's lock is settled (held for good, or refused).
 */
function serve(port: MessagePort, lockName: string, sender: Runtime.MessageSender, listener: (message: unknown, sender: Runtime.MessageSender) => Promise<Reply> | undefined): Promise<void> {
  port.onmessage = (m) => {
    const r = checkChannelRequest(m.data);
    if (!r.ok) {
      if (r.n !== undefined) port.postMessage({ n: r.n, reply: errorReply('INVALID_INPUT', `Refused: ${r.reason}.`) });
      return;
    }
    port.postMessage({ n: r.n }); // got it: from here, a stop means it may have run (./port-call.ts)
    portRequest(1);
    void Promise.resolve(listener({ ...r.payload, type: r.type }, sender))
      .then((reply) => reply ?? errorReply('INVALID_INPUT', 'Not a request.'), toErrorReply)
      .then((reply) => port.postMessage({ n: r.n, reply }))
      .finally(() => portRequest(-1));
  };
  // Held until this background is gone; the page waits for it to learn that. A name already held (not
  // the page's own fresh one): the port is refused.
  return new Promise<void>((opened) => {
    void navigator.locks.request(lockName, { ifAvailable: true }, (lock) => {
      opened();
      if (!lock) {
        port.onmessage = null;
        port.postMessage({ refused: errorReply('INVALID_INPUT', 'Refused: the channel\'s lock is taken.') });
        port.close();
        return undefined;
      }
      port.postMessage(HELD);
      return new Promise<never>(() => undefined);
    });
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

