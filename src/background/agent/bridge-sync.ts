/**
 * Re-registers the bridge for the granted origins (after an unlock: grants are sealed, so only an
 * unlocked vault knows them; registrations made earlier persist meanwhile).
 * @module
 */
import { grantedOrigins } from '../../core/agent/grants.ts';
import { syncBridge } from './bridge.ts';
import { readGrants } from './store.ts';

export async function resyncBridge(): Promise<void> {
  await syncBridge(grantedOrigins(await readGrants(), Date.now()));
}
