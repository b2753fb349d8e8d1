import { t } from '../../ui/i18n.ts';
import { useFocusOnMount } from '../../ui/use-focus.ts';

interface Props {
  label: string;
  onConfirm(): void;
  onCancel(): void;
}

/** "Remove x?" with the confirming button focused (Enter confirms, Escape or Cancel goes back). */
export function ConfirmRemove({ label, onConfirm, onCancel }: Props) {
  const yes = useFocusOnMount<HTMLButtonElement>();
  return (
    <div class="confirm" role="group" aria-labelledby="confirm-text" onKeyDown={(e) => { if (e.key === 'Escape') onCancel(); }}>
      <p id="confirm-text">{t('removeConfirm', label)}</p>
      <button type="button" class="danger" id="confirm-remove" ref={yes} onClick={onConfirm}>{t('removeYes')}</button>
      <button type="button" onClick={onCancel}>{t('cancel')}</button>
    </div>
  );
}
