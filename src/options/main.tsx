import { render } from 'preact';
import { t } from '../popup/i18n.ts';

function Options() {
  return (
    <main>
      <h1>{t('optionsTitle')}</h1>
    </main>
  );
}

render(<Options />, document.getElementById('app')!);
