/**
 * The agent's bridge content script (public/agent/bridge.js, copied as is to the build as `agent/bridge.js`: a
 * stable path, one self-contained classic script) is registered at runtime with
 * `scripting.registerContentScripts` for the hosts of the granted origins only — no standing content
 * script. One registration (`sigvault-agent-bridge`) whose `matches` follow the grants: a grant adds its
 * origin's host, a revoke removes it (pages already open keep the script until reloaded, but the
 * background refuses their requests at once). Match patterns carry no port (Firefox refuses one), so
 * the bridge may run on a granted host's other ports: the background answers only exact granted origins.
 *
 * Registrations persist across browser restarts in Chrome and Firefox (`persistAcrossSessions`); they
 * are re-synced from the sealed grants at every unlock. While locked they stay, so a page learns LOCKED
 * rather than NOT_AVAILABLE.
 * @module
 */
import { originMatchPattern } from '../../core/agent/origin.ts';
import { browser } from '../../platform/browser.ts';
import { serialQueue } from '../serial.ts';

export const BRIDGE_ID = 'sigvault-agent-bridge';
export const BRIDGE_FILE = 'agent/bridge.js';

const serial = serialQueue();

/** Registers the bridge for exactly the hosts of `origins` (none: unregistered). */
export function syncBridge(origins: readonly string[]): Promise<void> {
  return serial(() => sync(origins));
}

async function sync(origins: readonly string[]): Promise<void> {
  const matches = [...new Set(origins.map(originMatchPattern))].sort();
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [BRIDGE_ID] });
  if (matches.length === 0) {
    if (existing.length) await browser.scripting.unregisterContentScripts({ ids: [BRIDGE_ID] });
    return;
  }
  const same = existing.length === 1 && JSON.stringify([...(existing[0]!.matches ?? [])].sort()) === JSON.stringify(matches);
  if (same) return;
  if (existing.length) await browser.scripting.unregisterContentScripts({ ids: [BRIDGE_ID] });
  await browser.scripting.registerContentScripts([{
    id: BRIDGE_ID,
    js: [BRIDGE_FILE],
    matches,
    runAt: 'document_start',
    allFrames: false,
    persistAcrossSessions: true,
  }]);
}
