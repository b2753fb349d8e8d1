/**
 * Keeps the popup's view snapshot (shared/view-snapshot.ts) current while the vault is unlocked: rewritten
 * after an unlock and after every change the list shows (identities, favorites, aliases, the active
 * identity, settings), never outliving a lock.
 *
 * A lock removes it with the key (platform/session.ts `clearSession`). A write that a lock overtakes (the
 * lock lands while the list is being read or written) removes what it wrote: the guard taken before the
 * read says so after the write.
 * @module
 */
import { removeViewSnapshot, writeViewSnapshot } from '../platform/session.ts';
import { FIRST_ROWS } from '../shared/view-snapshot.ts';
import { listView } from './handlers/identity-list.ts';
import * as vault from './vault/service.ts';

let running: Promise<void> | undefined;
let again = false;

/** Rewrites the snapshot soon: calls within a task make one write; calls while one runs, one more after it. */
export function refreshViewSnapshot(): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    // one change often calls twice (a prefs write, then its vault.changed broadcast): wait a task so that
    // both make one write
    await new Promise((resolve) => setTimeout(resolve));
    do {
      again = false;
      // a failed write must not leave an older list to be painted: without a snapshot the popup asks the worker
      await writeOnce().catch(() => removeViewSnapshot().catch(() => undefined));
    } while (again);
  })().finally(() => { running = undefined; });
  return running;
}

async function writeOnce(): Promise<void> {
  const guard = vault.lockGuard();
  const [list, policy] = await Promise.all([listView(true, FIRST_ROWS), vault.lockPolicy()]);
  if (!policy) return;
  guard.check();
  await writeViewSnapshot({ v: 1, list, autoLockMinutes: policy.autoLockMinutes, writtenAt: Date.now() });
  // a lock that landed during the write ran clearSession before this set: take the snapshot back out
  try {
    guard.check();
  } catch (e) {
    await removeViewSnapshot();
    throw e;
  }
}
