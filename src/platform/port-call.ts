/**
 * The port channel, page side (./port-channel.ts): `callOverPort` is `call` for the requests that
 * travel over it, falling back to runtime messaging where there is no channel (Chrome: a page opened
 * before the worker took control; no Web Locks). One port per page, opened on the first request and
 * again after the background stopped. Only the request console loads this (not the popup).
 * @module
 */
import { BROWSER, browser } from './browser.ts';
import { call, unwrapReply } from './messaging.ts';
import { HELD, HELD_TIMEOUT_MS, REPLY_GRACE_MS, PORT_CHANNEL, PORT_CHANNEL_TYPES } from './port-channel.ts';
import type { Reply, RequestPayload, RequestType, ResponseOf } from '../shared/protocol.ts';

const STOPPED = 'The background stopped before it answered; the request may or may not have been sent. Try again.';
const NOT_TAKEN = 'The background did not take the request (it did not start in time). Try again.';

interface Waiting {
  type: RequestType;
  payload: object;
  /** the background said it has the request (`{ n }`, before running it) */
  got: boolean;
  resolve(r: Reply): void;
  reject(e: Error): void;
}

interface Port {
  port: MessagePort;
  next: number;
  pending: Map<number, Waiting>;
  /** the background behind it stopped, or never answered: no more requests on it */
  over: boolean;
}

let open: Port | undefined;

/**
 * Where this page posts the open message, if anywhere: Chrome, the controlling service worker (none
 * for a page opened before it took control); Firefox, the event page's window, loaded first if it was
 * unloaded.
 */
function target(): ((envelope: object, port: MessagePort) => void) | undefined {
  if (typeof navigator === 'undefined' || typeof navigator.locks?.request !== 'function') return undefined;
  if (BROWSER === 'firefox') {
    const background = browser.runtime.getBackgroundPage();
    return (envelope, port) => void background.then(
      (w) => w.postMessage(envelope, location.origin, [port]),
      () => port.close(), // no background window: 'held' never comes, the requests fail in HELD_TIMEOUT_MS
    );
  }
  const worker = navigator.serviceWorker?.controller;
  return worker ? (envelope, port) => worker.postMessage(envelope, [port]) : undefined;
}

/**
 * No more requests on `p`. After `grace` (a reply or receipt posted just before may still arrive): a
 * request the background said it had fails with `message`; one it never got (sent as it stopped) is sent
 * again, on a new port.
 */
function end(p: Port, message: string, grace: number, resend: boolean): void {
  if (p.over) return;
  p.over = true;
  if (open === p) open = undefined;
  setTimeout(() => {
    for (const w of p.pending.values()) {
      if (resend && !w.got) {
        // never reached the background: safe to send again, on a new port or, with none, by runtime messaging
        const payload = w.payload as RequestPayload<RequestType>;
        const again = sendOverPort(w.type, payload) ?? (browser.runtime.sendMessage({ ...payload, type: w.type }) as Promise<Reply>);
        again.then(w.resolve, w.reject);
      } else {
        w.reject(new Error(message));
      }
    }
    p.pending.clear();
    p.port.onmessage = null;
    p.port.close();
  }, grace);
}

function openPort(post: (envelope: object, port: MessagePort) => void): Port {
  const lock = `sigvault-channel/${crypto.randomUUID()}`;
  const { port1, port2 } = new MessageChannel();
  const p: Port = { port: port1, next: 1, pending: new Map(), over: false };
  const heldTimer = setTimeout(() => end(p, NOT_TAKEN, 0, false), HELD_TIMEOUT_MS);
  port1.onmessage = (e: MessageEvent) => {
    const d = e.data as unknown;
    if (d === HELD) {
      clearTimeout(heldTimer);
      // granted once the background is gone: it holds this lock as long as it serves the port
      void navigator.locks.request(lock, () => undefined).then(() => end(p, STOPPED, REPLY_GRACE_MS, true));
      return;
    }
    if (typeof d !== 'object' || d === null) return;
    const { n, reply, refused } = d as { n?: unknown; reply?: Reply; refused?: Reply };
    if (refused) {
      // the background refused the port as a whole: every request on it gets that answer
      clearTimeout(heldTimer);
      for (const w of p.pending.values()) w.resolve(refused);
      p.pending.clear();
      end(p, NOT_TAKEN, 0, false);
      return;
    }
    const waiting = typeof n === 'number' ? p.pending.get(n) : undefined;
    if (!waiting) return;
    if (!reply) { waiting.got = true; return; }
    p.pending.delete(n as number);
    waiting.resolve(reply);
  };
  post({ channel: PORT_CHANNEL, lock }, port2);
  return p;
}

/**
 * Sends `{ type, ...payload }` over the port channel; `undefined` when this page has no channel (the
 * caller then uses runtime messaging). Rejects with an `Error` when the background did not take the
 * request or stopped before answering.
 */
export function sendOverPort<K extends RequestType>(type: K, payload: RequestPayload<K>): Promise<Reply<K>> | undefined {
  if (!PORT_CHANNEL_TYPES.has(type)) return undefined;
  let p = open && !open.over ? open : undefined;
  if (!p) {
    const post = target();
    if (!post) return undefined;
    p = open = openPort(post);
  }
  const port = p;
  const n = port.next++;
  return new Promise<Reply<K>>((resolve, reject) => {
    port.pending.set(n, { type, payload, got: false, resolve: resolve as (r: Reply) => void, reject });
    port.port.postMessage({ n, type, payload });
  });
}

/** `call(type, payload)`, over the port channel when this page has one. */
export async function callOverPort<K extends RequestType>(type: K, payload: RequestPayload<K>): Promise<ResponseOf<K>> {
  const sent = sendOverPort(type, payload);
  return sent ? unwrapReply(await sent) : call(type, payload);
}
