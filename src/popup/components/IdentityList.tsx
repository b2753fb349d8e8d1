import { useMemo, useState } from 'preact/hooks';
import type { IdentityView, ResponseOf } from '../../shared/protocol.ts';
import type { CliFormat } from '../state.ts';
import { lastCopyFormat, rememberCopyFormat } from '../copy-format.ts';
import { ActiveSession } from './ActiveSession.tsx';
import { t } from '../i18n.ts';
import { errorText } from '../errors.ts';
import { groupByAccount, searchIndex } from '../match.ts';
import { IdentityDetails } from './IdentityDetails.tsx';
import { IdentityItem } from './IdentityItem.tsx';
import { useFocusOnMount } from '../use-focus.ts';

/** Rows rendered at once (about four screens of the popup); arrows extend it, typing narrows the list. */
const ROW_LIMIT = 50;

interface Props {
  identities: IdentityView[];
  activeId: string | null;
  corruptCount: number;
  onOpen(id: string, newTab: boolean): Promise<unknown>;
  onTest(id: string): Promise<{ account: string; arn: string }>;
  onRemove(id: string): Promise<void>;
  onActivate(id: string): Promise<void>;
  onResolve(id: string, interactive?: boolean): Promise<ResponseOf<'session.resolve'>>;
  onCopy(id: string, format: CliFormat): Promise<unknown>;
  /** Selected when the list appears (e.g. the identity just edited). */
  initialSelectedId?: string | undefined;
}

/**
 * The unlocked list: a search box that keeps focus (type at once), identities grouped by account in a
 * listbox; arrows move the selection, Enter opens the console, Shift+Enter in a new tab, Alt+C copies CLI
 * credentials in the last used format. The active identity, with its session's countdown, sits on top.
 */
export function IdentityList({ identities, activeId, corruptCount, onOpen, onTest, onRemove, onActivate, onResolve, onCopy, initialSelectedId }: Props) {
  const searchInput = useFocusOnMount<HTMLInputElement>();
  const [query, setQuery] = useState('');
  const [selectedId, setSelectedId] = useState<string | null>(initialSelectedId ?? null);
  const [openError, setOpenError] = useState<string | null>(null);
  const [copyStatus, setCopyStatus] = useState<{ kind: 'busy' | 'ok' | 'error'; text: string } | null>(null);
  const [format, setFormat] = useState<CliFormat>(lastCopyFormat);
  const search = useMemo(() => searchIndex(identities), [identities]);
  const matches = useMemo(() => groupByAccount(search(query)).flatMap((g) => g.items), [search, query]);
  const selectedIndex = Math.max(0, matches.findIndex((v) => v.id === selectedId));
  const selected = matches[selectedIndex];
  // Render only the top of a long list (thousands of roles): typing narrows it, arrows extend it.
  const shown = Math.min(matches.length, Math.max(ROW_LIMIT, selectedIndex + ROW_LIMIT / 2));
  const groups = useMemo(() => groupByAccount(matches.slice(0, shown)), [matches, shown]);

  const move = (delta: number) => {
    if (matches.length === 0) return;
    const next = matches[Math.min(matches.length - 1, Math.max(0, selectedIndex + delta))]!;
    setSelectedId(next.id);
    document.getElementById(`opt-${next.id}`)?.scrollIntoView({ block: 'nearest' });
  };

  const open = (id: string, newTab: boolean) => {
    setOpenError(null);
    onOpen(id, newTab).catch((e: unknown) => setOpenError(errorText(e)));
  };

  const chooseFormat = (f: CliFormat) => {
    setFormat(f);
    rememberCopyFormat(f);
  };

  const copySelected = (id: string) => {
    setCopyStatus({ kind: 'busy', text: t('copyBusy') });
    onCopy(id, format).then(
      () => setCopyStatus({ kind: 'ok', text: t('copyDone') }),
      (e: unknown) => setCopyStatus({ kind: 'error', text: errorText(e) }),
    );
  };

  const removeAndRefocus = async (id: string) => {
    await onRemove(id);
    searchInput.current?.focus();
  };

  const active = activeId ? identities.find((v) => v.id === activeId) : undefined;

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') { e.preventDefault(); move(1); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); move(-1); }
    else if (e.key === 'Home' && e.ctrlKey) { e.preventDefault(); move(-matches.length); }
    else if (e.key === 'End' && e.ctrlKey) { e.preventDefault(); move(matches.length); }
    else if (e.key === 'Enter' && selected && selected.kind !== 'unknown') { e.preventDefault(); open(selected.id, e.shiftKey); }
    else if (e.altKey && !e.ctrlKey && !e.metaKey && (e.code === 'KeyC' || e.key.toLowerCase() === 'c') && selected && selected.kind !== 'unknown') {
      e.preventDefault(); copySelected(selected.id);
    }
    else if (e.key === 'Escape' && query !== '') { e.preventDefault(); setQuery(''); }
  };

  if (identities.length === 0) {
    return <p class="empty" id="empty-list">{t('listEmpty')}</p>;
  }

  return (
    <div class="list-screen">
      {active && <ActiveSession key={active.id} view={active} onResolve={onResolve} />}
      <input
        id="search"
        type="search"
        class="search"
        role="combobox"
        list={undefined}
        aria-label={t('searchLabel')}
        aria-controls="identities"
        aria-expanded="true"
        aria-autocomplete="list"
        aria-activedescendant={selected ? `opt-${selected.id}` : undefined}
        placeholder={t('searchPlaceholder')}
        ref={searchInput}
        autoComplete="off"
        spellcheck={false}
        value={query}
        onInput={(e) => { setQuery(e.currentTarget.value); setSelectedId(null); setCopyStatus(null); }}
        onKeyDown={onKeyDown}
      />
      <p class="sr-only" aria-live="polite" id="result-count">{t('searchResults', String(matches.length))}</p>
      {corruptCount > 0 && <p class="error">{t('listCorrupt', String(corruptCount))}</p>}
      <ul id="identities" role="listbox" aria-label={t('listLabel')} class="identities">
        {groups.map((g) => (
          <li role="presentation" key={g.account} class="group">
            <div class="group-head" role="presentation" aria-hidden="true">{g.account === '' ? t('accountUnknown') : g.account}</div>
            <ul role="group" aria-label={g.account === '' ? t('accountUnknown') : t('accountLabel', g.account)}>
              {g.items.map((v) => (
                <IdentityItem key={v.id} view={v} selected={v === selected} active={v.id === activeId}
                  onSelect={setSelectedId} onOpen={open} />
              ))}
            </ul>
          </li>
        ))}
      </ul>
      {shown < matches.length && <p class="hint" id="more">{t('listMore', String(matches.length - shown))}</p>}
      {matches.length === 0 && <p class="empty" id="no-match">{t('searchNoMatch', query)}</p>}
      {openError && <p class="error" role="alert" id="open-error">{openError}</p>}
      <p id="copy-status" class={copyStatus?.kind === 'error' ? 'error' : 'hint'} aria-live="polite">{copyStatus?.text ?? ''}</p>
      {selected && (
        <IdentityDetails key={selected.id} view={selected} active={selected.id === activeId} onOpen={onOpen} onTest={onTest} onRemove={removeAndRefocus}
          onActivate={onActivate} onCopy={onCopy} format={format} onFormatChange={chooseFormat} />
      )}
    </div>
  );
}
