/**
 * The only runtime globals the pure core may use. They exist in Node 20+, browsers' pages and service
 * workers alike. Nothing else (no DOM, no IndexedDB, no extension API, no console) is declared, so code
 * in src/core/ that reaches for one fails `tsc -p tsconfig.core.json`.
 * @module
 */

declare class TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}

/** Abort signals and controllers (src/core/http/exchange.ts bounds every network call with one). */
interface AbortSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}
declare class AbortController {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
}

/** The part of a WHATWG byte stream the exchange reads (a fetch `Response.body`). */
interface ReadableStreamReadResult<T> {
  done: boolean;
  value?: T;
}
interface ReadableStreamDefaultReader<T> {
  read(): Promise<ReadableStreamReadResult<T>>;
  cancel(reason?: unknown): Promise<void>;
  releaseLock(): void;
}
interface ReadableStream<T> {
  getReader(): ReadableStreamDefaultReader<T>;
  cancel(reason?: unknown): Promise<void>;
}
/** The constructor, for `instanceof` (a request body may be a stream: src/core/sigv4/payload.ts). */
declare var ReadableStream: { prototype: ReadableStream<unknown>; new (): ReadableStream<unknown> };
/** The part of Blob (and File) a request body hash reads. */
declare class Blob {
  readonly size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Opaque WebCrypto key handle. */
interface CryptoKey {
  readonly type: string;
  readonly extractable: boolean;
  readonly algorithm: { name: string };
  readonly usages: string[];
}
type BufferSourceLike = ArrayBufferView<ArrayBuffer> | ArrayBuffer;
interface AesGcmParamsLike {
  name: 'AES-GCM';
  iv: BufferSourceLike;
  additionalData?: BufferSourceLike;
  tagLength?: number;
}
/** The part of SubtleCrypto the core uses. */
interface SubtleCryptoLike {
  importKey(
    format: 'raw',
    keyData: BufferSourceLike,
    algorithm: { name: 'AES-GCM' } | 'AES-GCM',
    extractable: boolean,
    keyUsages: ReadonlyArray<'encrypt' | 'decrypt'>,
  ): Promise<CryptoKey>;
  encrypt(algorithm: AesGcmParamsLike, key: CryptoKey, data: BufferSourceLike): Promise<ArrayBuffer>;
  decrypt(algorithm: AesGcmParamsLike, key: CryptoKey, data: BufferSourceLike): Promise<ArrayBuffer>;
  digest(algorithm: 'SHA-256', data: BufferSourceLike): Promise<ArrayBuffer>;
}
declare var crypto: {
  getRandomValues<T extends ArrayBufferView>(array: T): T;
  readonly subtle: SubtleCryptoLike;
};

declare function setTimeout(handler: () => void, ms?: number): unknown;
declare function clearTimeout(id: unknown): void;
declare function queueMicrotask(cb: () => void): void;

/** WHATWG URL parsing (the signing agent's origins and hosts, src/core/agent/; SAML endpoints, src/core/saml/): the fields they read. */
declare class URL {
  constructor(url: string, base?: string);
  readonly origin: string;
  readonly protocol: string;
  readonly username: string;
  readonly password: string;
  readonly host: string;
  readonly hostname: string;
  readonly port: string;
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
}
