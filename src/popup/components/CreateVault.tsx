import { useState } from 'preact/hooks';
import { t } from '../../ui/i18n.ts';
import { errorText, invalidField } from '../errors.ts';
import { newPassphraseProblem, PASSPHRASE_MIN_LENGTH } from '../../core/vault/passphrase-policy.ts';
import { Field } from '../../ui/Field.tsx';
import { StrengthMeter } from '../../ui/StrengthMeter.tsx';

interface Props {
  onCreate(passphrase: string): Promise<void>;
}

/**
 * First run: choose the vault passphrase (twice), with a strength estimate and advice. A passphrase the
 * background would refuse (core/vault/passphrase-policy.ts: too short, or estimated weak) is refused here
 * first, by the same check, in its field.
 */
export function CreateVault({ onCreate }: Props) {
  const [pass, setPass] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<{ field?: 'pass' | 'again'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const fail = (field: 'pass' | 'again', text: string) => {
    setError({ field, text });
    document.getElementById(field === 'pass' ? 'new-passphrase' : 'repeat-passphrase')?.focus();
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const problem = newPassphraseProblem(pass);
    if (problem === 'short') return fail('pass', t('createTooShort', String(PASSPHRASE_MIN_LENGTH)));
    if (problem === 'weak') return fail('pass', t('createTooWeak'));
    if (pass !== again) return fail('again', t('createMismatch'));
    setError(null);
    setBusy(true);
    try {
      await onCreate(pass);
    } catch (err) {
      setBusy(false);
      // the background's rule is the same; should it still refuse, its words go under the field
      if (invalidField(err) === 'passphrase') fail('pass', (err as Error).message);
      else setError({ text: errorText(err) });
    }
  };

  return (
    <form class="screen" id="create-vault" noValidate onSubmit={submit} aria-busy={busy}>
      <h2>{t('createTitle')}</h2>
      <p class="lead">{t('createIntro')}</p>
      <Field id="new-passphrase" label={t('createPassphrase')} type="password" value={pass} onInput={(v) => { setPass(v); setError(null); }}
        autoFocus required autoComplete="new-password" error={error?.field === 'pass' ? error.text : undefined} />
      <StrengthMeter passphrase={pass} textId="strength-text" />
      <Field id="repeat-passphrase" label={t('createRepeat')} type="password" value={again} onInput={(v) => { setAgain(v); setError(null); }}
        required autoComplete="new-password" error={error?.field === 'again' ? error.text : undefined} />
      {error && !error.field && <p class="error" role="alert">{error.text}</p>}
      <p class="hint">{t('createForgetWarning')}</p>
      <button type="submit" class="primary" disabled={busy}>{busy ? t('createBusy') : t('createButton')}</button>
    </form>
  );
}
