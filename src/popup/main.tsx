import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { call } from '../platform/messaging.ts';
import type { ResponseOf } from '../shared/protocol.ts';
import { t } from './i18n.ts';

type Status =
  | { state: 'pending' }
  | { state: 'ok'; reply: ResponseOf<'app.ping'> }
  | { state: 'error'; message: string };

function App() {
  const [status, setStatus] = useState<Status>({ state: 'pending' });
  useEffect(() => {
    call('app.ping', {}).then(
      (reply) => setStatus({ state: 'ok', reply }),
      (e: unknown) => setStatus({ state: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
  }, []);
  return (
    <main>
      <h1>{t('popupTitle')}</h1>
      <p id="status" data-state={status.state} role="status">
        {status.state === 'pending' && t('statusConnecting')}
        {status.state === 'ok' && t('statusReady', status.reply.version, status.reply.browser)}
        {status.state === 'error' && t('statusError', status.message)}
      </p>
    </main>
  );
}

render(<App />, document.getElementById('app')!);
