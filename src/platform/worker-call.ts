/**
 * The worker channel, page side (./worker-channel.ts): `callViaWorker` is `call` for the requests that
 * travel over it, falling back to runtime messaging where there is no channel (Firefox; a page opened
 * before the worker took control). Only the request console loads this (not the popup).
 * @module
 */
import { call, unwrapReply } from './messaging.ts';
import { HELD, HELD_TIMEOUT_MS, REPLY_GRACE_MS, WORKER_CHANNEL, WORKER_CHANNEL_TYPES } from './worker-channel.ts';
import type { Reply, RequestPayload, RequestType, ResponseOf } from '../shared/protocol.ts';

/** The controlling service worker of this page, if any (Chrome's extension pages; never in Firefox). */
function controller(): ServiceWorker | null {
  return typeof navigator !== 'undefined' && navigator.serviceWorker ? navigator.serviceWorker.controller : null;
}

/**
 * Page side: sends `{ type, ...payload }` over the worker channel; `undefined` when this page has no
 * controlling worker or no Web Locks (the caller then uses runtime messaging). Rejects with an `Error`
 * when the worker did not take the request or stopped before answering.
 */
export function sendOverWorker<K extends RequestType>(type: K, payload: RequestPayload<K>): Promise<Reply<K>> | undefined {
  const worker = controller();
  if (!worker || !WORKER_CHANNEL_TYPES.has(type) || typeof navigator.locks?.request !== 'function') return undefined;
  const lock = `sigvault-channel/${crypto.randomUUID()}`;
  const { port1, port2 } = new MessageChannel();
  return new Promise<Reply<K>>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(heldTimer);
      port1.onmessage = null;
      port1.close();
      fn();
    };
    const heldTimer = setTimeout(() => settle(() => reject(new Error('The background did not take the request (it did not start in time). Try again.'))), HELD_TIMEOUT_MS);
    port1.onmessage = (e: MessageEvent) => {
      if (e.data === HELD) {
        clearTimeout(heldTimer);
        // granted once the worker let go of it: done (its reply is on the way) or stopped (none is coming)
        void navigator.locks.request(lock, () => undefined).then(() => {
          setTimeout(() => settle(() => reject(new Error('The background stopped before it answered; the request may or may not have been sent. Try again.'))), REPLY_GRACE_MS);
        });
        return;
      }
      settle(() => resolve(e.data as Reply<K>));
    };
    worker.postMessage({ channel: WORKER_CHANNEL, type, lock }, [port2]);
    port1.postMessage(payload);
  });
}

/** `call(type, payload)`, over the worker channel when this page has one. */
export async function callViaWorker<K extends RequestType>(type: K, payload: RequestPayload<K>): Promise<ResponseOf<K>> {
  const sent = sendOverWorker(type, payload);
  return sent ? unwrapReply(await sent) : call(type, payload);
}
