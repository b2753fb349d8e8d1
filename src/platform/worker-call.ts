/**
 * The worker channel, page side (./worker-channel.ts): `callViaWorker` is `call` for the requests that
 * travel over it, falling back to runtime messaging where there is no channel (Firefox; a page opened
 * before the worker took control). One port per page, opened on the first request and again after the
 * worker stopped. Only the request console loads this (not the popup).
 * @module
 */
import { call, unwrapReply } from './messaging.ts';
import { HELD, HELD_TIMEOUT_MS, REPLY_GRACE_MS, WORKER_CHANNEL, WORKER_CHANNEL_TYPES } from './worker-channel.ts';
import type { Reply, RequestPayload, RequestType, ResponseOf } from '../shared/protocol.ts';

const STOPPED = 'The background stopped before it answered; the request may or may not have been sent. Try again.';
const NOT_TAKEN = 'The background did not take the request (it did not start in time). Try again.';

interface Waiting {
  type: RequestType;
  payload: object;
  /** the worker said it has the request (`{ n }`, before running it) */
  got: boolean;
  resolve(r: Reply): void;
  reject(e: Error): void;
}

interface Port {
  port: MessagePort;
  next: number;
  pending: Map<number, Waiting>;
  /** the worker behind it stopped, or never answered: no more requests on it */
  over: boolean;
}

let open: Port | undefined;

/** The controlling service worker of this page, if any (Chrome's extension pages; never in Firefox). */
function controller(): ServiceWorker | null {
  return typeof navigator !== 'undefined' && navigator.serviceWorker ? navigator.serviceWorker.controller : null;
}

/**
 * No more requests on `p`. After `grace` (a reply or receipt posted just before may still arrive): a
 * request the worker said it had fails with `message`; one it never got (sent as it stopped) is sent
 * again, on a new port.
 */
function end(p: Port, message: string, grace: number, resend: boolean): void {
  if (p.over) return;
  p.over = true;
  if (open === p) open = undefined;
  setTimeout(() => {
    for (const w of p.pending.values()) {
      const again = resend && !w.got ? sendOverWorker(w.type, w.payload as RequestPayload<RequestType>) : undefined;
      if (again) again.then(w.resolve, w.reject);
      else w.reject(new Error(message));
    }
    p.pending.clear();
    p.port.onmessage = null;
    p.port.close();
  }, grace);
}

function openPort(worker: ServiceWorker): Port {
  const lock = `sigvault-channel/${crypto.randomUUID()}`;
  const { port1, port2 } = new MessageChannel();
  const p: Port = { port: port1, next: 1, pending: new Map(), over: false };
  const heldTimer = setTimeout(() => end(p, NOT_TAKEN, 0, false), HELD_TIMEOUT_MS);
  port1.onmessage = (e: MessageEvent) => {
    const d = e.data as unknown;
    if (d === HELD) {
      clearTimeout(heldTimer);
      // granted once the worker is gone: it holds this lock as long as it serves the port
      void navigator.locks.request(lock, () => undefined).then(() => end(p, STOPPED, REPLY_GRACE_MS, true));
      return;
    }
    if (typeof d !== 'object' || d === null) return;
    const { n, reply, refused } = d as { n?: unknown; reply?: Reply; refused?: Reply };
    if (refused) {
      // the worker refused the port as a whole: every request on it gets that answer
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
  worker.postMessage({ channel: WORKER_CHANNEL, lock }, [port2]);
  return p;
}

/**
 * Sends `{ type, ...payload }` over the worker channel; `undefined` when this page has no controlling
 * worker or no Web Locks (the caller then uses runtime messaging). Rejects with an `Error` when the
 * worker did not take the request or stopped before answering.
 */
export function sendOverWorker<K extends RequestType>(type: K, payload: RequestPayload<K>): Promise<Reply<K>> | undefined {
  const worker = controller();
  if (!worker || !WORKER_CHANNEL_TYPES.has(type) || typeof navigator.locks?.request !== 'function') return undefined;
  const p = open && !open.over ? open : (open = openPort(worker));
  const n = p.next++;
  return new Promise<Reply<K>>((resolve, reject) => {
    p.pending.set(n, { type, payload, got: false, resolve: resolve as (r: Reply) => void, reject });
    p.port.postMessage({ n, type, payload });
  });
}

/** `call(type, payload)`, over the worker channel when this page has one. */
export async function callViaWorker<K extends RequestType>(type: K, payload: RequestPayload<K>): Promise<ResponseOf<K>> {
  const sent = sendOverWorker(type, payload);
  return sent ? unwrapReply(await sent) : call(type, payload);
}
