/**
 * Console sessions Sigvault opened (`console.sessions`) on the list: the banner when one ends within 5
 * minutes, and the warning shown before a sign-in that would replace a session or exceed AWS's 5. The
 * sessions screen itself is ./ConsoleSessionsScreen.tsx (loaded on demand).
 * @module
 */
import { useEffect, useState } from 'preact/hooks';
import type { OpenWarning } from '../../core/console/sessions.ts';
import type { ConsoleSessionView, ResponseOf } from '../../shared/protocol.ts';
import { formatCountdown } from '../countdown.ts';
import { errorText } from '../errors.ts';
import { t } from '../../ui/i18n.ts';

export type Sessions = ResponseOf<'console.sessions'>;

export function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function remaining(s: ConsoleSessionView, now: number): string {
  const left = Math.floor((s.expiresAt - now) / 1000);
  return left <= 0 ? t('sessionsExpired') : t('sessionsRemaining', formatCountdown(left));
}

export function OptInLink({ url }: { url: string }) {
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
