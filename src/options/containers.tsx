/**
 * Options: Firefox containers for console sign-ins — the global `consoleContainers` toggle (sealed, so
 * shown only while unlocked) and "Remove Sigvault's containers (N)". Shown only where the browser has
 * containers (`console.containers` answers `supported: true`).
 * @module
 */
import { useEffect, useState } from 'preact/hooks';
import { call, RemoteError } from '../platform/messaging.ts';
import type { SettingsView, VaultSettings } from '../shared/protocol.ts';
import { t, tn } from '../ui/i18n.ts';

export function Containers({ vault, onSaved }: { vault: VaultSettings; onSaved: (s: SettingsView) => void }) {
  const [count, setCount] = useState<number | null>(null);
  const [supported, setSupported] = useState(false);
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const refresh = () => call('console.containers', {}).then((r) => { setSupported(r.supported); setCount(r.containers.length); }, () => { setSupported(false); setCount(0); });
  useEffect(() => { void refresh(); }, []);
  if (count === null) return null;
  // answered: no containers here (the marker lets a test tell "not shown" from "not answered yet")
  if (!supported) return <div id="containers-unsupported" hidden />;
  const run = async (fn: () => Promise<string>) => {
    setNote(null);
    try {
      setNote({ kind: 'ok', text: await fn() });
    } catch (e) {
      setNote({ kind: 'error', text: e instanceof RemoteError || e instanceof Error ? e.message : String(e) });
    }
  };
  return (
    <section aria-labelledby="containers-h" id="containers-section">
      <h2 id="containers-h">{t('optContainersTitle')}</h2>
      <p class="hint" id="containers-hint">{t('optContainersHint')}</p>
      <form id="containers" onSubmit={(e) => e.preventDefault()}>
        <label class="check">
          <input id="console-containers" type="checkbox" checked={vault.consoleContainers} aria-describedby="containers-hint"
            onChange={(e) => { const on = e.currentTarget.checked; void run(async () => { onSaved(await call('settings.set', { consoleContainers: on })); return t('optSaved'); }); }} />
          {' '}{t('optContainersToggle')}
        </label>
        <p class="hint" id="containers-cleanup-hint">{t('optContainersCleanupHint')}</p>
        <button type="button" id="containers-cleanup" disabled={count === 0} aria-describedby="containers-cleanup-hint"
          onClick={() => void run(async () => {
            const { removed } = await call('console.cleanupContainers', {});
            await refresh();
            return tn('optContainersRemoved', removed, String(removed));
          })}>{t('optContainersCleanup', String(count))}</button>
      </form>
      {note && <p class={note.kind === 'ok' ? 'note' : 'error'} role={note.kind === 'ok' ? 'status' : 'alert'}>{note.text}</p>}
    </section>
  );
}
