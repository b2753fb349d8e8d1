/**
 * Console sessions Sigvault opened (`console.sessions`): the sessions screen (remaining time, tabs, N of 5,
 * sign out, sign in again), the banner on the list when one ends within 5 minutes, and the warning shown
 * before a sign-in that would replace a session or exceed AWS's 5.
 * @module
 */
import { useEffect, useState } from 'preact/hooks';
import type { OpenWarning } from '../../core/console/sessions.ts';
import type { ConsoleSessionView, ResponseOf } from '../../shared/protocol.ts';
import { formatCountdown } from '../countdown.ts';
import { errorText } from '../errors.ts';
import { t, tn } from '../../ui/i18n.ts';

type Sessions = ResponseOf<'console.sessions'>;

function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function remaining(s: ConsoleSessionView, now: number): string {
  const left = Math.floor((s.expiresAt - now) / 1000);
  return left <= 0 ? t('sessionsExpired') : t('sessionsRemaining', formatCountdown(left));
}

function OptInLink({ url }: { url: string }) {
  return <a id="multi-session-opt-in" href={url} target="_blank" rel="noopener noreferrer">{t('sessionsOptIn')}</a>;
}

/** The warning before a sign-in; "Open anyway" goes on, Cancel drops it. */
export function SessionWarning({ warnings, labelOf, onConfirm, onCancel }: {
  warnings: OpenWarning[]; labelOf(id: string): string; onConfirm(): Promise<unknown>; onCancel(): void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const text = (w: OpenWarning) =>
    w.kind === 'limit' ? t('sessionWarnLimit', String(w.used), String(w.limit))
      : w.kind === 'replace-same' ? t('sessionWarnSame', labelOf(w.identityId))
        : t('sessionWarnSingle', w.labels.join(', '));
  const optIn = warnings.find((w): w is Extract<OpenWarning, { kind: 'replace-single' }> => w.kind === 'replace-single' && !!w.optInUrl);
  return (
    <section id="session-warning" class="warning" role="alertdialog" aria-labelledby="session-warning-title" aria-describedby="session-warning-text">
      <h2 id="session-warning-title">{t('sessionWarnTitle')}</h2>
      <div id="session-warning-text">
        {warnings.map((w) => <p key={w.kind} data-kind={w.kind}>{text(w)}</p>)}
      </div>
      {optIn?.optInUrl && <p><OptInLink url={optIn.optInUrl} /></p>}
      <div class="actions">
        <button type="button" class="primary" id="open-anyway" disabled={busy} autoFocus
          onClick={() => { setBusy(true); onConfirm().catch((e: unknown) => setError(errorText(e))).finally(() => setBusy(false)); }}>
          {t('sessionOpenAnyway')}
        </button>
        <button type="button" id="cancel-open" onClick={onCancel}>{t('sessionWarnCancel')}</button>
      </div>
      {error && <p class="error" role="alert">{error}</p>}
    </section>
  );
}

/** On the list: a session Sigvault opened ends within 5 minutes (or ended with tabs open). */
export function ExpiringBanner({ sessions, onReopen }: { sessions: Sessions | undefined; onReopen(id: string): Promise<unknown> }) {
  const now = useNow();
  const [error, setError] = useState<string | null>(null);
  const soon = sessions?.sessions.filter((s) => s.expiringSoon) ?? [];
  if (soon.length === 0) return null;
  return (
    <div id="sessions-expiring" class="notice" role="status">
      {soon.map((s) => (
        <p key={s.identityId} data-identity={s.identityId}>
          {s.expiresAt <= now ? t('sessionsExpiredBanner', s.label) : t('sessionsExpiring', s.label, formatCountdown((s.expiresAt - now) / 1000))}{' '}
          <button type="button" class="reopen" onClick={() => { setError(null); onReopen(s.identityId).catch((e: unknown) => setError(errorText(e))); }}>{t('sessionsReopen')}</button>
        </p>
      ))}
      {error && <p class="error" role="alert">{error}</p>}
    </div>
  );
}

/** The sessions screen. */
export function ConsoleSessions({ sessions, optInUrl, onLoad, onSignOut, onReopen }: {
  sessions: Sessions | undefined;
  optInUrl: string;
  onLoad(): Promise<void>;
  onSignOut(id: string, closeTabs: boolean): Promise<unknown>;
  onReopen(id: string): Promise<unknown>;
}) {
  const now = useNow();
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);
  useEffect(() => { void onLoad().catch((e: unknown) => setStatus({ error: true, text: errorText(e) })); }, [onLoad]);
  const act = (p: Promise<unknown>, done: string) => {
    setStatus(null);
    p.then(() => setStatus({ error: false, text: done }), (e: unknown) => setStatus({ error: true, text: errorText(e) }));
  };
  if (!sessions) return <p class="hint">{t('statusConnecting')}</p>;
  const used = sessions.sessions.filter((s) => s.expiresAt > now && s.container === undefined).length;
  return (
    <section id="console-sessions" aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t('sessionsTitle')}</h2>
      <p id="sessions-mode" data-mode={sessions.multiSession}>
        {sessions.multiSession === 'on' ? t('sessionsMultiOn', String(used), String(sessions.limit))
          : sessions.multiSession === 'off' ? t('sessionsMultiOff') : t('sessionsMultiUnknown')}
        {sessions.multiSession !== 'on' && <> <OptInLink url={optInUrl} /></>}
      </p>
      {sessions.sessions.length === 0 && <p class="empty" id="sessions-empty">{t('sessionsEmpty')}</p>}
      <ul class="sessions" id="sessions-list">
        {sessions.sessions.map((s) => (
          <li key={s.identityId} data-identity={s.identityId} class={s.expiringSoon ? 'session expiring' : 'session'}>
            <div class="session-head">
              <span class="label">{s.label}</span>
              {s.account && <span class="account">{s.account}</span>}
            </div>
            <div class="session-meta">
              <span class="remaining">{remaining(s, now)}</span>
              {' · '}<span class="tabs">{tn('sessionsTabs', s.tabIds.length, String(s.tabIds.length))}</span>
              {s.sessionHost && <><br /><span class="host">{s.sessionHost}</span></>}
              {s.container && <><br /><span class="container">{t('sessionsContainer', s.containerName ?? s.container)}</span></>}
            </div>
            <div class="actions">
              {s.expiringSoon && (
                <button type="button" class="primary reopen" onClick={() => act(onReopen(s.identityId), t('sessionsReopened', s.label))}>{t('sessionsReopen')}</button>
              )}
              <button type="button" class="sign-out" onClick={() => act(onSignOut(s.identityId, false), t('sessionsSignedOut', s.label))}>{t('sessionsSignOut')}</button>
              <button type="button" class="sign-out-close" onClick={() => act(onSignOut(s.identityId, true), t('sessionsSignedOut', s.label))}>{t('sessionsSignOutClose')}</button>
            </div>
          </li>
        ))}
      </ul>
      <p id="sessions-status" class={status?.error ? 'error' : 'hint'} aria-live="polite">{status?.text ?? ''}</p>
    </section>
  );
}
