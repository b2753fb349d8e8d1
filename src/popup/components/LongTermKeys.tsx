import { useState } from 'preact/hooks';
import { t } from '../../ui/i18n.ts';
import { errorText } from '../errors.ts';
import { useFocusOnMount } from '../../ui/use-focus.ts';

interface Props {
  label: string;
  /** Root-user keys: say so in the warning. */
  root?: boolean;
  /** The chosen format's name, as the select shows it. */
  formatName: string;
  /** Asks the background for the keys with the passphrase and copies them; rejects with its error. */
  onCopy(passphrase: string): Promise<void>;
  onDone(): void;
  onCancel(): void;
}

/**
 * Copying an IAM user's long-term keys: the warning first (they never expire; prefer a role or MFA),
 * then the vault passphrase, which the background checks again (a wrong one counts toward the unlock
 * backoff). The passphrase is forgotten after each attempt.
 */
export function LongTermKeys({ label, root, formatName, onCopy, onDone, onCancel }: Props) {
  const [pass, setPass] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = useFocusOnMount<HTMLInputElement>();

  const submit = async (e: Event) => {
    e.preventDefault();
    if (pass === '' || busy) return;
    setBusy(true);
    setError(null);
    const passphrase = pass;
    setPass('');
    try {
      await onCopy(passphrase);
      onDone();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
      input.current?.focus();
    }
  };

  return (
    <form class="confirm long-term" id="long-term" aria-labelledby="long-term-title" aria-busy={busy} onSubmit={submit}
      onKeyDown={(e) => { if (e.key === 'Escape') { e.preventDefault(); onCancel(); } }}>
      <p id="long-term-title"><strong>{t('longTermTitle', label)}</strong></p>
      <div class="warning" id="long-term-warning">
        <p>{t('longTermWarning')}</p>
        {root && <p>{t('longTermRoot')}</p>}
        <p>{t('longTermAdvice')}</p>
      </div>
      <div class="field">
        <label for="long-term-passphrase">{t('longTermPassphrase')}</label>
        <input id="long-term-passphrase" ref={input} type="password" autoComplete="current-password" value={pass}
          disabled={busy} aria-invalid={error ? 'true' : undefined} aria-describedby="long-term-warning long-term-status"
          onInput={(e) => setPass(e.currentTarget.value)} />
      </div>
      <p id="long-term-status" class={error ? 'error' : 'hint'} aria-live="polite">{error ?? (busy ? t('longTermBusy') : '')}</p>
      <div class="actions">
        <button type="submit" class="danger" id="confirm-long-term" disabled={busy || pass === ''}>{t('longTermCopy', formatName)}</button>
        <button type="button" id="cancel-long-term" onClick={onCancel}>{t('cancel')}</button>
      </div>
    </form>
  );
}
