import type { JSX } from 'preact';
import { useContext, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { DetailsExtrasContext } from '../details-extras.ts';
import type { IdentityView, ListPrefs, ListSourceView, ResponseOf } from '../../shared/protocol.ts';
import { sourceFallbackName, sourceOf, splitSourceSection } from '../../shared/list-order.ts';
import type { CliFormat } from '../state.ts';
import { lastCopyFormat, rememberCopyFormat } from '../copy-format.ts';
import { t, tn } from '../../ui/i18n.ts';
import { errorText } from '../errors.ts';
import { accountOf, ITEM_HEIGHT, listRows, rowOffsets, searchIndex, visibleRange, type Row } from '../match.ts';
import { IdentityItem } from './IdentityItem.tsx';
import { useFocusOnMount } from '../../ui/use-focus.ts';
import { lazy } from '../../ui/lazy.ts';

/** The selection's details follow the list by a frame anyway: their code loads after the first paint. */
export const IdentityDetails = lazy(() => import('./IdentityDetails.tsx').then((m) => m.IdentityDetails));
/** The active identity's line: its own chunk (only some users have one); its slot is kept so nothing moves when it lands. */
const ActiveSession = lazy(() => import('./ActiveSession.tsx').then((m) => m.ActiveSession));
/** No identities yet (a new vault): its own chunk, off every other open's first paint. */
const EmptyList = lazy(() => import('./EmptyList.tsx').then((m) => m.EmptyList));
/** Pin and alias, under the details: in their chunk (one load for both). */
const Arrange = lazy(() => import('./IdentityDetails.tsx').then((m) => m.Arrange));

/** localStorage: the active identity whose line the user hid. */
const ACTIVE_HIDDEN_KEY = 'activeHidden';
/** The list's visible height (px, as in popup.css): the rows rendered are those in view plus a few. */
const VIEWPORT = 300;
/** Ranking bonus in search for favorites and recently used identities (a substring match scores ~1000). */
const FAVORITE_BOOST = 40;
const RECENT_BOOST = 20;
/** How long typing must pause before the details panel shows the selection (ms). */
const TYPING_PAUSE = 150;

interface Props {
  /** In display order; possibly only the first rows (`complete` false). */
  identities: IdentityView[];
  complete: boolean;
  prefs: ListPrefs;
  activeId: string | null;
  corruptCount: number;
  /** The federated sources (headings over their identities) and SAML credentials' ends, as the list came. */
  sources: readonly ListSourceView[];
  sessionEnds: Readonly<Record<string, number>>;
  onOpen(id: string, newTab: boolean): Promise<unknown>;
  onTest(id: string): Promise<{ account: string; arn: string }>;
  onRemove(id: string): Promise<void>;
  onActivate(id: string): Promise<void>;
  onResolve(id: string, interactive?: boolean): Promise<ResponseOf<'session.resolve'>>;
  onCopy(id: string, format: CliFormat): Promise<unknown>;
  onFavorite(id: string, favorite: boolean): Promise<void>;
  onAlias(account: string, alias: string): Promise<void>;
  /** Selected when the list appears (e.g. the identity just edited). */
  initialSelectedId?: string | undefined;
  /** The empty list's ways forward: the import screen, the + User form. */
  onShow(screen: 'import' | 'addUser'): void;
}

/** A section's heading: the account's alias, else the name Identity Center gives it (from the section's first row), and its id. */
function headText(row: Extract<Row, { kind: 'head' }>, aliases: Record<string, string>, first: Row | undefined): string {
  if (row.key === 'fav') return t('sectionFavorites');
  if (row.key === 'recent') return t('sectionRecent');
  const account = row.key.startsWith('src:') ? splitSourceSection(row.key as `src:${string}`).account : row.key.slice(5);
  if (account === '') return t('accountUnknown');
  const name = aliases[account] ?? (first?.kind === 'item' && first.view.kind === 'sso' ? first.view.accountName : undefined);
  return name ? `${name} · ${account}` : account;
}

/** A federated source's name as the list heads it: "Identity Center · my-org", "SAML · Okta", "Web identity · issuer". */
function sourceName(key: string, source: ListSourceView | undefined): string {
  const name = source?.name ?? sourceFallbackName(key);
  if (key.startsWith('sso:')) return t('sourceSso', name);
  if (key.startsWith('saml:')) return t('sourceSaml', name);
  return name === '' ? t('sourceWebUnknown') : t('sourceWeb', name);
}

/** A federated source's heading: its name, and for Identity Center whether its sign-in holds (until when, when it cannot renew). */
function SourceHead({ sourceKey, source }: { sourceKey: string; source: ListSourceView | undefined }) {
  const state = source?.signedIn === undefined ? undefined
    : !source.signedIn || (source.expiresAt !== undefined && source.expiresAt <= Date.now()) ? { text: t('sourceSignInNeeded'), ended: true }
    : source.expiresAt !== undefined ? { text: t('sourceSignedInUntil', new Date(source.expiresAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })), ended: false }
    : { text: t('sourceSignedIn'), ended: false };
  return (
    <>
      <span class="source-name">{sourceName(sourceKey, source)}</span>
      {state && <span class={`source-state${state.ended ? ' ended' : ''}`}>{state.text}</span>}
    </>
  );
}

/**
 * The unlocked list: a search box that keeps focus (type at once), then the identities in sections
 * (favorites, recent, each account) in a listbox; arrows move the selection, Enter opens the console,
 * Shift+Enter in a new tab, Alt+C copies CLI credentials in the last used format, Alt+F pins or unpins.
 * Only the rows in view are in the DOM (fixed row heights), so thousands of roles cost what ten do.
 * The active identity, with its session's countdown, sits on top.
 */
export function IdentityList(props: Props) {
  const { identities, complete, prefs, activeId, corruptCount, sources, sessionEnds, onOpen, onTest, onRemove, onActivate, onResolve, onCopy, initialSelectedId } = props;
  const sourceByKey = useMemo(() => new Map(sources.map((s) => [s.key, s])), [sources]);
  const searchInput = useFocusOnMount<HTMLInputElement>();
  const listEl = useRef<HTMLUListElement>(null);
  const [query, setQuery] = useState('');
  const [selectedId, setSelectedId] = useState<string | null>(initialSelectedId ?? null);
  const [scrollTop, setScrollTop] = useState(0);
  const [openError, setOpenError] = useState<string | null>(null);
  const [copyStatus, setCopyStatus] = useState<{ kind: 'busy' | 'ok' | 'error'; text: string } | null>(null);
  const [format, setFormat] = useState<CliFormat>(lastCopyFormat);

  const search = useMemo(() => {
    const fav = new Set(prefs.favorites);
    const recent = new Set(prefs.recent);
    return searchIndex(identities, (v) => (fav.has(v.id) ? FAVORITE_BOOST : recent.has(v.id) ? RECENT_BOOST : 0), prefs.aliases);
  }, [identities, prefs]);
  // the whole list once per list and prefs (a search erased returns to it without recomputing it)
  const all = useMemo(() => listRows(identities, prefs, '', search), [identities, prefs, search]);
  const { rows, items } = useMemo(() => (query.trim() === '' ? all : listRows(identities, prefs, query, search)), [all, identities, prefs, query, search]);
  const { tops, height } = useMemo(() => rowOffsets(rows), [rows]);
  // While the user has not typed yet, run a search once in idle time: the first keystroke then finds
  // the search and row code compiled instead of interpreted (a cold first keystroke costs several ms).
  useEffect(() => {
    const idle = (globalThis as { requestIdleCallback?: (cb: () => void) => number }).requestIdleCallback ?? ((cb: () => void) => window.setTimeout(cb, 50));
    const handle = idle(() => { for (const q of ['a', 'e1', '0']) rowOffsets(listRows(identities, prefs, q, search).rows); });
    return () => { (globalThis as { cancelIdleCallback?: (h: number) => void }).cancelIdleCallback?.(handle); clearTimeout(handle); };
  }, [search]);
  const selectedIndex = Math.max(0, selectedId === null ? 0 : items.findIndex((v) => v.id === selectedId));
  const selected = items[selectedIndex];
  const [start, end] = visibleRange(tops, height, scrollTop, VIEWPORT, 4);

  // The details panel follows the selection one frame later (arrows, clicks): the list repaints first.
  // While the user types it waits for a pause (TYPING_PAUSE): drawing the first match's details after
  // every keystroke put their rendering in the way of the next keystroke.
  const [detailsId, setDetailsId] = useState<string | undefined>(selected?.id);
  const typedAt = useRef(0);
  useEffect(() => {
    if (selected?.id === detailsId) return;
    let timer = 0;
    let frame = 0;
    const show = () => setDetailsId(selected?.id);
    if (performance.now() - typedAt.current < TYPING_PAUSE) timer = window.setTimeout(show, TYPING_PAUSE);
    else frame = requestAnimationFrame(() => { timer = window.setTimeout(show); });
    return () => { cancelAnimationFrame(frame); clearTimeout(timer); };
  }, [selected?.id, detailsId]);
  const details = detailsId === selected?.id ? selected : undefined;

  const rowIndexOf = (view: IdentityView) => {
    for (let i = 0; i < rows.length; i++) { const r = rows[i]!; if (r.kind === 'item' && r.view === view) return i; }
    return -1;
  };

  // the selected identity's row, once per render (the listbox points at it only while it is drawn)
  const selectedRow = selected ? rowIndexOf(selected) : -1;

  // A new query starts at the top of the list; the first render shows the identity asked for (just edited).
  const mounted = useRef(false);
  useLayoutEffect(() => {
    let top = 0;
    // (on mount the selection is the identity asked for, when it exists)
    if (!mounted.current && initialSelectedId !== undefined && selected?.id === initialSelectedId && selectedRow >= 0) {
      top = Math.max(0, tops[selectedRow]! - (VIEWPORT - ITEM_HEIGHT) / 2);
    }
    mounted.current = true;
    // compared with the state, not read from the DOM: reading scrollTop would force a layout per keystroke
    if (top === scrollTop) return;
    if (listEl.current) listEl.current.scrollTop = top;
    setScrollTop(top);
  }, [query]);

  const move = (delta: number) => {
    if (items.length === 0) return;
    const next = items[Math.min(items.length - 1, Math.max(0, selectedIndex + delta))]!;
    setSelectedId(next.id);
    // scroll so the row is in view (it may not be rendered yet): its headings too when it is the first
    const el = listEl.current;
    const i = rowIndexOf(next);
    if (!el || i < 0) return;
    let first = i;
    while (first > 0 && rows[first - 1]!.kind !== 'item') first--;
    const top = tops[first]!;
    const bottom = tops[i]! + ITEM_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (bottom > el.scrollTop + el.clientHeight) el.scrollTop = bottom - el.clientHeight;
    setScrollTop(el.scrollTop);
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

  const toggleFavorite = (view: IdentityView) => {
    const favorite = !prefs.favorites.includes(view.id);
    props.onFavorite(view.id, favorite).then(
      () => setCopyStatus({ kind: 'ok', text: t(favorite ? 'favoriteAdded' : 'favoriteRemoved', view.label) }),
      (e: unknown) => setCopyStatus({ kind: 'error', text: errorText(e) }),
    );
  };

  const removeAndRefocus = async (id: string) => {
    await onRemove(id);
    searchInput.current?.focus();
  };

  const extras = useContext(DetailsExtrasContext);
  const active = activeId ? identities.find((v) => v.id === activeId) : undefined;
  // the active identity's line, hidden by its × until another identity is made active (localStorage: an id, not secret)
  const [hiddenActive, setHiddenActive] = useState(() => { try { return localStorage.getItem(ACTIVE_HIDDEN_KEY); } catch { return null; } });
  const hideActive = (id: string) => {
    try { localStorage.setItem(ACTIVE_HIDDEN_KEY, id); } catch { /* refused: hidden for this open only */ }
    setHiddenActive(id);
    searchInput.current?.focus();
  };

  // Alt+E with focus anywhere on the list screen (the search box, a button of the details) edits the selection.
  const onScreenKeyDown = (e: KeyboardEvent) => {
    if (e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey && (e.code === 'KeyE' || e.key.toLowerCase() === 'e') && extras && selected && selected.kind !== 'unknown') {
      e.preventDefault();
      extras.onEdit(selected.id);
    }
  };
  const usable = selected && selected.kind !== 'unknown';

  const onKeyDown = (e: KeyboardEvent) => {
    const alt = e.altKey && !e.ctrlKey && !e.metaKey;
    if (e.key === 'ArrowDown') { e.preventDefault(); move(1); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); move(-1); }
    else if (e.key === 'PageDown') { e.preventDefault(); move(10); }
    else if (e.key === 'PageUp') { e.preventDefault(); move(-10); }
    else if (e.key === 'Home' && e.ctrlKey) { e.preventDefault(); move(-items.length); }
    else if (e.key === 'End' && e.ctrlKey) { e.preventDefault(); move(items.length); }
    else if (e.key === 'Enter' && usable) { e.preventDefault(); open(selected.id, e.shiftKey); }
    else if (alt && (e.code === 'KeyC' || e.key.toLowerCase() === 'c') && usable) { e.preventDefault(); copySelected(selected.id); }
    else if (alt && (e.code === 'KeyF' || e.key.toLowerCase() === 'f') && selected) { e.preventDefault(); toggleFavorite(selected); }
    else if (e.key === 'Escape' && query !== '') { e.preventDefault(); setQuery(''); }
  };

  if (identities.length === 0) return <EmptyList onShow={props.onShow} />;

  const shown: JSX.Element[] = [];
  // Keyed by slot among the rows of the same kind, not by identity: a keystroke then updates the rendered
  // rows in place (the option's id, text and attributes follow the identity) instead of removing and
  // creating them, and a heading never takes over an option's element or the reverse.
  let heads = 0;
  let options = 0;
  for (let i = start; i < end; i++) {
    const r = rows[i]!;
    if (r.kind === 'head') {
      shown.push(<li key={`h${heads++}`} role="presentation" aria-hidden="true" class="group-head">{headText(r, prefs.aliases, rows[i + 1])}</li>);
    } else if (r.kind === 'source') {
      shown.push(<li key={`h${heads++}`} role="presentation" aria-hidden="true" class="source-head" data-source={r.key}><SourceHead sourceKey={r.key} source={sourceByKey.get(r.key)} /></li>);
    } else {
      const v = r.view;
      const source = sourceOf(v);
      shown.push(
        <IdentityItem key={`i${options++}`} view={v} selected={v === selected} active={v.id === activeId}
          favorite={prefs.favorites.includes(v.id)} account={accountOf(v)} alias={prefs.aliases[accountOf(v) ?? '']}
          position={r.index + 1} setSize={complete ? items.length : undefined}
          source={source === undefined ? undefined : sourceName(source, sourceByKey.get(source))}
          endsAt={v.kind === 'saml' ? sessionEnds[v.id] : v.kind === 'web-identity' ? v.tokenExpiresAt : undefined}
          onSelect={setSelectedId} onOpen={open} />,
      );
    }
  }

  return (
    <div class="list-screen" onKeyDown={onScreenKeyDown}>
      {active && hiddenActive !== active.id && (
        <div class="active-slot"><ActiveSession key={active.id} view={active} onResolve={onResolve} onDismiss={() => hideActive(active.id)} /></div>
      )}
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
        aria-activedescendant={selected && selectedRow >= start && selectedRow < end ? `opt-${selected.id}` : undefined}
        aria-keyshortcuts="Alt+C Alt+F Alt+E"
        placeholder={t('searchPlaceholder')}
        ref={searchInput}
        autoComplete="off"
        spellcheck={false}
        value={query}
        onInput={(e) => { typedAt.current = performance.now(); setQuery(e.currentTarget.value); setSelectedId(null); setCopyStatus(null); }}
        onKeyDown={onKeyDown}
      />
      <p class="sr-only" aria-live="polite" id="result-count">{tn('searchResults', items.length, String(items.length))}</p>
      {corruptCount > 0 && <p class="error">{tn('listCorrupt', corruptCount, String(corruptCount))}</p>}
      {/* not a Tab stop (a scrolling box is one by default): the search box drives the list with the arrows */}
      <ul id="identities" role="listbox" aria-label={t('listLabel')} class="identities" ref={listEl} tabIndex={-1}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
        {start > 0 && <li key="above" role="presentation" aria-hidden="true" class="spacer" style={{ height: `${tops[start]}px` }} />}
        {shown}
        {end < rows.length && <li key="below" role="presentation" aria-hidden="true" class="spacer" style={{ height: `${height - tops[end]!}px` }} />}
      </ul>
      {!complete && <p class="hint" id="loading-more">{t('listLoadingMore')}</p>}
      {items.length === 0 && <p class="empty" id="no-match">{t('searchNoMatch', query)}</p>}
      {openError && <p class="error" role="alert" id="open-error">{openError}</p>}
      <p id="copy-status" class={copyStatus?.kind === 'error' ? 'error' : 'hint'} aria-live="polite">{copyStatus?.text ?? ''}</p>
      {details && (
        <IdentityDetails key={details.id} view={details} active={details.id === activeId} onOpen={onOpen} onTest={onTest} onRemove={removeAndRefocus}
          onActivate={onActivate} onCopy={onCopy} format={format} onFormatChange={chooseFormat} />
      )}
      {details && (
        <Arrange key={`a:${details.id}`} view={details} favorite={prefs.favorites.includes(details.id)} aliases={prefs.aliases}
          onFavorite={() => toggleFavorite(details)} onAlias={props.onAlias} />
      )}
    </div>
  );
}

