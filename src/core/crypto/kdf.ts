/**
 * Passphrase → key-encryption key (KEK). Argon2id (default) or scrypt from @noble/hashes, async variants
 * so a service worker keeps answering while a derivation runs.
 *
 * Policy (docs/vault-format.md, "KDF floors"):
 * - Floors (OWASP Password Storage Cheat Sheet minimums): Argon2id m ≥ 19,456 KiB, t ≥ 2, p = 1;
 *   scrypt N ≥ 2^17, r = 8, p = 1. Salt 16..64 bytes.
 * - `KDF_TOO_WEAK`: the parameters are well formed but not acceptable: an unknown or unsupported KDF name
 *   (e.g. `pbkdf2`), a cost below the floor, a fixed parameter other than the supported one
 *   (Argon2id parallelism ≠ 1, scrypt r ≠ 8 or p ≠ 1), or a salt shorter than 16 bytes.
 * - `INVALID_INPUT` (details.field names the parameter): the parameters are malformed (not an object, a
 *   cost that is not a safe integer, a salt that is not canonical base64) or absurdly large (a cost above
 *   `KDF_MAXIMA`, which would let an untrusted header or backup make the worker allocate gigabytes or spin
 *   for minutes).
 *
 * The passphrase is normalised to Unicode NFC before UTF-8 encoding, so the same passphrase typed on
 * different systems (composed vs decomposed accents) derives the same key.
 * @module
 */

import { argon2idAsync } from '@noble/hashes/argon2.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { fromBase64, randomBytes, toBase64, type Bytes } from '../bytes.ts';
import { SigvaultError } from '../errors.ts';

/** Argon2id parameters as stored in the vault header. `salt` is standard base64 (16..64 bytes). */
export interface Argon2idParams {
  name: 'argon2id';
  /** Memory cost in KiB (Argon2 `m`). */
  memoryKiB: number;
  /** Time cost (Argon2 `t`). */
  iterations: number;
  /** Lanes (Argon2 `p`); only 1 is supported. */
  parallelism: 1;
  salt: string;
}

/** scrypt parameters as stored in the vault header. N = 2^logN. `salt` is standard base64. */
export interface ScryptParams {
  name: 'scrypt';
  logN: number;
  r: 8;
  p: 1;
  salt: string;
}

export type KdfParams = Argon2idParams | ScryptParams;
export type KdfName = KdfParams['name'];

/** The weakest parameters accepted anywhere (header, backup, new vault, passphrase change). */
export const KDF_FLOORS = {
  argon2id: { memoryKiB: 19_456, iterations: 2, parallelism: 1 },
  scrypt: { logN: 17, r: 8, p: 1 },
} as const;

/** The largest parameters accepted: above these the input is refused as INVALID_INPUT (denial-of-service guard). */
export const KDF_MAXIMA = {
  /** 256 MiB, 16 passes: far above any calibration here, low enough that an untrusted backup cannot
   * hold the worker for minutes (1 GiB × 64 passes would take 10+ minutes and 1 GiB). */
  argon2id: { memoryKiB: 262_144, iterations: 16 },
  /** N = 2^18 with r = 8 needs 256 MiB. */
  scrypt: { logN: 18 },
} as const;

export const SALT_MIN_BYTES = 16;
export const SALT_MAX_BYTES = 64;
/** Salt length used for new parameters. */
export const SALT_BYTES = 16;
/** KEK length: an AES-256 key. */
export const KEK_BYTES = 32;
/** Longest passphrase accepted (code units), so a pasted megabyte is refused instead of hashed. */
export const PASSPHRASE_MAX_LENGTH = 4096;

const KDF_NAMES: readonly string[] = ['argon2id', 'scrypt'];

function invalid(field: string, message: string): SigvaultError {
  return new SigvaultError('INVALID_INPUT', message, { field });
}

function tooWeak(message: string): SigvaultError {
  return new SigvaultError('KDF_TOO_WEAK', message);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function integer(obj: Record<string, unknown>, key: string, field: string): number {
  const v = obj[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw invalid(`${field}.${key}`, `${field}.${key} must be an integer`);
  return v;
}

/**
 * Check KDF parameters against the policy above; on success `params` is a valid {@link KdfParams}.
 * Extra properties are ignored here (use {@link parseKdfParams} to get a clean copy).
 * @param field - prefix for INVALID_INPUT field names, e.g. `header.kdf`
 * @throws SigvaultError KDF_TOO_WEAK or INVALID_INPUT
 * @example
 * assertKdfParams({ name: 'argon2id', memoryKiB: 19456, iterations: 2, parallelism: 1, salt: newSalt() });
 */
export function assertKdfParams(params: unknown, field = 'kdf'): asserts params is KdfParams {
  parseKdfParams(params, field);
}

/**
 * Validate (policy above) and return a copy holding only the known properties.
 * @throws SigvaultError KDF_TOO_WEAK or INVALID_INPUT
 */
export function parseKdfParams(params: unknown, field = 'kdf'): KdfParams {
  if (!isRecord(params)) throw invalid(field, `${field} must be an object`);
  const name = params['name'];
  if (typeof name !== 'string') throw invalid(`${field}.name`, `${field}.name must be a string`);
  if (!KDF_NAMES.includes(name)) {
    throw tooWeak(`KDF "${name.slice(0, 32)}" is not accepted; use argon2id or scrypt`);
  }
  const salt = parseSalt(params['salt'], `${field}.salt`);
  if (name === 'argon2id') {
    const memoryKiB = integer(params, 'memoryKiB', field);
    const iterations = integer(params, 'iterations', field);
    const parallelism = integer(params, 'parallelism', field);
    const floor = KDF_FLOORS.argon2id;
    const max = KDF_MAXIMA.argon2id;
    if (memoryKiB > max.memoryKiB) throw invalid(`${field}.memoryKiB`, `${field}.memoryKiB is above the maximum of ${max.memoryKiB} KiB`);
    if (iterations > max.iterations) throw invalid(`${field}.iterations`, `${field}.iterations is above the maximum of ${max.iterations}`);
    if (memoryKiB < floor.memoryKiB) throw tooWeak(`Argon2id memory ${memoryKiB} KiB is below the floor of ${floor.memoryKiB} KiB`);
    if (iterations < floor.iterations) throw tooWeak(`Argon2id iterations ${iterations} is below the floor of ${floor.iterations}`);
    if (parallelism !== 1) throw tooWeak(`Argon2id parallelism ${parallelism} is not supported (must be 1)`);
    return { name, memoryKiB, iterations, parallelism: 1, salt };
  }
  const logN = integer(params, 'logN', field);
  const r = integer(params, 'r', field);
  const p = integer(params, 'p', field);
  if (logN > KDF_MAXIMA.scrypt.logN) throw invalid(`${field}.logN`, `${field}.logN is above the maximum of ${KDF_MAXIMA.scrypt.logN}`);
  if (logN < KDF_FLOORS.scrypt.logN) throw tooWeak(`scrypt N = 2^${logN} is below the floor of 2^${KDF_FLOORS.scrypt.logN}`);
  if (r !== 8) throw tooWeak(`scrypt r = ${r} is not supported (must be 8)`);
  if (p !== 1) throw tooWeak(`scrypt p = ${p} is not supported (must be 1)`);
  return { name: 'scrypt', logN, r: 8, p: 1, salt };
}

function parseSalt(value: unknown, field: string): string {
  if (typeof value !== 'string') throw invalid(field, `${field} must be a base64 string`);
  let bytes: Bytes;
  try {
    bytes = fromBase64(value);
  } catch {
    throw invalid(field, `${field} is not canonical base64`);
  }
  if (bytes.length > SALT_MAX_BYTES) throw invalid(field, `${field} is longer than ${SALT_MAX_BYTES} bytes`);
  if (bytes.length < SALT_MIN_BYTES) throw tooWeak(`salt of ${bytes.length} bytes is shorter than ${SALT_MIN_BYTES} bytes`);
  return value;
}

/** A fresh random salt (16 bytes, base64). */
export function newSalt(): string {
  return toBase64(randomBytes(SALT_BYTES));
}

/** The floor parameters of a KDF with a fresh salt. */
export function floorParams(name: KdfName = 'argon2id'): KdfParams {
  if (name === 'scrypt') return { name: 'scrypt', ...KDF_FLOORS.scrypt, salt: newSalt() };
  return { name: 'argon2id', ...KDF_FLOORS.argon2id, salt: newSalt() };
}

/** The same parameters with a fresh salt (used when re-wrapping under a new passphrase). */
export function withFreshSalt(params: KdfParams): KdfParams {
  return { ...params, salt: newSalt() };
}

/**
 * Check the passphrase type and length and normalise it to NFC. Does not enforce a minimum length beyond
 * "not empty"; new passphrases have their own rule (see vault/header.ts).
 * @throws SigvaultError INVALID_INPUT naming `field`
 */
export function normalizePassphrase(passphrase: unknown, field = 'passphrase'): string {
  if (typeof passphrase !== 'string') throw invalid(field, `${field} must be a string`);
  if (passphrase.length === 0) throw invalid(field, `${field} must not be empty`);
  if (passphrase.length > PASSPHRASE_MAX_LENGTH) throw invalid(field, `${field} is longer than ${PASSPHRASE_MAX_LENGTH} characters`);
  return passphrase.normalize('NFC');
}

export interface DeriveOptions {
  /** Called with the completed fraction (0..1) while deriving. */
  onProgress?: (fraction: number) => void;
  /** Longest synchronous slice in ms before yielding to the event loop (noble's `asyncTick`). Default 10. */
  asyncTick?: number;
}

/**
 * Derive the 32-byte KEK from a passphrase. Refuses parameters outside the policy before doing any work.
 * @throws SigvaultError KDF_TOO_WEAK / INVALID_INPUT
 * @example
 * const kek = await deriveKek('correct horse battery staple', floorParams('argon2id'));
 */
export async function deriveKek(passphrase: string, params: KdfParams, opts: DeriveOptions = {}): Promise<Bytes> {
  const checked = parseKdfParams(params);
  const password = normalizePassphrase(passphrase);
  return derive(password, checked, opts);
}

/** No policy checks: callers have validated. Kept private so nothing derives at unchecked parameters. */
async function derive(password: string | Uint8Array, params: KdfParams, opts: DeriveOptions): Promise<Bytes> {
  const salt = fromBase64(params.salt);
  const common = {
    dkLen: KEK_BYTES,
    asyncTick: opts.asyncTick ?? 10,
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  };
  const out =
    params.name === 'argon2id'
      ? await argon2idAsync(password, salt, {
          ...common,
          m: params.memoryKiB,
          t: params.iterations,
          p: params.parallelism,
          maxmem: params.memoryKiB * 1024 + 1024,
        })
      : await scryptAsync(password, salt, {
          ...common,
          N: 2 ** params.logN,
          r: params.r,
          p: params.p,
          maxmem: 128 * params.r * (2 ** params.logN + params.p + 1) + 1024,
        });
  // Copy into a plain-ArrayBuffer-backed array (WebCrypto's BufferSource) and wipe noble's output.
  const kek = new Uint8Array(out);
  out.fill(0);
  return kek;
}

export interface CalibrateOptions {
  /** Monotonic clock in ms (e.g. `() => performance.now()`); injected so the core needs no timer global. */
  now: () => number;
  /** Target derivation time. Default 500 ms. */
  targetMs?: number;
  /** Which KDF to calibrate. Default argon2id. */
  name?: KdfName;
  /** Memory ceiling. Default 65,536 KiB (64 MiB). Never lowers a parameter below its floor. */
  maxMemoryKiB?: number;
}

export interface Calibration {
  params: KdfParams;
  /** Measured time of one derivation at the floor. */
  floorMs: number;
  /** Expected time at `params`, extrapolated linearly from `floorMs`. */
  estimatedMs: number;
}

/** Default memory ceiling for calibration: 64 MiB, enough headroom for a service worker. */
export const CALIBRATION_MAX_MEMORY_KIB = 65_536;

/**
 * Pick KDF parameters for a new vault: at the floor, raised toward `targetMs` on this machine.
 * Runs one tiny warm-up and one derivation at the floor, then scales linearly (cost ∝ memory × passes):
 * Argon2id raises memory first (up to `maxMemoryKiB`), then iterations; scrypt doubles N while it fits
 * the time and memory budget. Rounds down, so the estimate stays at or under the target (or at the floor
 * when the floor alone is slower than the target).
 * @example
 * const { params } = await calibrateKdfDetailed({ now: () => performance.now() });
 */
export async function calibrateKdfDetailed(opts: CalibrateOptions): Promise<Calibration> {
  const { now, targetMs = 500, name = 'argon2id', maxMemoryKiB = CALIBRATION_MAX_MEMORY_KIB } = opts;
  if (typeof now !== 'function') throw invalid('now', 'calibrateKdf needs a clock function');
  if (!(targetMs > 0) || !Number.isFinite(targetMs)) throw invalid('targetMs', 'targetMs must be a positive number');
  const floor = floorParams(name);
  // Warm-up (about a tenth of the floor's cost): JIT-compile the hash core and touch the allocator so the
  // floor measurement is not dominated by first-run costs (which would make calibration pick too little).
  const warmSalt = randomBytes(SALT_BYTES);
  if (name === 'argon2id') await argon2idAsync('warm-up', warmSalt, { m: 4096, t: 1, p: 1, dkLen: 32 });
  else await scryptAsync('warm-up', warmSalt, { N: 4096, r: 8, p: 1, dkLen: 32 });

  const start = now();
  const probe = await derive('calibration probe', floor, {});
  const floorMs = Math.max(now() - start, 0.001);
  probe.fill(0);
  const factor = targetMs / floorMs;

  if (floor.name === 'argon2id') {
    const base = KDF_FLOORS.argon2id;
    const budget = factor * base.memoryKiB * base.iterations; // KiB × passes we can afford
    const ceiling = Math.min(Math.max(maxMemoryKiB, base.memoryKiB), KDF_MAXIMA.argon2id.memoryKiB);
    const memoryKiB = Math.min(ceiling, Math.max(base.memoryKiB, Math.floor(budget / base.iterations / 1024) * 1024));
    const iterations = Math.min(KDF_MAXIMA.argon2id.iterations, Math.max(base.iterations, Math.floor(budget / memoryKiB)));
    const params: Argon2idParams = { ...floor, memoryKiB, iterations };
    const estimatedMs = (floorMs * memoryKiB * iterations) / (base.memoryKiB * base.iterations);
    return { params, floorMs, estimatedMs };
  }
  const base = KDF_FLOORS.scrypt;
  // scrypt with r = 8 uses N KiB; doubling N doubles time and memory.
  const memLimitLogN = Math.floor(Math.log2(Math.max(maxMemoryKiB, 1)));
  const timeLogN = base.logN + Math.max(0, Math.floor(Math.log2(factor)));
  const logN = Math.max(base.logN, Math.min(timeLogN, memLimitLogN, KDF_MAXIMA.scrypt.logN));
  const params: ScryptParams = { ...floor, logN };
  return { params, floorMs, estimatedMs: floorMs * 2 ** (logN - base.logN) };
}

/** {@link calibrateKdfDetailed} returning only the parameters. */
export async function calibrateKdf(opts: CalibrateOptions): Promise<KdfParams> {
  return (await calibrateKdfDetailed(opts)).params;
}
