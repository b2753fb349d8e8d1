/**
 * Sealed records: a JSON value encrypted under the data key with AES-256-GCM, its AAD binding
 * (vaultId, id, kind, format) so a record copied to another id, kind or vault fails to open.
 *
 * Any failure to open one record is CORRUPT_RECORD naming that record (never its contents), so the
 * caller can report it and keep using the rest of the vault.
 * @module
 */

import { toBase64, utf8Decode, utf8Encode, wipe, type Bytes } from '../bytes.ts';
import { IV_BYTES, open, seal, TAG_BYTES } from '../crypto/aead.ts';
import { SigvaultError } from '../errors.ts';
import {
  at,
  FORMAT_VERSION,
  invalid,
  isRecordKind,
  MAX_RECORD_CT_BYTES,
  RECORD_ID_PATTERN,
  RECORD_KINDS,
  recordAad,
  requireBase64Bytes,
  requireObject,
  requireRecordId,
  requireString,
  requireVaultId,
  type RecordKind,
  type SealedRecord,
} from './format.ts';

/** Plaintext is padded with JSON whitespace to a multiple of this many bytes, so lengths leak less. */
export const PAD_BLOCK = 32;

/**
 * Encrypt `value` (any JSON-serialisable value) as record `id` of `kind` in vault `vaultId`.
 * Uses a fresh random IV: sealing the same value twice gives different ciphertexts.
 * @throws SigvaultError INVALID_INPUT if the vault id / id / kind is malformed or the value is not JSON-serialisable
 * @example
 * const rec = await sealRecord(key, header.vaultId, 'identity', user.id, user);
 */
export async function sealRecord(
  key: CryptoKey,
  vaultId: string,
  kind: RecordKind,
  id: string,
  value: unknown,
): Promise<SealedRecord> {
  requireVaultId({ vaultId }, 'vaultId', 'vaultId');
  if (typeof id !== 'string' || !RECORD_ID_PATTERN.test(id)) throw invalid('id', 'record id must be 1..64 characters of A-Z a-z 0-9 _ -');
  if (!isRecordKind(kind)) throw invalid('kind', `record kind must be one of ${RECORD_KINDS.join(', ')}`);
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  if (json === undefined) throw invalid('value', 'record value must be JSON-serialisable');
  const padded = json + ' '.repeat((PAD_BLOCK - (utf8Encode(json).length % PAD_BLOCK)) % PAD_BLOCK);
  const plaintext = utf8Encode(padded);
  try {
    const { iv, ct } = await seal(key, plaintext, recordAad(vaultId, id, kind, FORMAT_VERSION));
    return { id, kind, format: FORMAT_VERSION, iv: toBase64(iv), ct: toBase64(ct) };
  } finally {
    wipe(plaintext);
  }
}

/** What the caller expects a record to be (e.g. the IndexedDB key it was read from). */
export interface ExpectedRecord {
  id?: string;
  kind?: RecordKind;
}

function corrupt(recordId: string | undefined, reason: string): SigvaultError {
  const name = recordId === undefined ? 'a record' : `record ${recordId}`;
  return new SigvaultError('CORRUPT_RECORD', `${name} could not be opened: ${reason}`, recordId === undefined ? {} : { recordId });
}

/**
 * Decrypt a record and parse its JSON value.
 * @param expected - an id string, or `{ id?, kind? }`: what slot the caller read it from. A mismatch is
 *   CORRUPT_RECORD (the record was moved), as is any AAD mismatch (another id, kind or vault).
 * @throws SigvaultError CORRUPT_RECORD with details.recordId
 * @example
 * const user = await openRecord(key, header.vaultId, rec, rec.id);
 */
export async function openRecord(
  key: CryptoKey,
  vaultId: string,
  record: SealedRecord,
  expected?: string | ExpectedRecord,
): Promise<unknown> {
  const want: ExpectedRecord = typeof expected === 'string' ? { id: expected } : (expected ?? {});
  const claimedId = (record as { id?: unknown } | null)?.id;
  const recordId = want.id ?? (typeof claimedId === 'string' && RECORD_ID_PATTERN.test(claimedId) ? claimedId : undefined);
  let decoded: ReturnType<typeof decodeRecord>;
  try {
    decoded = decodeRecord(record, '');
  } catch {
    throw corrupt(recordId, 'it is malformed');
  }
  const rec = decoded.record;
  if (want.id !== undefined && rec.id !== want.id) throw corrupt(recordId, 'it belongs to another slot');
  if (want.kind !== undefined && rec.kind !== want.kind) throw corrupt(recordId, 'it is of another kind');
  let plaintext: Bytes;
  try {
    plaintext = await open(key, decoded.iv, decoded.ct, recordAad(vaultId, rec.id, rec.kind, rec.format));
  } catch {
    throw corrupt(recordId, 'it is damaged, or was moved from another slot or vault');
  }
  try {
    return JSON.parse(utf8Decode(plaintext)) as unknown;
  } catch {
    throw corrupt(recordId, 'its contents are not valid JSON');
  } finally {
    wipe(plaintext);
  }
}

/** The outcome of opening one record among many. */
export type OpenResult =
  | { ok: true; id: string; kind: RecordKind; value: unknown }
  | { ok: false; id: string; kind: RecordKind | undefined; error: SigvaultError };

/**
 * Open many records (e.g. every identity for `identity.list`), a bounded number at a time, never
 * failing as a whole: each result is the value or the CORRUPT_RECORD error of that record, in input order.
 * @param opts.concurrency - decrypts in flight at once (default 64; measured faster than all at once)
 * @example
 * const results = await openRecords(key, header.vaultId, rows, { kind: 'identity' });
 */
export async function openRecords(
  key: CryptoKey,
  vaultId: string,
  records: readonly SealedRecord[],
  opts: { kind?: RecordKind; concurrency?: number } = {},
): Promise<OpenResult[]> {
  const concurrency = Math.max(1, opts.concurrency ?? 64);
  const results: OpenResult[] = new Array(records.length);
  for (let start = 0; start < records.length; start += concurrency) {
    const batch = records.slice(start, start + concurrency);
    await Promise.all(
      batch.map(async (r, j) => {
        const id = typeof r?.id === 'string' ? r.id : '';
        const kind = isRecordKind(r?.kind) ? r.kind : undefined;
        const expected: ExpectedRecord = {};
        if (id) expected.id = id;
        if (opts.kind !== undefined) expected.kind = opts.kind;
        try {
          const value = await openRecord(key, vaultId, r, expected);
          results[start + j] = { ok: true, id, kind: kind!, value };
        } catch (e) {
          const error = e instanceof SigvaultError ? e : corrupt(id || undefined, 'it could not be opened');
          results[start + j] = { ok: false, id, kind, error };
        }
      }),
    );
  }
  return results;
}

/**
 * Validate the shape of a stored or received sealed record and return a clean copy.
 * @param field - prefix for INVALID_INPUT field names (e.g. `records[3]` inside a backup)
 * @throws SigvaultError INVALID_INPUT naming the field
 */
export function parseSealedRecord(json: unknown, field = ''): SealedRecord {
  return decodeRecord(json, field).record;
}

/** Validate and decode once: the clean record plus its IV and ciphertext bytes. */
function decodeRecord(json: unknown, field: string): { record: SealedRecord; iv: Bytes; ct: Bytes } {
  const obj = requireObject(json, field || 'record');
  const id = requireRecordId(obj, 'id', at(field, 'id'));
  const kind = requireString(obj, 'kind', at(field, 'kind'));
  if (!isRecordKind(kind)) throw invalid(at(field, 'kind'), `${at(field, 'kind')} must be one of ${RECORD_KINDS.join(', ')}`);
  const format = obj['format'];
  if (format !== FORMAT_VERSION) {
    const newer = typeof format === 'number' && format > FORMAT_VERSION;
    throw invalid(
      at(field, 'format'),
      newer ? `record format ${format} is newer than this version of Sigvault reads; update Sigvault` : `${at(field, 'format')} must be ${FORMAT_VERSION}`,
    );
  }
  const iv = requireBase64Bytes(obj, 'iv', at(field, 'iv'), IV_BYTES);
  const ct = requireBase64Bytes(obj, 'ct', at(field, 'ct'), TAG_BYTES, MAX_RECORD_CT_BYTES);
  return { record: { id, kind, format: FORMAT_VERSION, iv: iv.text, ct: ct.text }, iv: iv.bytes, ct: ct.bytes };
}
