import { useEffect, useState } from 'preact/hooks';
import type { IdentityView, ResponseOf } from '../../shared/protocol.ts';
import { t } from '../../ui/i18n.ts';
import { errorText } from '../errors.ts';
import { chipColor } from '../match.ts';
import { formatCountdown } from '../countdown.ts';

interface Props {
  view: IdentityView;
  onResolve(id: string, interactive?: boolean): Promise<ResponseOf<'session.resolve'>>;
}

type Session =
  | { state: 'pending' }
  | { state: 'ok'; expiresAt: number; arn?: string; notice?: string }
  | { state: 'mfa' }
  | { state: 'error'; text: string };

/**
 * The active identity at the top of the list: its ARN and a live countdown to its session's expiry
 * (`session.resolve` when mounted, without prompting for MFA: opening the popup never asks for a code by
 * itself; when one is needed, a Refresh button asks for it). An IAM user's session without MFA cannot
 * call IAM: said under it.
 */
export function ActiveSession({ view, onResolve }: Props) {
  const [session, setSession] = useState<Session>({ state: 'pending' });
  const [now, setNow] = useState(() => Date.now());

  const [attempt, setAttempt] = useState(0); // 0: on open (no prompt); >0: the user asked to refresh

  useEffect(() => {
    let live = true;
    onResolve(view.id, attempt > 0).then(
      (r) => { if (live) setSession({ state: 'ok', expiresAt: r.expiresAt, ...(r.arn ? { arn: r.arn } : {}), ...(r.notice ? { notice: r.notice } : {}) }); },
      (e: unknown) => {
        if (!live) return;
        if ((e as { code?: string }).code === 'MFA_REQUIRED' && attempt === 0) setSession({ state: 'mfa' });
        else setSession({ state: 'error', text: errorText(e) });
      },
    );
    return () => { live = false; };
  }, [view.id, onResolve, attempt]);

  useEffect(() => {
    if (session.state !== 'ok') return undefined;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [session]);

  const viewArn = view.kind === 'role' || view.kind === 'saml' || view.kind === 'web-identity' ? view.roleArn : view.kind === 'user' ? view.arn : undefined;
  const arn = (session.state === 'ok' ? session.arn : undefined) ?? viewArn;
  const seconds = session.state === 'ok' ? Math.max(0, Math.floor((session.expiresAt - now) / 1000)) : 0;

  return (
    <section class="active-session" id="active-identity" aria-label={t('activeRegion', view.label)}>
      <div class="details-head">
        <span class="chip" style={{ background: chipColor(view) }} aria-hidden="true" />
        <strong>{view.label}</strong>
        <span class="active-mark">{t('listActive')}</span>
        {session.state === 'ok' && (
          <span id="active-countdown" class={`countdown${seconds === 0 ? ' expired' : ''}`} role="timer" data-seconds={seconds}>
            {seconds === 0 ? t('activeExpired') : t('activeExpiresIn', formatCountdown(seconds))}
          </span>
        )}
      </div>
      {arn && <div class="arn" id="active-arn" title={arn}>{arn}</div>}
      {session.state === 'pending' && <p class="hint">{t('activeChecking')}</p>}
      {session.state === 'ok' && session.notice && <p class="hint">{session.notice}</p>}
      {session.state === 'ok' && view.kind === 'user' && !view.mfa && <p class="hint" id="active-no-iam">{t('activeSessionNoIam')}</p>}
      {session.state === 'error' && <p class="error" id="active-error">{session.text}</p>}
      {session.state === 'mfa' && (
        <p class="hint" id="active-needs-mfa">
          {t('activeNeedsMfa')}{' '}
          <button type="button" id="active-refresh" onClick={() => { setSession({ state: 'pending' }); setAttempt((n) => n + 1); }}>{t('activeRefresh')}</button>
        </p>
      )}
    </section>
  );
}
