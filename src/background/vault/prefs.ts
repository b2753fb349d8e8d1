/**
 * The user's arrangement of the list — favorites, recently used identities, account aliases — kept in one
 * sealed record (kind `prefs`): which accounts a user works in and when is nobody else's business, so it
 * is encrypted like the identities (and travels in backups with them). Cached per unlocked key; changes
 * run one at a time.
 * @module
 */
import { openRecord, sealRecord } from '../../core/vault/record.ts';
import { readRecord } from '../../platform/vault-store.ts';
import { EMPTY_PREFS, RECENT_KEPT, type ListPrefs } from '../../shared/list-order.ts';
import { parsePrefs } from '../../shared/prefs-parse.ts';
import { requireUnlocked, writeSealed } from './service.ts';

export const PREFS_ID = 'prefs';

type Unlocked = Awaited<ReturnType<typeof requireUnlocked>>;
const cache = new WeakMap<Unlocked, Promise<ListPrefs>>();
let queue: Promise<unknown> = Promise.resolve();

async function load(u: Unlocked): Promise<ListPrefs> {
  const rec = await readRecord(PREFS_ID);
  if (!rec || rec.kind !== 'prefs') return structuredClone(EMPTY_PREFS) as ListPrefs;
  // A record that does not open (tampered) costs the user only their arrangement, never the list.
  return parsePrefs(await openRecord(u.key, u.vaultId, rec, { id: PREFS_ID, kind: 'prefs' }).catch(() => undefined));
}

/** The current prefs (needs the vault unlocked). */
export async function readPrefs(): Promise<ListPrefs> {
  const u = await requireUnlocked();
  let p = cache.get(u);
  if (!p) {
    p = load(u);
    cache.set(u, p);
    p.catch(() => cache.delete(u));
  }
  return p;
}

const changed: Array<() => void> = [];
/** Called after every change of the prefs (the popup's view snapshot follows them). */
export function onPrefsChanged(fn: () => void): void {
  changed.push(fn);
}

/**
 * Applies `change` to the prefs and writes them sealed; one change at a time. Returns the new prefs. A
 * change that returns the prefs it was given (unchanged) writes nothing and tells no listener.
 */
export function updatePrefs(change: (prefs: ListPrefs) => ListPrefs): Promise<ListPrefs> {
  const run = queue.then(async () => {
    const current = structuredClone(await readPrefs());
    const changedTo = change(current);
    if (changedTo === current) return current;
    const next = parsePrefs(changedTo);
    // in the catalog's queue: a re-key cannot read the old prefs before this write and rewrite them after
    const u = await writeSealed(async (key) => [await sealRecord(key.key, key.vaultId, 'prefs', PREFS_ID, next)]);
    cache.set(u, Promise.resolve(next));
    for (const fn of changed) fn();
    return next;
  });
  queue = run.catch(() => undefined);
  return run;
}

/**
 * Puts `id` first among the recently used. Best effort: a failure here never fails the user's action.
 * Already first (the same identity used again, e.g. request after request): nothing to write.
 */
export function recordUse(id: string): Promise<void> {
  return updatePrefs((p) => (p.recent[0] === id ? p : { ...p, recent: [id, ...p.recent.filter((x) => x !== id)].slice(0, RECENT_KEPT) })).then(
    () => undefined,
    () => undefined,
  );
}
