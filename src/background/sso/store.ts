/**
 * The Identity Center sources, sealed in the vault like the agent's grants: one record of kind `prefs`,
 * id `sso-sources` (./../../core/sso/sources.ts), read and written in the catalog's queue. Changes run one
 * at a time; nothing is written after a lock the caller's guard saw.
 * @module
 */
import { parseSsoSources, ssoSourcesRecord, type SsoSource } from '../../core/sso/sources.ts';
import { SigvaultError } from '../../core/errors.ts';
import { sealRecord } from '../../core/vault/record.ts';
import { serialQueue } from '../serial.ts';
import * as vault from '../vault/service.ts';

export const SOURCES_ID = 'sso-sources';
const queue = serialQueue();

async function readNow(): Promise<SsoSource[]> {
  return parseSsoSources((await vault.readSealed(SOURCES_ID, 'prefs')).value);
}

/**
 * The sources as last read or written, per unlocked key (as the list prefs are): the popup's list reads
 * them on every open. A lock, re-key or restore brings a new key, so a new read.
 */
const cache = new WeakMap<object, Promise<readonly SsoSource[]>>();

/** Every source (after the changes already queued); a copy the caller may change. @throws SigvaultError LOCKED */
export async function readSources(): Promise<SsoSource[]> {
  const u = await vault.requireUnlocked();
  let p = cache.get(u);
  if (!p) {
    p = queue(readNow);
    cache.set(u, p);
    p.catch(() => cache.delete(u));
  }
  return (await p).map((s) => ({ ...s }));
}

/** One source. @throws SigvaultError NOT_FOUND, LOCKED */
export async function readSource(id: string): Promise<SsoSource> {
  const source = (await readSources()).find((s) => s.id === id);
  if (!source) throw new SigvaultError('NOT_FOUND', 'No IAM Identity Center source with this id: it was removed.', { recordId: id });
  return source;
}

/** Applies `change` to the sources and seals the result. */
export function changeSources(change: (sources: SsoSource[]) => SsoSource[], guard?: vault.LockGuard): Promise<SsoSource[]> {
  return queue(async () => {
    guard?.check();
    const next = change(await readNow());
    const u = await vault.writeSealed(async (k) => [await sealRecord(k.key, k.vaultId, 'prefs', SOURCES_ID, ssoSourcesRecord(next))], guard);
    cache.set(u, Promise.resolve(next.map((s) => ({ ...s }))));
    return next;
  });
}

/** Replaces one source (by id) with `update(current)`; a source removed meanwhile stays removed. */
export function changeSource(id: string, update: (s: SsoSource) => SsoSource, guard?: vault.LockGuard): Promise<SsoSource | undefined> {
  let out: SsoSource | undefined;
  return changeSources((all) => all.map((s) => (s.id === id ? (out = update(s)) : s)), guard).then(() => out);
}
