/**
 * The signing agent's approval prompt (opened by src/background/agent/approvals.ts as a small popup
 * window): which web origin asks to sign with which identity, and what (method, host, service, action).
 * Allow once, for 1 hour, always, or deny; the window closes after the answer (the background closes it
 * too). Receives the view model only (`agent.pending`); answers with `agent.answer`.
 * @module
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { call, RemoteError } from '../platform/messaging.ts';
import type { ApprovalAnswer, ApprovalView } from '../shared/protocol.ts';
import { t } from '../ui/i18n.ts';
import { applyTheme, readThemeMirror } from '../ui/theme.ts';

applyTheme(readThemeMirror());
const id = new URLSearchParams(location.search).get('id') ?? '';

function Prompt() {
  const [view, setView] = useState<ApprovalView | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    call('agent.pending', { id }).then((r) => setView(r.approval), (e: unknown) => setError(e instanceof RemoteError || e instanceof Error ? e.message : String(e)));
  }, []);
  const answer = (a: ApprovalAnswer) => {
    void call('agent.answer', { id, answer: a }).finally(() => window.close());
  };
  if (error) return <main id="agent-prompt" data-state="gone"><p class="error" role="alert">{error}</p></main>;
  if (!view) return <main id="agent-prompt" data-state="loading" />;
  return (
    <main id="agent-prompt" data-state="ready">
      <h1>{t('agentPromptTitle')}</h1>
      <p><strong id="prompt-origin">{view.origin}</strong> {t('agentPromptAsks')} <strong id="prompt-identity">{view.identityLabel}</strong></p>
      <dl id="prompt-request">
        <dt>{t('agentPromptKind')}</dt><dd>{view.kind === 'presign' ? t('agentPromptPresign') : t('agentPromptSign')}</dd>
        <dt>{t('agentPromptMethod')}</dt><dd id="prompt-method">{view.method}</dd>
        <dt>{t('agentPromptHost')}</dt><dd id="prompt-host">{view.host}</dd>
        <dt>{t('agentPromptService')}</dt><dd id="prompt-service">{view.service}</dd>
        <dt>{t('agentPromptAction')}</dt><dd id="prompt-action">{view.action}</dd>
      </dl>
      <p class="hint">{t('agentPromptHint')}</p>
      <div class="prompt-buttons">
        <button type="button" id="prompt-once" class="primary" onClick={() => answer('once')}>{t('agentPromptOnce')}</button>
        <button type="button" id="prompt-hour" onClick={() => answer('hour')}>{t('agentPromptHour')}</button>
        <button type="button" id="prompt-always" onClick={() => answer('always')}>{t('agentPromptAlways')}</button>
        <button type="button" id="prompt-deny" class="danger" onClick={() => answer('deny')}>{t('agentPromptDeny')}</button>
      </div>
    </main>
  );
}

render(<Prompt />, document.getElementById('app')!);
