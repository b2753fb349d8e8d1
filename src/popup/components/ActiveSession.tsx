import { useEffect, useState } from 'preact/hooks';
import type { IdentityView, ResponseOf } from '../../shared/protocol.ts';
import { t } from '../../ui/i18n.ts';
import { errorText } from '../errors.ts';
import { chipColor } from '../match.ts';
import { formatCountdown } from '../countdown.ts';

interface Props {
  view: IdentityView;
  /** × on the line: the list hides it (./IdentityList.tsx `activeHidden`). */
  onDismiss(): void;
  onResolve(id: string, interactive?: boolean): Promise<ResponseOf<'session.resolve'>>;
}

type Session =
  | { state: 'pending' }
  | { state: 'ok'; expiresAt: number; arn?: string; notice?: string }
  | { state: 'mfa' }
  | { state: 'error'; text: string };

/**
 * The active identity at the top of the list, on one line: its ARN (whole in the tooltip) and a live
 * countdown to its session's expiry
 * (`session.resolve` when mounted, without prompting for MFA: opening the popup never asks for a code by
 * itself; when one is needed, a Refresh button asks for it). An IAM user's session without MFA cannot
 * call IAM: said by the ⓘ (tooltip, and to assistive tech). × hides the line until another identity is
 * made active. Errors and the MFA refresh take a line of their own (they ask for something).
 */
export function ActiveSession({ view, onResolve, onDismiss }: Props) {
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

  const noIam = session.state === 'ok' && view.kind === 'user' && !view.mfa ? t('activeSessionNoIam') : undefined;
  const info = [session.state === 'ok' ? session.notice : undefined, noIam].filter(Boolean).join(' ');

  return (
    <section class="active-session" id="active-identity" aria-label={t('activeRegion', view.label)}>
      <div class="details-head">
        <span class="chip" style={{ background: chipColor(view) }} aria-hidden="true" />
        <strong>{view.label}</strong>
        <span class="active-mark">{t('listActive')}</span>
        {arn ? <span class="arn" id="active-arn" title={arn}>{arn}</span> : <span class="arn" />}
        {session.state === 'pending' && <span class="hint">{t('activeChecking')}</span>}
        {session.state === 'ok' && (
          <span id="active-countdown" class={`countdown${seconds === 0 ? ' expired' : ''}`} role="timer" data-seconds={seconds}>
            {seconds === 0 ? t('activeExpired') : t('activeExpiresIn', formatCountdown(seconds))}
          </span>
        )}
        {info && (
          <span class="info" title={info} id={noIam ? 'active-no-iam' : undefined}>
            <span aria-hidden="true">ⓘ</span><span class="sr-only">{info}</span>
          </span>
        )}
        <button type="button" class="icon" id="active-dismiss" title={t('activeDismiss')} aria-label={t('activeDismiss')} onClick={onDismiss}>×</button>
      </div>
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
