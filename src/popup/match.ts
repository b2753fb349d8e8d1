/**
 * Pure helpers for the identity list: account and role name of a view, fuzzy search, grouping.
 * No browser APIs here, so they are unit-tested in Node.
 * @module
 */
import { accountOf, homeSection, roleNameOf, sections, splitSourceSection, type ListPrefs, type SectionKey } from '../shared/list-order.ts';
import type { IdentityView } from '../shared/protocol.ts';

export { accountOf, roleNameOf };

function isWordStart(s: string, i: number): boolean {
  if (i === 0) return true;
  const c = s.charCodeAt(i - 1);
  // not a letter or digit: a separator precedes
  return !((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90));
}

/**
 * Scores `query` (lower case) as a subsequence of `text` (lower case): higher is better, -1 when it
 * does not match. A substring beats a scattered match; consecutive characters and word starts score more.
 * @example fuzzyScore('adm', 'prod-admin') > fuzzyScore('adm', 'a-d-m')
 */
export function fuzzyScore(q: string, s: string): number {
  if (q === '') return 0;
  const exact = s.indexOf(q);
  if (exact >= 0) return 1000 - exact + (isWordStart(s, exact) ? 100 : 0);
  let score = 0;
  let run = 0;
  let j = 0;
  for (let i = 0; i < s.length && j < q.length; i++) {
    if (s.charCodeAt(i) === q.charCodeAt(j)) {
      run++;
      score += run * 2 + (isWordStart(s, i) ? 3 : 0);
      j++;
    } else {
      run = 0;
    }
  }
  return j === q.length ? score : -1;
}

/**
 * The text searched for an identity (lower case): label, account id, account alias and role name (a
 * console role's account as it names it, id or AWS account alias, and its display name too).
 */
export function searchText(view: IdentityView, aliases: Readonly<Record<string, string>> = {}): string {
  const account = accountOf(view) ?? '';
  const own = view.kind === 'console-role' ? [account === '' ? view.account : '', view.displayName ?? ''] : [];
  return [view.label, account, aliases[account] ?? '', roleNameOf(view) ?? '', ...own].join(' ').toLowerCase();
}

/**
 * Prepares `views` for repeated searches (the search texts are computed once), and returns the search:
 * identities matching the query, best first (all of them, in their order, for an empty query).
 */
export function searchIndex(views: readonly IdentityView[], boost?: (view: IdentityView) => number, aliases?: Readonly<Record<string, string>>): (query: string) => IdentityView[] {
  const texts = views.map((v) => searchText(v, aliases));
  const boosts = boost ? views.map(boost) : undefined;
  return (query) => {
    const q = query.trim().toLowerCase();
    if (q === '') return [...views];
    const idx: number[] = [];
    const scores = new Float64Array(views.length);
    for (let i = 0; i < views.length; i++) {
      const score = fuzzyScore(q, texts[i]!);
      if (score >= 0) { scores[i] = score + (boosts?.[i] ?? 0); idx.push(i); }
    }
    idx.sort((a, b) => scores[b]! - scores[a]! || a - b);
    return idx.map((i) => views[i]!);
  };
}

/** One-off search (see {@link searchIndex}). */
export function filterIdentities(views: readonly IdentityView[], query: string): IdentityView[] {
  return searchIndex(views)(query);
}

export interface Group {
  /** The account id, or '' for identities whose account is not known yet. */
  account: string;
  items: IdentityView[];
}

/** Groups by account, keeping the order in which each account first appears. */
export function groupByAccount(views: readonly IdentityView[]): Group[] {
  const groups = new Map<string, Group>();
  for (const view of views) {
    const account = accountOf(view) ?? '';
    let g = groups.get(account);
    if (!g) groups.set(account, (g = { account, items: [] }));
    g.items.push(view);
  }
  return [...groups.values()];
}

/** The one colour form the popup puts into CSS (as core/vault/identity.ts `COLOR_PATTERN` accepts on entry). */
const SAFE_COLOR = /^#[0-9a-fA-F]{6}$/;

/**
 * The identity's colour if it is `#rrggbb`, else a stable hue from its id. A stored colour is never put
 * into CSS unchecked: `url(…)` there would make the popup load an outside address on every open.
 */
export function chipColor(view: IdentityView): string {
  if (typeof view.color === 'string' && SAFE_COLOR.test(view.color)) return view.color;
  let h = 0;
  for (const c of view.id) h = (h * 31 + c.charCodeAt(0)) % 360;
  return `hsl(${h} 60% 50%)`;
}

/**
 * A row of the list: a federated source's heading (`key` as list-order.ts `sourceOf` names it), a section
 * heading, or an identity (`index`: its place among the identities).
 */
export type Row = { kind: 'source'; key: string } | { kind: 'head'; key: SectionKey; count: number } | { kind: 'item'; view: IdentityView; index: number };

/**
 * The rows shown: with an empty query, `views` as they come (the background's display order) with a
 * heading over each section (favorites, recent, each account, each federated source's accounts under the
 * source's own heading); with a query, the matches best first, favorites and recent ones ahead of equal
 * matches, grouped by account (federated ones by source, then account) in order of their best match.
 */
export function listRows(views: readonly IdentityView[], prefs: ListPrefs, query: string, search: (q: string) => IdentityView[]): { rows: Row[]; items: IdentityView[] } {
  const rows: Row[] = [];
  const items: IdentityView[] = [];
  let head: Extract<Row, { kind: 'head' }> | undefined;
  let source: string | undefined;
  const push = (view: IdentityView, key: SectionKey) => {
    if (!head || head.key !== key) {
      // a federated section sits under its source's heading (once for the source's sections in a row)
      const src = key.startsWith('src:') ? splitSourceSection(key as `src:${string}`).source : undefined;
      if (src !== undefined && src !== source) rows.push({ kind: 'source', key: src });
      source = src;
      rows.push((head = { kind: 'head', key, count: 0 }));
    }
    head.count++;
    rows.push({ kind: 'item', view, index: items.length });
    items.push(view);
  };
  if (query.trim() === '') {
    const ids = new Set(views.map((v) => v.id));
    const s = sections(prefs, (id) => ids.has(id));
    for (const view of views) push(view, s.of(view));
  } else {
    // sections in order of their best match; a source's sections together, at its best match
    const groups = new Map<string, Map<SectionKey, IdentityView[]>>();
    for (const view of search(query)) {
      const key = homeSection(view);
      const top = key.startsWith('src:') ? splitSourceSection(key as `src:${string}`).source : key;
      let g = groups.get(top);
      if (!g) groups.set(top, (g = new Map()));
      let section = g.get(key);
      if (!section) g.set(key, (section = []));
      section.push(view);
    }
    for (const g of groups.values()) for (const [key, section] of g) for (const view of section) push(view, key);
  }
  return { rows, items };
}

/** Fixed row heights (px) the virtual list relies on; popup.css sets the same. */
export const ITEM_HEIGHT = 28;
export const HEAD_HEIGHT = 20;
export const SOURCE_HEIGHT = 22;

/** Top offset of every row, and the total height. */
export function rowOffsets(rows: readonly Row[]): { tops: Int32Array; height: number } {
  const tops = new Int32Array(rows.length);
  let y = 0;
  for (let i = 0; i < rows.length; i++) {
    tops[i] = y;
    const kind = rows[i]!.kind;
    y += kind === 'item' ? ITEM_HEIGHT : kind === 'head' ? HEAD_HEIGHT : SOURCE_HEIGHT;
  }
  return { tops, height: y };
}

/** The rows to render for a viewport: [start, end), with `overscan` rows either side. */
export function visibleRange(tops: Int32Array, height: number, scrollTop: number, viewport: number, overscan = 6): [number, number] {
  const n = tops.length;
  if (n === 0) return [0, 0];
  const top = Math.max(0, Math.min(scrollTop, height));
  // the last row starting at or above `top`
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (tops[mid]! <= top) lo = mid; else hi = mid - 1;
  }
  let end = lo;
  while (end < n && tops[end]! < top + viewport) end++;
  return [Math.max(0, lo - overscan), Math.min(n, end + overscan)];
}
