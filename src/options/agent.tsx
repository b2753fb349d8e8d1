/**
 * Options: the signing agent — the web origins approved to have requests signed (`agent.grants`), each
 * revocable (`agent.revoke`), and a form to approve one (`agent.grant`: origin, identity, for one use,
 * an hour or always). An https origin needs its host permission for the bridge content script: asked
 * for first, in the submit handler (browsers grant optional permissions only from a user gesture).
 * Below, the latest entries of the audit log (`agent.audit`). Shown while unlocked (grants are sealed).
 * @module
 */
import { useEffect, useState } from 'preact/hooks';
import { call } from '../platform/messaging.ts';
import type { AgentGrantView, AuditEntry, IdentityView } from '../shared/protocol.ts';
import { t, tn } from '../ui/i18n.ts';
import { requestHostPermission } from './permissions.ts';
import { normalizeOrigin } from '../core/agent/origin.ts';

type Duration = 'once' | 'hour' | 'always';
const HOUR = 3_600_000;
/** The audit log keeps 500; the page shows the latest. */
const AUDIT_SHOWN = 20;
const labels = new Map<string, string>();

export function AgentSection() {
  const [grants, setGrants] = useState<AgentGrantView[] | null>(null);
  const [audit, setAudit] = useState<AuditEntry[]>([]);
  const [identities, setIdentities] = useState<IdentityView[]>([]);
  const [origin, setOrigin] = useState('');
  const [identityId, setIdentityId] = useState('');
  const [duration, setDuration] = useState<Duration>('hour');
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const refresh = async () => {
    const [g, l, a] = await Promise.all([call('agent.grants', {}), call('identity.list', {}), call('agent.audit', {})]);
    setGrants(g.grants);
    setAudit(a.entries.slice(0, AUDIT_SHOWN));
    labels.clear();
    for (const i of l.identities) labels.set(i.id, i.label);
    const usable = l.identities.filter((i) => i.kind !== 'console-role' && i.kind !== 'unknown');
    setIdentities(usable);
    setIdentityId((cur) => cur || usable[0]?.id || '');
  };
  useEffect(() => { void refresh().catch((e: unknown) => setNote({ kind: 'error', text: e instanceof Error ? e.message : String(e) })); }, []);
  const run = async (fn: () => Promise<string>) => {
    setNote(null);
    try {
      setNote({ kind: 'ok', text: await fn() });
    } catch (e) {
      setNote({ kind: 'error', text: e instanceof Error ? e.message : String(e) }); // the background's words, without a property name
    }
  };
  const submit = (e: Event) => {
    e.preventDefault();
    // the background's rule first (core/agent/origin.ts), so an origin no browser would grant is refused
    // in its words rather than by the permission prompt
    try {
      normalizeOrigin(origin);
    } catch (err) {
      setNote({ kind: 'error', text: (err as Error).message });
      return;
    }
    // the permission request must be the first await of the user's gesture
    const permission = requestHostPermission([origin.trim()]);
    void run(async () => {
      await permission;
      const terms = duration === 'always' ? {} : duration === 'once' ? { once: true } : { until: Date.now() + HOUR };
      const { grant } = await call('agent.grant', { origin: origin.trim(), identityId, ...terms });
      setOrigin('');
      await refresh();
      return t('optAgentGranted', grant.origin, grant.identityLabel ?? grant.identityId);
    });
  };
  const when = (g: AgentGrantView) => (g.once ? t('optAgentOnce') : g.until === undefined ? t('optAgentAlways') : t('optAgentUntil', new Date(g.until).toLocaleString()));
  return (
    <section aria-labelledby="agent-h" id="agent-section">
      <h2 id="agent-h">{t('optAgentTitle')}</h2>
      <p class="hint" id="agent-hint">{t('optAgentHint')}</p>
      {grants && grants.length === 0 && <p class="hint" id="agent-none">{t('optAgentNone')}</p>}
      {grants && grants.length > 0 && (
        <ul id="agent-grants">
          {grants.map((g) => (
            <li key={`${g.origin} ${g.identityId}`} data-origin={g.origin}>
              <span class="agent-origin">{g.origin}</span> · {g.identityLabel ?? g.identityId} · {when(g)}{' '}
              <button type="button" class="agent-revoke" aria-label={t('optAgentRevokeLabel', g.origin)}
                onClick={() => void run(async () => {
                  const { revoked } = await call('agent.revoke', { origin: g.origin });
                  await refresh();
                  return tn('optAgentRevoked', revoked, g.origin, String(revoked));
                })}>{t('optAgentRevoke')}</button>
            </li>
          ))}
        </ul>
      )}
      <form id="agent-grant" noValidate onSubmit={submit}>
        <label for="agent-origin">{t('optAgentOrigin')}</label>
        <input id="agent-origin" type="url" placeholder="https://app.example.com" value={origin} onInput={(e) => setOrigin(e.currentTarget.value)} autocomplete="off" />
        <label for="agent-identity">{t('optAgentIdentity')}</label>
        <select id="agent-identity" value={identityId} onChange={(e) => setIdentityId(e.currentTarget.value)}>
          {identities.map((i) => <option key={i.id} value={i.id}>{i.label}</option>)}
        </select>
        <label for="agent-duration">{t('optAgentDuration')}</label>
        <select id="agent-duration" value={duration} onChange={(e) => setDuration(e.currentTarget.value as Duration)}>
          <option value="once">{t('optAgentOnce')}</option>
          <option value="hour">{t('optAgentHour')}</option>
          <option value="always">{t('optAgentAlways')}</option>
        </select>
        <button type="submit" disabled={!identityId}>{t('optAgentApprove')}</button>
      </form>
      {note && <p class={note.kind === 'ok' ? 'note' : 'error'} role={note.kind === 'ok' ? 'status' : 'alert'}>{note.text}</p>}
      <h3 id="agent-audit-h">{t('optAgentAuditTitle', String(AUDIT_SHOWN))}</h3>
      {audit.length === 0 ? <p class="hint" id="agent-audit-none">{t('optAgentAuditNone')}</p> : (
        <ul id="agent-audit" aria-labelledby="agent-audit-h">
          {audit.map((e, i) => (
            <li key={`${e.at} ${i}`} data-refused={e.refused ?? ''}>
              {new Date(e.at).toLocaleString()} · {e.origin} · {e.identityId ? labels.get(e.identityId) ?? e.identityId : '—'} · {e.kind === 'presign' ? t('agentPromptPresign') : t('agentPromptSign')}: {e.method} {e.host} · {e.service} · {e.action}
              {e.refused && <strong> · {t('optAgentAuditRefused', e.refused)}</strong>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
