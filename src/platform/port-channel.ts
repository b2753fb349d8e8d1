/**
 * The port channel: `request.send` from the request console page straight to the background over a
 * `MessagePort`, instead of `runtime.sendMessage`. Measured here: in Chromium runtime messaging costs
 * 2–3 ms a round trip and about 4 ms more for a 64 KiB body (JSON, and a copy to every open extension
 * page), a service worker `message` event 1–1.7 ms, a message on a port already open 0.3–0.5 ms, 64 KiB
 * included; in Firefox runtime messaging 2.2 ms (6.6 ms with 64 KiB), a port 0.8 ms (3.0 ms).
 *
 * Wire (docs/protocol.md, "Port channel"):
 * 1. Open: the page posts `{ channel: 'sigvault.port/1', lock }` with one `MessagePort` to the
 *    background — Chrome: its controlling service worker (`navigator.serviceWorker.controller`, which
 *    also starts a stopped worker); Firefox: the event page's window (`runtime.getBackgroundPage()`,
 *    which loads an unloaded one). The background checks the envelope and the page that sent it
 *    ({@link checkChannelOpen}: a page of this extension, the same sender rules as runtime messaging),
 *    serves the port from then on, takes the Web Lock named `lock` and keeps it while it lives, and says
 *    `'held'` on the port.
 * 2. Requests, on the port: `{ n, type, payload }` ({@link checkChannelRequest}) → `{ n }` at once (got
 *    it), then `{ n, reply }`, the `Reply` of the same listener, handlers and auto-lock as runtime messaging.
 *
 * Liveness: a port whose other end died never says so (no `close` event in Chromium), and a port's
 * messages do not wake a stopped background. So the page waits for the same lock once it heard
 * `'held'`: the browser grants it when the background is gone (stopped when idle, or killed), and the
 * page drops the port. After a short grace, a request the background said it got fails with a clear
 * error (it may have reached AWS); one it never got is sent again. The next request opens a new port.
 *
 * This file: the wire and its checks (both sides); the page side is ./port-call.ts, the background's
 * listener `listenOnPortChannel` in ./background-messaging.ts.
 * @module
 */
import { isOwnUrl, type Self } from './sender.ts';
import type { RequestType } from '../shared/protocol.ts';

export const PORT_CHANNEL = 'sigvault.port/1';

/**
 * The request types that may travel over the channel: those whose handlers need no `sender.tab` (the
 * channel knows the page's URL, not its tab) and whose payloads are large enough for the channel to matter.
 */
export const PORT_CHANNEL_TYPES: ReadonlySet<RequestType> = new Set<RequestType>(['request.send']);

/** The background's first word on a port, once it holds the port's lock. */
export const HELD = 'held';

/** How long the page waits for `'held'` (a stopped background is started first). */
export const HELD_TIMEOUT_MS = 15_000;
/** After the lock came free: how long a reply posted just before may still take to arrive. */
export const REPLY_GRACE_MS = 1_000;

/** What the background sees of an open message (Chrome: an `ExtendableMessageEvent`; Firefox: a window `MessageEvent`). */
export interface ChannelEventLike {
  origin: string;
  data: unknown;
  ports: readonly unknown[];
  /** the posting client: `{ url, type }` for a page */
  source: { url?: unknown; type?: unknown } | null;
}

export type OpenVerdict =
  | { ok: true; lock: string; url: string }
  | { ok: false; code: 'FORBIDDEN_SENDER' | 'INVALID_INPUT'; reason: string; answerable: boolean };

const LOCK_NAME = /^sigvault-channel\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Whether a `message` event opens a channel this background may serve: from a page (a window) of this
 * extension, the envelope exactly `{ channel, lock }` with one port. `answerable`: a refused message
 * that came with one port is answered over it with `code` (FORBIDDEN_SENDER for the sender, INVALID_INPUT
 * for the envelope); others are dropped.
 */
export function checkChannelOpen(event: ChannelEventLike, self: Self): OpenVerdict {
  const answerable = event.ports.length === 1;
  const refuse = (reason: string, code: 'FORBIDDEN_SENDER' | 'INVALID_INPUT' = 'INVALID_INPUT'): OpenVerdict => ({ ok: false, code, reason, answerable });
  if (event.origin !== self.origin) return refuse('message from another origin', 'FORBIDDEN_SENDER');
  const source = event.source;
  if (!source || source.type !== 'window' || typeof source.url !== 'string') return refuse('sender is not a page', 'FORBIDDEN_SENDER');
  if (!isOwnUrl(source.url, self.origin)) return refuse('sender is not a page of this extension', 'FORBIDDEN_SENDER');
  const data = event.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return refuse('not a channel message');
  const { channel, lock, ...rest } = data as Record<string, unknown>;
  if (channel !== PORT_CHANNEL) return refuse('not a channel message');
  if (Object.keys(rest).length > 0) return refuse('unexpected fields in the envelope (requests go over the port)');
  if (typeof lock !== 'string' || !LOCK_NAME.test(lock)) return refuse('the envelope needs a lock name');
  if (!answerable) return refuse('a channel needs exactly one port');
  return { ok: true, lock, url: source.url };
}

export type RequestVerdict =
  | { ok: true; n: number; type: RequestType; payload: object }
  | { ok: false; n?: number; reason: string };

/**
 * Whether a message on an open port is a request: `{ n, type, payload }` exactly, `n` a positive safe
 * integer (the page's counter, echoed in the answer), `type` one of {@link PORT_CHANNEL_TYPES},
 * `payload` an object (checked field by field by the handler, as over runtime messaging). A refusal
 * with `n` is answered; without, dropped.
 */
export function checkChannelRequest(data: unknown): RequestVerdict {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ok: false, reason: 'not a channel request' };
  const { n, type, payload, ...rest } = data as Record<string, unknown>;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) return { ok: false, reason: 'a channel request needs its number' };
  if (Object.keys(rest).length > 0) return { ok: false, n, reason: 'unexpected fields in the request' };
  if (typeof type !== 'string' || !PORT_CHANNEL_TYPES.has(type as RequestType)) return { ok: false, n, reason: 'this request type does not travel over the port channel' };
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return { ok: false, n, reason: 'a channel request\'s payload must be an object' };
  return { ok: true, n, type: type as RequestType, payload };
}
