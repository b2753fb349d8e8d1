import { useState } from 'preact/hooks';
import type { IdentityView } from '../../shared/protocol.ts';
import { t } from '../../ui/i18n.ts';
import { errorText } from '../errors.ts';
import { accountOf } from '../match.ts';
import { useFocusOnMount } from '../../ui/use-focus.ts';

/** The alias input, focused when the form opens. */
function AliasInput({ value, onInput }: { value: string; onInput(v: string): void }) {
  const ref = useFocusOnMount<HTMLInputElement>();
  return <input id="alias-input" type="text" maxLength={64} value={value} autoComplete="off" spellcheck={false} ref={ref}
    placeholder={t('aliasPlaceholder')} onInput={(e) => onInput(e.currentTarget.value)} />;
}

interface Props {
  view: IdentityView;
  favorite: boolean;
  aliases: Record<string, string>;
  onFavorite(): void;
  onAlias(account: string, alias: string): Promise<void>;
}

/**
 * The selected identity's place in the list: pin it as a favorite, and name its account (the alias is
 * shown over the account's section and found by search). Keyed by identity id.
 */
export function Arrange({ view, favorite, aliases, onFavorite, onAlias }: Props) {
  const account = accountOf(view);
  const [editing, setEditing] = useState(false);
  const [alias, setAlias] = useState(account ? aliases[account] ?? '' : '');
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);

  const save = (e: Event) => {
    e.preventDefault();
    if (!account) return;
    onAlias(account, alias).then(
      () => { setEditing(false); setStatus({ error: false, text: alias.trim() ? t('aliasSaved', account) : t('aliasRemoved', account) }); },
      (err: unknown) => setStatus({ error: true, text: errorText(err) }),
    );
  };

  return (
    <section class="arrange" aria-label={t('arrangeLabel', view.label)}>
      <div class="actions">
        <button type="button" id="favorite-toggle" aria-pressed={favorite} aria-keyshortcuts="Alt+F" onClick={onFavorite}>
          {favorite ? t('favoriteRemove') : t('favoriteAdd')}
        </button>
        {account && !editing && (
          <button type="button" id="alias-edit" onClick={() => { setEditing(true); setStatus(null); }}>
            {aliases[account] ? t('aliasRename', account) : t('aliasName', account)}
          </button>
        )}
      </div>
      {account && editing && (
        <form id="alias-form" class="alias-form" noValidate onSubmit={save}
          onKeyDown={(e) => { if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); setEditing(false); } }}>
          <label for="alias-input">{t('aliasInputLabel', account)}</label>
          <AliasInput value={alias} onInput={setAlias} />
          <button type="submit">{t('aliasSave')}</button>
          <button type="button" onClick={() => setEditing(false)}>{t('cancel')}</button>
        </form>
      )}
      <p id="arrange-status" class={status?.error ? 'error' : 'hint'} aria-live="polite">{status?.text ?? ''}</p>
    </section>
  );
}
