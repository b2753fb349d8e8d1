/**
 * The only runtime globals the pure core may use. They exist in Node 20+, browsers' pages and service
 * workers alike. Nothing else (no DOM, no IndexedDB, no extension API, no console) is declared, so code
 * in src/core/ that reaches for one fails `tsc -p tsconfig.core.json`.
 * @module
 */

declare class TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer): string;
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
}
declare var crypto: {
  getRandomValues<T extends ArrayBufferView>(array: T): T;
  readonly subtle: SubtleCryptoLike;
};

declare function setTimeout(handler: () => void, ms?: number): unknown;
declare function clearTimeout(id: unknown): void;
declare function queueMicrotask(cb: () => void): void;
