/**
 * The popup list's display order (list-order.ts says what it is), computed by the background, which sends
 * the first rows alone so the popup paints before the whole list has crossed. Apart from list-order.ts so
 * that the popup's first paint does not load it (the popup only puts headings over the sorted rows).
 * Pure: no browser API, unit-tested in Node.
 * @module
 */
import type { IdentityView } from '../core/vault/identity.ts';
import { accountOf, RECENT_SHOWN, sections, sourceFallbackName, splitSourceSection, type ListPrefs, type SectionKey } from './list-order.ts';

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/**
 * Sorts views into the list's order (see the module comment). The order is a total order, so the first
 * N views of the result are exactly the first N rows the popup shows. Views sorted by label already
 * (the background keeps them so) are ordered with integer keys only: a stable sort keeps their label order
 * inside each section, and the ~hundreds of account names are compared once, not per pair of identities.
 * @example listOrder(views, { favorites: [b.id], recent: [], aliases: {} })[0] === b
 */
export function listOrder(views: readonly IdentityView[], prefs: ListPrefs, opts: { sortedByLabel?: boolean; sourceNames?: Readonly<Record<string, string>> } = {}): IdentityView[] {
  const input = opts.sortedByLabel ? views : [...views].sort((a, b) => collator.compare(a.label, b.label) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ids = new Set(input.map((v) => v.id));
  const s = sections(prefs, (id) => ids.has(id));
  const keys = input.map((view) => s.of(view));
  const ranks = new Map<SectionKey, number>(sectionOrder(keys, input, prefs, opts.sourceNames ?? {}).map((k, i) => [k, i]));
  const rank = (k: SectionKey, id: string): number =>
    k === 'fav' ? -RECENT_SHOWN - 1 : k === 'recent' ? -RECENT_SHOWN + s.recentRank(id)! : ranks.get(k)!;
  const order = input.map((view, i) => ({ view, r: rank(keys[i]!, view.id) }));
  order.sort((a, b) => a.r - b.r); // stable: label order within a section
  return order.map((o) => o.view);
}

const SOURCE_KINDS = ['sso:', 'saml:', 'web:'];

/**
 * The account and source sections in display order: accounts by name (alias, else id); then federated
 * sections by kind of source, source name, account name (alias, else the name Identity Center gives it,
 * else id); the unknown account (`acct:`) last. Each name is compared once per section, not per identity.
 */
function sectionOrder(keys: readonly SectionKey[], views: readonly IdentityView[], prefs: ListPrefs, sourceNames: Readonly<Record<string, string>>): SectionKey[] {
  const accountName = new Map<SectionKey, string>();
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (k === 'fav' || k === 'recent' || k === 'acct:' || accountName.has(k)) continue;
    const v = views[i]!;
    const account = accountOf(v) ?? '';
    accountName.set(k, prefs.aliases[account] ?? (v.kind === 'sso' ? v.accountName : undefined) ?? account);
  }
  const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const plain = [...accountName.keys()].filter((k) => k.startsWith('acct:'));
  plain.sort((a, b) => collator.compare(accountName.get(a)!, accountName.get(b)!) || byId(a, b));
  const federated = [...accountName.keys()].filter((k): k is `src:${string}` => k.startsWith('src:')).map((k) => {
    const { source } = splitSourceSection(k);
    return { k, kind: SOURCE_KINDS.findIndex((p) => source.startsWith(p)), source, name: sourceNames[source] ?? sourceFallbackName(source) };
  });
  federated.sort((a, b) => a.kind - b.kind || collator.compare(a.name, b.name) || byId(a.source, b.source)
    || collator.compare(accountName.get(a.k)!, accountName.get(b.k)!) || byId(a.k, b.k));
  return [...plain, ...federated.map((f) => f.k), 'acct:'];
}
