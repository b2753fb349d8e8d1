/**
 * The worker channel (Chrome only): `request.send` from an extension page straight to the background
 * service worker, instead of `runtime.sendMessage`. Measured in headless Chromium (bench/request-browser.ts):
 * runtime messaging costs 2–3 ms a round trip and about 4 ms more for a 64 KiB body (JSON, and a copy to
 * every open extension page); a `MessagePort` carries the same in under 0.5 ms.
 *
 * Wire (docs/protocol.md, "Worker channel"): the page posts `{ channel: 'sigvault.worker/1', type, lock }`
 * to its controlling service worker with one `MessagePort`, and the payload over that port at once. The
 * worker checks the envelope and the client that sent it ({@link checkChannelMessage}; a page of this
 * extension, the same sender rules as runtime messaging), takes the Web Lock named `lock`, answers `'held'`,
 * runs the request through the same listener as runtime messaging, and posts the `Reply` over the port.
 *
 * Liveness: a port whose other end died never says so in Chromium (no `close` event), so the page
 * learns that the worker stopped from the lock: it asks for the same lock once the worker said `'held'`;
 * the browser grants it when the worker is done or gone. Granted with no reply after a short grace → the
 * request fails with a clear error instead of waiting forever.
 *
 * Firefox's background is an event page, not a service worker: pages there have no controller and use
 * runtime messaging (whose structured clone is already fast there).
 *
 * This file: the wire and its check (both sides); the page side is ./worker-call.ts, the worker's listener
 * `listenOnWorkerChannel` in ./background-messaging.ts.
 * @module
 */
import { isOwnUrl, type Self } from './sender.ts';
import type { RequestType } from '../shared/protocol.ts';

export const WORKER_CHANNEL = 'sigvault.worker/1';

/**
 * The request types that may travel over the channel: those whose handlers need no `sender.tab` (the
 * channel knows the page's URL, not its tab) and whose payloads are large enough for the channel to matter.
 */
export const WORKER_CHANNEL_TYPES: ReadonlySet<RequestType> = new Set<RequestType>(['request.send']);

/** The worker's first word on the port, once it holds the request's lock. */
export const HELD = 'held';

/** How long the page waits for `'held'` (a stopped worker is started by the message first). */
export const HELD_TIMEOUT_MS = 15_000;
/** After the lock came free: how long a reply posted just before may still take to arrive. */
export const REPLY_GRACE_MS = 1_000;

/** What the worker sees of a `message` event (an `ExtendableMessageEvent`). */
export interface ChannelEventLike {
  origin: string;
  data: unknown;
  ports: readonly unknown[];
  /** the posting client: `{ url, type }` for a page */
  source: { url?: unknown; type?: unknown } | null;
}

export type ChannelVerdict =
  | { ok: true; type: RequestType; lock: string; url: string }
  | { ok: false; reason: string; answerable: boolean };

const LOCK_NAME = /^sigvault-channel\/[0-9a-f-]{36}$/;

/**
 * Whether a `message` event is a channel request this worker may run: from a page (a window client) of
 * this extension, the envelope exactly `{ channel, type, lock }` with one port, and the type one of
 * {@link WORKER_CHANNEL_TYPES}. `answerable`: a refused message that came with one port is answered
 * over it (FORBIDDEN_SENDER or INVALID_INPUT); anything else is dropped.
 */
export function checkChannelMessage(event: ChannelEventLike, self: Self): ChannelVerdict {
  const answerable = event.ports.length === 1;
  const refuse = (reason: string): ChannelVerdict => ({ ok: false, reason, answerable });
  if (event.origin !== self.origin) return refuse('message from another origin');
  const source = event.source;
  if (!source || source.type !== 'window' || typeof source.url !== 'string') return refuse('sender is not a page');
  if (!isOwnUrl(source.url, self.origin)) return refuse('sender is not a page of this extension');
  const data = event.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return refuse('not a channel request');
  const { channel, type, lock, ...rest } = data as Record<string, unknown>;
  if (channel !== WORKER_CHANNEL) return refuse('not a channel request');
  if (Object.keys(rest).length > 0) return refuse('unexpected fields in the envelope');
  if (typeof lock !== 'string' || !LOCK_NAME.test(lock)) return refuse('the envelope needs a lock name');
  if (!answerable) return refuse('a channel request needs exactly one port');
  if (typeof type !== 'string' || !WORKER_CHANNEL_TYPES.has(type as RequestType)) return refuse('this request type does not travel over the worker channel');
  return { ok: true, type: type as RequestType, lock, url: source.url };
}
