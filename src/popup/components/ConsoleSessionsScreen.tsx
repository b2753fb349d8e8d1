/**
 * The console sessions screen (`console.sessions`): remaining time, tabs, N of 5, sign out, sign in again.
 * Loaded when the screen is first shown (the list's banner and warning are ./ConsoleSessions.tsx).
 * @module
 */
import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../errors.ts';
import { t, tn } from '../../ui/i18n.ts';
import { OptInLink, remaining, useNow, type Sessions } from './ConsoleSessions.tsx';

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
