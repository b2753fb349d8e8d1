import { t } from '../../ui/i18n.ts';
import { useFocusOnMount } from '../../ui/use-focus.ts';

/** No identities yet: how to get some, with the first way focused (a new vault lands here). */
export function EmptyList({ onShow }: { onShow(screen: 'import' | 'addUser'): void }) {
  const first = useFocusOnMount<HTMLButtonElement>();
  return (
    <div class="empty" id="empty-list">
      <p>{t('listEmpty')}</p>
      <button type="button" id="empty-import" ref={first} onClick={() => onShow('import')}>{t('listEmptyImport')}</button>{' '}
      <button type="button" id="empty-add-user" onClick={() => onShow('addUser')}>{t('addUserNav')}</button>
    </div>
  );
}
