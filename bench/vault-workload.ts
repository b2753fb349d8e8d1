/**
 * The vault benchmark workloads, using only the core API so the same functions can run in Node
 * (bench/vault.bench.ts) and later inside an extension page or worker in Chromium / Firefox.
 * Each takes a clock (`now`, e.g. `() => performance.now()`) and returns plain numbers.
 * @module
 */

import { importDataKey } from '../src/core/crypto/aead.ts';
import { calibrateKdfDetailed, floorParams, type KdfName, type KdfParams } from '../src/core/crypto/kdf.ts';
import { createVault, unlockHeader } from '../src/core/vault/header.ts';
import { createUser, parseStoredIdentity, toView, validateNewUser } from '../src/core/vault/identity.ts';
import { openRecord, openRecords, sealRecord } from '../src/core/vault/record.ts';
import { newVaultId, recordAad, type SealedRecord } from '../src/core/vault/format.ts';
import { fromBase64, randomBytes } from '../src/core/bytes.ts';

export const TARGETS = { unlockAtFloorMs: 1000, openAllMs: 200, openAllCount: 5000 } as const;

const PASSPHRASE = 'bench passphrase, not a secret';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export interface UnlockBenchResult {
  params: KdfParams;
  createMs: number;
  unlockMs: number[];
  medianMs: number;
}

/** Create a vault at `params` (default: the Argon2id floor), then time `runs` unlocks (derive + unwrap + import). */
export async function runUnlockBench(opts: { now: () => number; params?: KdfParams; runs?: number }): Promise<UnlockBenchResult> {
  const { now, runs = 3 } = opts;
  const params = opts.params ?? floorParams('argon2id');
  let t = now();
  const { header } = await createVault(PASSPHRASE, params);
  const createMs = now() - t;
  const unlockMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    t = now();
    await importDataKey(await unlockHeader(header, PASSPHRASE));
    unlockMs.push(now() - t);
  }
  return { params, createMs, unlockMs, medianMs: median(unlockMs) };
}

export interface CalibratedBenchResult extends UnlockBenchResult {
  floorProbeMs: number;
  estimatedMs: number;
  calibrateMs: number;
}

/** Calibrate toward `targetMs` (the default a new vault gets), then time unlocks at the result. */
export async function runCalibratedUnlockBench(opts: { now: () => number; targetMs?: number; name?: KdfName; runs?: number }): Promise<CalibratedBenchResult> {
  const t = opts.now();
  const cal = await calibrateKdfDetailed({ now: opts.now, targetMs: opts.targetMs ?? 500, name: opts.name ?? 'argon2id' });
  const calibrateMs = opts.now() - t;
  const r = await runUnlockBench({ now: opts.now, params: cal.params, runs: opts.runs ?? 3 });
  return { ...r, floorProbeMs: cal.floorMs, estimatedMs: cal.estimatedMs, calibrateMs };
}

export interface OpenAllBenchResult {
  count: number;
  sealMs: number;
  sequentialMs: number;
  parallelMs: number;
  /** openRecords (bounded concurrency, the API the storage layer should use). */
  batchedMs: number;
  /** The platform floor: the same number of bare crypto.subtle.decrypt calls, 64 in flight, no parsing. */
  rawDecryptMs: number;
  /** What `identity.list` does after an unlock: open the one sealed catalog holding all `count` views. */
  catalogMs: number;
}

/**
 * Seal `count` realistic IAM users, then time opening all of them the way `identity.list` would:
 * open + parse + view model: one record at a time, all at once with Promise.all, and through
 * `openRecords` (64 in flight). Each is warmed up once, then the median of `runs` passes is reported.
 */
export async function runOpenAllBench(opts: { now: () => number; count?: number; runs?: number }): Promise<OpenAllBenchResult> {
  const { now, count = TARGETS.openAllCount, runs = 5 } = opts;
  const key = await importDataKey(randomBytes(32));
  const vaultId = newVaultId();
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+';
  const users = Array.from({ length: count }, (_, i) =>
    createUser(
      validateNewUser({
        label: `team-account-${i}`,
        accessKeyId: `AKIA${String(i).padStart(16, '0')}`,
        secretAccessKey: Array.from(randomBytes(40), (b) => alphabet[b & 63]).join(''),
        mfaSerial: `arn:aws:iam::${String(100000000000 + i)}:mfa/user-${i}`,
        region: 'eu-west-1',
      }),
    ),
  );
  let t = now();
  const records: SealedRecord[] = await Promise.all(users.map((u) => sealRecord(key, vaultId, 'identity', u.id, u)));
  const sealMs = now() - t;

  const openOne = async (r: SealedRecord) => toView(parseStoredIdentity(await openRecord(key, vaultId, r, r.id), r.id));
  // One warm-up pass, then the median of `runs` timed passes (robust against a busy machine).
  const warm = async (run: () => Promise<unknown>) => {
    await run();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = now();
      await run();
      times.push(now() - start);
    }
    return median(times);
  };

  const sequentialMs = await warm(async () => {
    for (const r of records) await openOne(r);
  });
  const parallelMs = await warm(() => Promise.all(records.map(openOne)));
  const batchedMs = await warm(async () => {
    const results = await openRecords(key, vaultId, records, { kind: 'identity' });
    const views = results.map((res) => (res.ok ? toView(parseStoredIdentity(res.value, res.id)) : null));
    if (views.length !== count || views.includes(null)) throw new Error('open-all failed');
  });
  const raw = records.map((r) => ({ iv: fromBase64(r.iv), ct: fromBase64(r.ct), aad: recordAad(vaultId, r.id, r.kind, r.format) }));
  const rawDecryptMs = await warm(async () => {
    for (let i = 0; i < raw.length; i += 64) {
      await Promise.all(
        raw.slice(i, i + 64).map(({ iv, ct, aad }) => crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: aad }, key, ct)),
      );
    }
  });
  const catalog = await sealRecord(key, vaultId, 'catalog', 'catalog', { views: users.map(toView) });
  const catalogMs = await warm(async () => {
    const value = (await openRecord(key, vaultId, catalog, 'catalog')) as { views: unknown[] };
    if (value.views.length !== count) throw new Error('catalog open failed');
  });
  return { count, sealMs, sequentialMs, parallelMs, batchedMs, rawDecryptMs, catalogMs };
}
