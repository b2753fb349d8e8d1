import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { VaultStatus } from '../../shared/protocol.ts';
import { backoffWait } from '../countdown.ts';
import { t } from '../../ui/i18n.ts';
import { errorCode, errorText } from '../errors.ts';

interface Props {
  status: VaultStatus | undefined;
  lockReason?: string | undefined;
  onUnlock(passphrase: string): Promise<void>;
  /** Injected clock, for tests. */
  now?: () => number;
}

/** Locked: the passphrase field is focused, Enter unlocks; after failed attempts a live countdown. */
export function Unlock({ status, lockReason, onUnlock, now = Date.now }: Props) {
  const [pass, setPass] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [clock, setClock] = useState(now());
  const input = useRef<HTMLInputElement>(null);
  const retryAt = status?.retryAt;
  const waitSeconds = retryAt !== undefined ? Math.max(0, Math.ceil((retryAt - clock) / 1000)) : 0;

  useEffect(() => {
    if (retryAt === undefined || retryAt <= now()) return;
    const timer = setInterval(() => {
      setClock(now());
      if (now() >= retryAt) clearInterval(timer);
    }, 250);
    return () => clearInterval(timer);
  }, [retryAt]);

  // focus stays in the field after every answer, a backoff too (the field takes typing while it counts down)
  useLayoutEffect(() => {
    if (!busy) input.current?.focus();
  }, [busy]);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (pass === '' || waitSeconds > 0) return;
    setBusy(true);
    setError(null);
    try {
      await onUnlock(pass);
    } catch (err) {
      setClock(now());
      setError(errorCode(err) === 'BACKOFF' ? null : errorText(err));
      setPass('');
      setBusy(false);
    }
  };

  return (
    <form class="screen" id="unlock" onSubmit={submit} aria-busy={busy}>
      <h2>{t('unlockTitle')}</h2>
      {lockReason && lockReason !== 'manual' && <p class="hint">{t(`lockedReason_${lockReason}`)}</p>}
      <div class="field">
        <label for="passphrase">{t('unlockPassphrase')}</label>
        <input id="passphrase" ref={input} type="password" autoComplete="current-password" value={pass}
          disabled={busy} aria-invalid={error ? 'true' : undefined} aria-describedby="unlock-status"
          onInput={(e) => setPass(e.currentTarget.value)} />
      </div>
      <div id="unlock-status" aria-live="polite">
        {error && <p class="error" id="unlock-error">{error}</p>}
        {waitSeconds > 0 && <p class="error" id="backoff" data-seconds={waitSeconds}>{t(backoffWait(waitSeconds).key, String(backoffWait(waitSeconds).n))}</p>}
        {!!status?.failedAttempts && waitSeconds === 0 && <p class="hint">{t('unlockFailedAttempts', String(status.failedAttempts))}</p>}
      </div>
      <button type="submit" class="primary" disabled={busy || waitSeconds > 0}>{busy ? t('unlockBusy') : t('unlockButton')}</button>
    </form>
  );
}
