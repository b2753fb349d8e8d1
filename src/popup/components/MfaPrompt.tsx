import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { MfaPrompt as Prompt } from '../state.ts';
import { t } from '../../ui/i18n.ts';
import { errorText } from '../errors.ts';

interface Props {
  prompt: Prompt;
  onProvide(requestId: string, code: string): Promise<boolean>;
  onDismiss(requestId: string): void;
}

/** The background needs an MFA code: a focused 6-digit field; pasting a code works; 6 digits submit. */
export function MfaPrompt({ prompt, onProvide, onDismiss }: Props) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  // a layout effect: focus at once, also when the page is in the background (no animation frames); a
  // new prompt after a wrong code keeps the dialog, says why, and starts from an empty field
  useLayoutEffect(() => { setCode(''); setError(prompt.error ?? null); input.current?.focus(); }, [prompt.requestId]);

  const send = async (value: string) => {
    if (!/^\d{6}$/.test(value) || busy) return;
    setBusy(true);
    try {
      if (!(await onProvide(prompt.requestId, value))) setError(t('mfaExpired'));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const update = (raw: string) => {
    const digits = raw.replace(/\D/g, '').slice(0, 6);
    setCode(digits);
    if (digits.length === 6) void send(digits);
  };

  return (
    <div class="overlay">
      <div role="dialog" aria-modal="true" aria-labelledby="mfa-title" aria-describedby="mfa-desc" class="dialog" id="mfa-prompt">
        <form
          onSubmit={(e) => { e.preventDefault(); void send(code); }}
          onKeyDown={(e) => { if (e.key === 'Escape') onDismiss(prompt.requestId); }}>
          <h2 id="mfa-title">{t('mfaTitle')}</h2>
          <p id="mfa-desc">{t('mfaFor', prompt.label)}</p>
          <p class="hint mono">{prompt.mfaSerial}</p>
          <div class="field">
            <label for="mfa-code">{t('mfaCode')}</label>
            <input id="mfa-code" ref={input} class="mfa-code" inputMode="numeric" autoComplete="one-time-code"
              pattern="\d{6}" maxLength={6} value={code} readOnly={busy}
              onInput={(e) => update(e.currentTarget.value)}
              onPaste={(e) => { const text = e.clipboardData?.getData('text/plain') ?? ''; if (text) { e.preventDefault(); update(text); } }} />
          </div>
          {error && <p class="error" id="mfa-error" role="alert">{error}</p>}
          <div class="actions">
            <button type="submit" class="primary" disabled={busy || code.length !== 6}>{t('mfaSubmit')}</button>
            <button type="button" onClick={() => onDismiss(prompt.requestId)}>{t('cancel')}</button>
          </div>
        </form>
      </div>
    </div>
  );
}
