/**
 * Pure helpers for the identity list: account and role name of a view, fuzzy search, grouping.
 * No browser APIs here, so they are unit-tested in Node.
 * @module
 */
import type { IdentityView } from '../shared/protocol.ts';

const ARN = /^arn:[\w-]+:(?:iam|sts)::(\d{12}):(.*)$/;

const accounts = new WeakMap<IdentityView, string | undefined>();

/**
 * The 12-digit account of an identity, when known (users: from GetCallerIdentity; roles: from the ARN).
 * Remembered per view object: grouping runs on every keystroke over thousands of views.
 */
export function accountOf(view: IdentityView): string | undefined {
  if (accounts.has(view)) return accounts.get(view);
  let account: string | undefined;
  if (view.kind === 'user') account = view.account ?? (view.arn ? ARN.exec(view.arn)?.[1] : undefined);
  else if (view.kind === 'role') account = ARN.exec(view.roleArn)?.[1];
  accounts.set(view, account);
  return account;
}

/** `arn:aws:iam::1:role/path/Admin` → `Admin`. */
export function roleNameOf(view: IdentityView): string | undefined {
  if (view.kind !== 'role') return undefined;
  const rest = ARN.exec(view.roleArn)?.[2];
  return rest?.split('/').pop();
}

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

/** The text searched for an identity (lower case): label, account id and role name. */
export function searchText(view: IdentityView): string {
  return [view.label, accountOf(view) ?? '', roleNameOf(view) ?? ''].join(' ').toLowerCase();
}

/**
 * Prepares `views` for repeated searches (the search texts are computed once), and returns the search:
 * identities matching the query, best first (all of them, in their order, for an empty query).
 */
export function searchIndex(views: readonly IdentityView[]): (query: string) => IdentityView[] {
  const texts = views.map(searchText);
  return (query) => {
    const q = query.trim().toLowerCase();
    if (q === '') return [...views];
    const scored: { view: IdentityView; score: number }[] = [];
    for (let i = 0; i < views.length; i++) {
      const score = fuzzyScore(q, texts[i]!);
      if (score >= 0) scored.push({ view: views[i]!, score });
    }
    scored.sort((a, b) => b.score - a.score);
    return scored.map((x) => x.view);
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

/** A stable color for an identity without one: a hue from its id. */
export function chipColor(view: IdentityView): string {
  if (view.color) return view.color;
  let h = 0;
  for (const c of view.id) h = (h * 31 + c.charCodeAt(0)) % 360;
  return `hsl(${h} 60% 50%)`;
}
