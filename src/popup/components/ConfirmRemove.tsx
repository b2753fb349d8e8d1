import { t } from '../../ui/i18n.ts';
import { useFocusOnMount } from '../../ui/use-focus.ts';

interface Props {
  label: string;
  onConfirm(): void;
  onCancel(): void;
}

/**
 * "Remove x?" with Cancel focused: Enter twice (the Remove button, then Enter again) must not delete; the
 * destructive button is one Tab (or a click) away. Escape or Cancel goes back.
 */
export function ConfirmRemove({ label, onConfirm, onCancel }: Props) {
  const cancel = useFocusOnMount<HTMLButtonElement>();
  return (
    <div class="confirm" role="group" aria-labelledby="confirm-text" onKeyDown={(e) => { if (e.key === 'Escape') onCancel(); }}>
      <p id="confirm-text">{t('removeConfirm', label)}</p>
      <button type="button" class="danger" id="confirm-remove" onClick={onConfirm}>{t('removeYes')}</button>
      <button type="button" id="confirm-cancel" ref={cancel} onClick={onCancel}>{t('cancel')}</button>
    </div>
  );
}
