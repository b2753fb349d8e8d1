import { useState } from 'preact/hooks';
import { t } from '../../ui/i18n.ts';
import { errorText } from '../errors.ts';
import { strengthOf } from '../strength.ts';
import { Field } from '../../ui/Field.tsx';

interface Props {
  onCreate(passphrase: string): Promise<void>;
}

const MIN_LENGTH = 8;

/** First run: choose the vault passphrase (twice), with a strength estimate and advice. */
export function CreateVault({ onCreate }: Props) {
  const [pass, setPass] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<{ field?: 'pass' | 'again'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const strength = strengthOf(pass);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (pass.length < MIN_LENGTH) return setError({ field: 'pass', text: t('createTooShort', String(MIN_LENGTH)) });
    if (pass !== again) return setError({ field: 'again', text: t('createMismatch') });
    setError(null);
    setBusy(true);
    try {
      await onCreate(pass);
    } catch (err) {
      setError({ text: errorText(err) });
      setBusy(false);
    }
  };

  return (
    <form class="screen" id="create-vault" onSubmit={submit} aria-busy={busy}>
      <h2>{t('createTitle')}</h2>
      <p class="lead">{t('createIntro')}</p>
      <Field id="new-passphrase" label={t('createPassphrase')} type="password" value={pass} onInput={(v) => { setPass(v); setError(null); }}
        autoFocus required autoComplete="new-password" error={error?.field === 'pass' ? error.text : undefined} />
      <div class="strength" data-strength={strength} aria-live="polite">
        <meter min={0} max={4} value={['empty', 'weak', 'fair', 'good', 'strong'].indexOf(strength)} aria-label={t('strengthLabel')} />
        <span id="strength-text">{strength === 'empty' ? t('strengthAdvice') : `${t(`strength_${strength}`)} — ${t('strengthAdvice')}`}</span>
      </div>
      <Field id="repeat-passphrase" label={t('createRepeat')} type="password" value={again} onInput={(v) => { setAgain(v); setError(null); }}
        required autoComplete="new-password" error={error?.field === 'again' ? error.text : undefined} />
      {error && !error.field && <p class="error" role="alert">{error.text}</p>}
      <p class="hint">{t('createForgetWarning')}</p>
      <button type="submit" class="primary" disabled={busy}>{busy ? t('createBusy') : t('createButton')}</button>
    </form>
  );
}
