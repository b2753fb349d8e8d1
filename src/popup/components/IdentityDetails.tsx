import { useState } from 'preact/hooks';
import type { IdentityView } from '../../shared/protocol.ts';
import { t } from '../i18n.ts';
import { errorText } from '../errors.ts';
import { accountOf } from '../match.ts';
import { ConfirmRemove } from './ConfirmRemove.tsx';

interface Props {
  view: IdentityView;
  active: boolean;
  onOpen(id: string, newTab: boolean): Promise<unknown>;
  onTest(id: string): Promise<{ account: string; arn: string }>;
  onRemove(id: string): Promise<void>;
}

type Status = { kind: 'busy' | 'ok' | 'error'; text: string } | null;

/** The selected identity: its ARN and actions (open console, test, remove with confirmation). Keyed by id. */
export function IdentityDetails({ view, active, onOpen, onTest, onRemove }: Props) {
  const [status, setStatus] = useState<Status>(null);
  const [confirming, setConfirming] = useState(false);

  const run = async (busyText: string, action: () => Promise<string | null>) => {
    setStatus({ kind: 'busy', text: busyText });
    try {
      const text = await action();
      setStatus(text ? { kind: 'ok', text } : null);
    } catch (e) {
      setStatus({ kind: 'error', text: errorText(e) });
    }
  };
  const arn = view.kind === 'role' ? view.roleArn : view.kind === 'user' ? view.arn : undefined;

  return (
    <section class="details" aria-label={t('detailsLabel', view.label)} id="details">
      <div class="details-head">
        <strong>{view.label}</strong>
        {active && <span class="active-mark">{t('listActive')}</span>}
        {view.kind === 'user' && view.isRoot && <span class="root-mark">{t('kindRoot')}</span>}
      </div>
      <div class="arn" title={arn}>{arn ?? t('detailsAccountUnknown')}</div>
      {!accountOf(view) && view.kind === 'user' && <div class="hint">{t('detailsTestToLearn')}</div>}
      {confirming ? (
        <ConfirmRemove label={view.label} onCancel={() => setConfirming(false)}
          onConfirm={() => { setConfirming(false); void run(t('removeBusy'), async () => { await onRemove(view.id); return null; }); }} />
      ) : (
        <div class="actions">
          <button type="button" class="primary" id="open-console" disabled={view.kind === 'unknown'}
            onClick={(e) => void run(t('openBusy'), async () => { await onOpen(view.id, e.shiftKey); return t('openDone'); })}>
            {t('openConsole')}
          </button>
          <button type="button" id="test-identity" disabled={view.kind === 'unknown'}
            onClick={() => void run(t('testBusy'), async () => { const r = await onTest(view.id); return t('testDone', r.arn); })}>
            {t('testIdentity')}
          </button>
          <button type="button" class="danger" id="remove-identity" onClick={() => setConfirming(true)}>{t('removeIdentity')}</button>
        </div>
      )}
      <p id="details-status" class={status?.kind === 'error' ? 'error' : 'hint'} aria-live="polite">{status?.text ?? ''}</p>
    </section>
  );
}
