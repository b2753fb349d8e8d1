/**
 * One bounded HTTP exchange: every network call of the core (STS, the sign-in federation endpoint, and
 * any protocol added later) goes through {@link exchange}.
 *
 * - One `AbortController` covers the WHOLE exchange: connecting, the headers AND the body. A hung
 *   endpoint (headers or body never finishing) gives `SigvaultError('NETWORK')` within `timeoutMs`.
 * - The body is read as a stream and capped (`maxBytes`, default 1 MiB): a larger `Content-Length` is
 *   refused before reading; a body that grows past the cap (whatever its headers said) is cancelled.
 * - A caller's `signal` (the background aborts in-flight requests when the vault locks) is linked: its
 *   `reason` is thrown when it is a {@link SigvaultError} (e.g. `LOCKED`), else `NETWORK`.
 * - Redirects are refused (NETWORK), never followed; nothing is cached, no cookie is sent.
 * - Messages name only the URL's origin (`scheme://host[:port]`): a query (the federation endpoint's
 *   carries the credentials) or a path never reaches an error message.
 *
 * The fetch is injected ({@link HttpFetch}); `globalThis.fetch` satisfies it, and so does anything that
 * returns a WHATWG `Response`-like object. An implementation without a body stream (`body` absent)
 * still gets the timeout and the cap, through `text()`.
 * @module
 */

import { utf8Encode } from '../bytes.ts';
import { SigvaultError } from '../errors.ts';

/**
 * The request the exchange hands to the injected fetch. `signal` is always set: honour it. `redirect:
 * 'error'`: a redirect is a failure, never followed — an endpoint the user confirmed must not pass the
 * signed body, the session token header or a Session query to a host nobody confirmed. `cache: 'no-store'`
 * and `credentials: 'omit'`: nothing of the exchange goes to the HTTP cache, no cookie goes with it.
 */
export interface HttpRequestInit {
  method: string;
  headers: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer>;
  signal: AbortSignal;
  redirect: 'error';
  cache: 'no-store';
  credentials: 'omit';
}

/** The response surface read (a WHATWG `Response` satisfies it). */
export interface HttpResponseLike {
  status: number;
  headers: { get(name: string): string | null };
  /** The body as a byte stream; preferred (it can be capped and cancelled). */
  body?: ReadableStream<Uint8Array> | null;
  /** Used only when there is no `body` stream. */
  text(): Promise<string>;
}

/** The part of `fetch` the core uses. `(url, init) => fetch(url, init)` satisfies it. */
export type HttpFetch = (url: string, init: HttpRequestInit) => Promise<HttpResponseLike>;

export interface ExchangeOptions {
  /** What is being called, for messages: `'STS'`, `'the sign-in endpoint'`. */
  what: string;
  /** Limit over the whole exchange, headers and body (default 30000; 0 = none). */
  timeoutMs?: number;
  /** Largest body accepted, in bytes (default {@link DEFAULT_MAX_BYTES}). */
  maxBytes?: number;
  /** Abort from outside (e.g. the vault locked): its reason is thrown if it is a SigvaultError. */
  signal?: AbortSignal;
  /**
   * A body over `maxBytes` is cut at `maxBytes` (the rest is not read; the connection is cancelled) and
   * `truncated` is set, instead of failing with NETWORK. For the request console, whose answers are
   * shown to the user whatever their size. Default false.
   */
  truncate?: boolean;
}

export interface ExchangeResult {
  status: number;
  headers: { get(name: string): string | null };
  /** The body decoded as UTF-8 (a BOM dropped, invalid bytes replaced), as `Response.text()` does. */
  text: string;
  /** With `truncate`: the body was longer than `maxBytes` and `text` holds only its first `maxBytes`. */
  truncated: boolean;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
/** 1 MiB: STS and sign-in answers are a few KB. */
export const DEFAULT_MAX_BYTES = 1024 * 1024;

/** `scheme://host[:port]` of a URL, for messages: never the userinfo, path, query or fragment. */
export function originOf(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/?#\\]*)/i.exec(url);
  const origin = m ? m[1]! : 'the endpoint';
  return origin.replace(/\/\/[^@/]*@/, '//');
}

function sizeText(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}

/** Never rejects: a cancel that fails (or never settles) must not mask the real error. */
function quietly(p: Promise<unknown> | undefined): void {
  p?.then(undefined, () => undefined);
}

/**
 * Send one request and read its whole answer, bounded in time and size.
 * @throws SigvaultError NETWORK (unreachable, timed out, broken or over-size body, cancelled), or the
 *   caller's signal's reason when that is a SigvaultError (e.g. LOCKED)
 * @example
 * const { status, text } = await exchange(fetch, 'https://sts.eu-west-1.amazonaws.com/', { method: 'POST', headers, body }, { what: 'STS', signal });
 */
export async function exchange(
  fetchFn: HttpFetch,
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string | Uint8Array<ArrayBuffer> },
  opts: ExchangeOptions,
): Promise<ExchangeResult> {
  const origin = originOf(url);
  const what = opts.what;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const callerSignal = opts.signal;

  const fromCaller = (reason: unknown): SigvaultError =>
    reason instanceof SigvaultError ? reason : new SigvaultError('NETWORK', `The request to ${what} at ${origin} was cancelled.`);
  if (callerSignal?.aborted) throw fromCaller(callerSignal.reason);

  const controller = new AbortController();
  let failure: SigvaultError | undefined;
  let rejectStop: (e: SigvaultError) => void = () => undefined;
  const stopped = new Promise<never>((_, reject) => {
    rejectStop = reject;
  });
  quietly(stopped);
  const stop = (e: SigvaultError): void => {
    if (failure) return;
    failure = e;
    controller.abort(e);
    rejectStop(e);
  };
  const onCallerAbort = (): void => stop(fromCaller(callerSignal?.reason));
  callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  const timer =
    timeoutMs > 0
      ? setTimeout(() => stop(new SigvaultError('NETWORK', `${capitalise(what)} at ${origin} did not answer within ${Math.max(1, Math.round(timeoutMs / 1000))} s.`)), timeoutMs)
      : undefined;
  /** Whichever comes first: the step, or the end of the exchange (timeout, caller abort). */
  const bounded = <T>(p: Promise<T>): Promise<T> => Promise.race([p, stopped]);

  try {
    let res: HttpResponseLike;
    try {
      res = await bounded(fetchFn(url, { ...init, signal: controller.signal, redirect: 'error', cache: 'no-store', credentials: 'omit' }));
    } catch (e) {
      if (failure) throw failure;
      if (e instanceof SigvaultError) throw e;
      // Deliberately not e.message: a fetch error may quote the URL, and the URL may carry secrets.
      const kind = e instanceof Error ? e.name : 'error';
      throw new SigvaultError('NETWORK', `Could not reach ${what} at ${origin} (${kind}): offline, DNS or TLS failure, or the host is blocked.`);
    }

    const tooLarge = (): SigvaultError =>
      new SigvaultError('NETWORK', `${capitalise(what)} at ${origin} sent an answer larger than ${sizeText(maxBytes)}; it was refused.`);
    const declared = res.headers.get('content-length');
    const stream = res.body && typeof res.body.getReader === 'function' ? res.body : undefined;
    const truncate = opts.truncate === true;
    let truncated = false;
    if (!truncate && declared !== null && /^\s*\d+\s*$/.test(declared) && Number(declared) > maxBytes) {
      if (stream) quietly(stream.cancel());
      throw tooLarge();
    }
    const broke = (e: unknown): SigvaultError => {
      if (failure) return failure;
      if (e instanceof SigvaultError) return e;
      return new SigvaultError('NETWORK', `The connection to ${origin} broke while reading the answer (${e instanceof Error ? e.name : 'error'}).`);
    };

    let text: string;
    if (stream) {
      const reader = stream.getReader();
      const decoder = new TextDecoder('utf-8');
      let size = 0;
      text = '';
      try {
        for (;;) {
          const { done, value } = await bounded(reader.read());
          if (done) break;
          if (!value) continue;
          if (size + value.byteLength > maxBytes) {
            if (!truncate) throw tooLarge();
            text += decoder.decode(value.subarray(0, maxBytes - size), { stream: true });
            truncated = true;
            quietly(reader.cancel());
            break;
          }
          size += value.byteLength;
          text += decoder.decode(value, { stream: true });
        }
        text += decoder.decode();
      } catch (e) {
        quietly(reader.cancel());
        throw broke(e);
      }
    } else {
      try {
        text = await bounded(res.text());
      } catch (e) {
        throw broke(e);
      }
      // UTF-8 takes 1–3 bytes per UTF-16 unit: only text that may be over the cap is encoded, once
      const bytes = text.length * 3 > maxBytes ? utf8Encode(text) : undefined;
      if (bytes !== undefined && bytes.byteLength > maxBytes) {
        if (!truncate) throw tooLarge();
        text = new TextDecoder('utf-8').decode(bytes.subarray(0, maxBytes));
        truncated = true;
      }
    }
    return { status: res.status, headers: res.headers, text, truncated };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    callerSignal?.removeEventListener('abort', onCallerAbort);
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
