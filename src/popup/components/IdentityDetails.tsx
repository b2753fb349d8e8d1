import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import type { IdentityView } from '../../shared/protocol.ts';
import { t } from '../../ui/i18n.ts';
import { ArnText } from '../../ui/arn-text.tsx';
import { samlProviderName } from '../../shared/list-order.ts';
import { errorText } from '../errors.ts';
import { accountOf } from '../match.ts';
import { consoleTargetFor } from '../console-target.ts';
import { DetailsExtrasContext } from '../details-extras.ts';
import { CLI_FORMATS, type CliFormat } from '../state.ts';
import { ConfirmRemove } from './ConfirmRemove.tsx';
import { LongTermKeys } from './LongTermKeys.tsx';

interface Props {
  view: IdentityView;
  active: boolean;
  onOpen(id: string, newTab: boolean): Promise<unknown>;
  onTest(id: string): Promise<{ account: string; arn: string }>;
  onRemove(id: string): Promise<void>;
  onActivate(id: string): Promise<void>;
  /**
   * Copies CLI credentials in `format` (clipboard emptied in 30 s); the text is not returned. With
   * `longTerm`: an IAM user's long-term keys, after the background checked the passphrase.
   */
  onCopy(id: string, format: CliFormat, longTerm?: { passphrase: string }): Promise<unknown>;
  format: CliFormat;
  onFormatChange(format: CliFormat): void;
}

type Status = { kind: 'busy' | 'ok' | 'error'; text: string } | null;

/** A ref whose element gets the focus when `open` turns false: the button that opened a panel, once it closes. */
function useFocusWhenClosed<T extends HTMLElement>(open: boolean) {
  const ref = useRef<T>(null);
  const was = useRef(false);
  useEffect(() => {
    if (was.current && !open) ref.current?.focus();
    was.current = open;
  }, [open]);
  return ref;
}

/**
 * The selected identity: its ARN and actions (open console, test, make active, copy CLI credentials in a
 * chosen format, edit (Alt+E from anywhere in the list screen: IdentityList), remove with confirmation). An
 * IAM user without MFA gets a GetSessionToken session that cannot call IAM: the details say so and offer
 * the long-term keys instead, behind a warning and the vault passphrase. When the popup was
 * opened over an AWS console page of the identity's partition, a checkbox (checked by default) makes
 * Open console — and Enter in the list — go to that page. Keyed by id.
 */
export function IdentityDetails({ view, active, onOpen, onTest, onRemove, onActivate, onCopy, format, onFormatChange }: Props) {
  const [status, setStatus] = useState<Status>(null);
  const [confirming, setConfirming] = useState(false);
  // back from the Remove confirmation without removing (Cancel, Escape): focus returns to Remove
  const removeButton = useFocusWhenClosed<HTMLButtonElement>(confirming);
  const [longTerm, setLongTerm] = useState(false);
  // back from the long-term panel (copied or cancelled): focus returns to the button that opened it
  const longTermButton = useFocusWhenClosed<HTMLButtonElement>(longTerm);
  const extras = useContext(DetailsExtrasContext);
  const target = consoleTargetFor(view, extras?.consoleContext ?? null);
  const tabCtx = target ? extras!.consoleContext! : null;
  const canEdit = view.kind !== 'unknown' && !!extras;

  // SIGN_IN_REQUIRED: where to sign in again (an Identity Center source, or the SAML identity provider's page)
  const [signInAgain, setSignInAgain] = useState<{ sourceId?: string; url?: string } | null>(null);
  const run = async (busyText: string, action: () => Promise<string | null>) => {
    setStatus({ kind: 'busy', text: busyText });
    setSignInAgain(null);
    try {
      const text = await action();
      setStatus(text ? { kind: 'ok', text } : null);
    } catch (e) {
      setStatus({ kind: 'error', text: errorText(e) });
      const err = e as { code?: string; details?: { recordId?: string; url?: string } };
      if (err?.code === 'SIGN_IN_REQUIRED') {
        setSignInAgain(view.kind === 'sso' ? { sourceId: view.sourceId } : err.details?.url && /^https?:\/\//.test(err.details.url) ? { url: err.details.url } : null);
      }
    }
  };
  const ssoSignIn = (sourceId: string) => void run(t('ssoSignInBusy'), async () => {
    const r = await extras!.call('sso.signIn', { sourceId });
    return t('ssoSignInCode', r.userCode);
  });
  const arn = view.kind === 'role' || view.kind === 'saml' || view.kind === 'web-identity' ? view.roleArn : view.kind === 'user' ? view.arn : view.kind === 'console-role' ? `${view.roleName}@${view.account}` : view.kind === 'sso' ? `${view.roleName}@${view.accountName ?? view.accountId}` : undefined;
  // a console role has no credentials: it is switched to inside a signed-in console, nothing else
  const consoleRole = view.kind === 'console-role';
  // Enter / Open console sign in the tab under the popup only when it is an AWS console page (the background's rule)
  const here = extras?.consoleContext?.replaces === true;
  // A session without MFA cannot call IAM (nor STS beyond AssumeRole and GetCallerIdentity).
  const sessionWithoutMfa = view.kind === 'user' && !view.mfa;

  return (
    <section class="details" aria-label={t('detailsLabel', view.label)} id="details">
      <div class="details-head">
        <strong>{view.label}</strong>
        {active && <span class="active-mark">{t('listActive')}</span>}
        {view.kind === 'user' && view.isRoot && <span class="root-mark">{t('kindRoot')}</span>}
      </div>
      <div class="arn" title={arn}>{arn ? <ArnText text={arn} /> : t('detailsAccountUnknown')}</div>
      {!accountOf(view) && view.kind === 'user' && <div class="hint">{t('detailsTestToLearn')}</div>}
      {view.kind === 'sso' && <div class="hint" id="federated-info">{t('detailsSso', view.accountName ?? view.accountId)}{view.vanishedAt ? ` ${t('detailsSsoVanished', new Date(view.vanishedAt).toLocaleDateString())}` : ''}</div>}
      {view.kind === 'saml' && <div class="hint" id="federated-info">{t('detailsSaml', samlProviderName(view.principalArn))}</div>}
      {view.kind === 'web-identity' && (
        <div class={view.tokenExpiresAt !== undefined && view.tokenExpiresAt < Date.now() ? 'error' : 'hint'} id="federated-info">
          {view.tokenExpiresAt !== undefined ? t('detailsWebIdentityExpires', new Date(view.tokenExpiresAt).toLocaleString()) : t('detailsWebIdentity')}
        </div>
      )}
      {tabCtx && (
        <div class="field check" id="console-target">
          <label><input type="checkbox" id="use-tab-console" checked={extras!.useConsoleContext}
            onChange={(e) => extras!.setUseConsoleContext(e.currentTarget.checked)} />
            {tabCtx.region !== undefined
              ? t('openAtServiceRegion', tabCtx.serviceName ?? t('consoleHome'), tabCtx.region)
              : t('openAtService', tabCtx.serviceName ?? t('consoleHome'))}</label>
        </div>
      )}
      {confirming ? (
        <ConfirmRemove label={view.label} onCancel={() => setConfirming(false)}
          onConfirm={() => { setConfirming(false); void run(t('removeBusy'), async () => { await onRemove(view.id); return null; }); }} />
      ) : (
        <div class="actions">
          <button type="button" class="primary" id="open-console" disabled={view.kind === 'unknown'}
            title={consoleRole ? undefined : t(here ? 'openConsoleHereTitle' : 'openConsoleNewTabTitle')}
            onClick={(e) => void run(consoleRole ? t('switchRoleBusy') : t('openBusy'), async () => { await onOpen(view.id, e.shiftKey); return consoleRole ? t('switchRoleDone') : t('openDone'); })}>
            {consoleRole ? t('switchRoleHere') : here ? t('openConsoleHere') : t('openConsoleNewTab')}
          </button>
          <button type="button" id="test-identity" disabled={view.kind === 'unknown' || consoleRole}
            onClick={() => void run(t('testBusy'), async () => { const r = await onTest(view.id); return t('testDone', r.arn); })}>
            {t('testIdentity')}
          </button>
          <button type="button" id="make-active" disabled={view.kind === 'unknown'} title={t('makeActiveTitle')}
            onClick={() => void run('', async () => { await onActivate(view.id); return t('activateDone'); })}>
            {t('makeActive')}
          </button>
          <button type="button" id="edit-identity" disabled={!canEdit} aria-keyshortcuts="Alt+E"
            onClick={() => extras?.onEdit(view.id)}>{t('editIdentity')}</button>
          <button type="button" id="presign-identity" title={t('rqPresignIdentityTitle')} disabled={view.kind === 'console-role' || view.kind === 'unknown'}
            onClick={() => void import('../open-requests.ts').then((m) => m.openRequestsPage({ mode: 'presign', id: view.id }))}>{t('rqPresignIdentity')}</button>
          <button type="button" class="danger" id="remove-identity" ref={removeButton} onClick={() => setConfirming(true)}>{t('removeIdentity')}</button>
        </div>
      )}
      {!confirming && longTerm && (
        <LongTermKeys label={view.label} root={view.kind === 'user' && view.isRoot === true} formatName={t(`format_${format}`)}
          onCopy={async (passphrase) => { await onCopy(view.id, format, { passphrase }); }}
          onDone={() => { setLongTerm(false); setStatus({ kind: 'ok', text: t('longTermDone') }); }}
          onCancel={() => setLongTerm(false)} />
      )}
      {!confirming && !longTerm && (
        <div class="actions copy">
          <label for="copy-format" class="sr-only">{t('copyFormatLabel')}</label>
          <select id="copy-format" value={format} disabled={view.kind === 'unknown'}
            onChange={(e) => onFormatChange(e.currentTarget.value as CliFormat)}>
            {CLI_FORMATS.map((f) => <option key={f} value={f}>{t(`format_${f}`)}</option>)}
          </select>
          <button type="button" id="copy-credentials" disabled={view.kind === 'unknown' || consoleRole} aria-keyshortcuts="Alt+C"
            onClick={() => void run(t('copyBusy'), async () => { await onCopy(view.id, format); return t('copyDone'); })}>
            {t('copyCredentials')}
          </button>
          {sessionWithoutMfa && (
            <button type="button" id="copy-long-term" ref={longTermButton} aria-describedby="copy-session-note"
              onClick={() => { setStatus(null); setLongTerm(true); }}>{t('longTermOpen')}</button>
          )}
        </div>
      )}
      {!confirming && !longTerm && sessionWithoutMfa && <p class="hint" id="copy-session-note">{t('copySessionNoIam')}</p>}
      <p id="details-status" class={status?.kind === 'error' ? 'error' : 'hint'} aria-live="polite">{status?.text ?? ''}</p>
      {signInAgain?.sourceId && extras && <button type="button" id="sso-sign-in-again" onClick={() => ssoSignIn(signInAgain.sourceId!)}>{t('ssoSignInAgain')}</button>}
      {signInAgain?.url && <a id="idp-sign-in-again" href={signInAgain.url} target="_blank" rel="noopener noreferrer">{t('samlSignInAgain')}</a>}
    </section>
  );
}

// loaded with the details (IdentityList's lazy Arrange): one chunk, one fetch
export { Arrange } from './Arrange.tsx';
