/**
 * The one message protocol between extension pages (popup, options) and the background.
 *
 * A request is `{ type, ...payload }`; the background answers `{ ok: true, result }` or
 * `{ ok: false, error: { code, message, ...details } }`. `Requests` maps each type to its payload and
 * result, so `call('app.ping', {})` is typed on both sides. Events flow the other way
 * (background → open pages) as `{ event, ...payload }` and are never answered.
 * Every message is documented in docs/protocol.md; a test checks the two agree.
 * @module
 */
import type { ErrorCode, ErrorDetails } from '../core/errors.ts';

export type BrowserName = 'chrome' | 'firefox';

export interface Requests {
  /** Liveness and build info. */
  'app.ping': { req: Record<string, never>; res: { version: string; browser: BrowserName; workerStarts: number } };
}

export type RequestType = keyof Requests;
export type RequestPayload<K extends RequestType> = Requests[K]['req'];
export type ResponseOf<K extends RequestType> = Requests[K]['res'];
export type RequestEnvelope<K extends RequestType = RequestType> = { type: K } & RequestPayload<K>;

export interface WireError extends ErrorDetails {
  code: ErrorCode;
  message: string;
}
export type Reply<K extends RequestType = RequestType> =
  | { ok: true; result: ResponseOf<K> }
  | { ok: false; error: WireError };

export interface Events {
  /** Placeholder until the vault lands; events are added with their features. */
  'app.started': { workerStarts: number };
}
export type EventType = keyof Events;
export type EventEnvelope<K extends EventType = EventType> = { event: K } & Events[K];

/** Every request type, for runtime checks and the docs test. Kept in sync with `Requests` by the type below. */
export const REQUEST_TYPES = ['app.ping'] as const satisfies readonly RequestType[];
type _AllListed = Exclude<RequestType, (typeof REQUEST_TYPES)[number]> extends never ? true : never;
const _allListed: _AllListed = true;
void _allListed;

export function isRequestEnvelope(msg: unknown): msg is RequestEnvelope {
  return (
    typeof msg === 'object' && msg !== null && !Array.isArray(msg) &&
    typeof (msg as { type?: unknown }).type === 'string'
  );
}
export function isKnownType(type: string): type is RequestType {
  return (REQUEST_TYPES as readonly string[]).includes(type);
}
export function isEventEnvelope(msg: unknown): msg is EventEnvelope {
  return typeof msg === 'object' && msg !== null && typeof (msg as { event?: unknown }).event === 'string';
}
