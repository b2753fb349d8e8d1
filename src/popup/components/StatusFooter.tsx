import type { PopupData } from '../state.ts';
import { t } from '../../ui/i18n.ts';

interface Props {
  ping: PopupData['ping'];
}

/** The version line; `#status[data-state]` becomes "ok" once the background answered (smoke tests wait for it). */
export function StatusFooter({ ping }: Props) {
  return (
    <footer>
      <p id="status" data-state={ping.state} role="status">
        {ping.state === 'pending' && t('statusConnecting')}
        {ping.state === 'ok' && t('statusReady', ping.reply.version)}
        {ping.state === 'error' && t('statusError', ping.message)}
      </p>
    </footer>
  );
}
