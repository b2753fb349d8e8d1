/**
 * The console sessions Sigvault opened: one record per identity in `storage.session` (memory only, survives
 * worker restarts, cleared with the browser; no label, no credential, no sign-in token, no page address),
 * the landing of each sign-in tab (`tabs.onUpdated`, listened to while there are records), whether each cookie
 * store's console is in multi-session mode (`storage.local`, with when it was seen), the expiry alarm, the
 * console's own sign-out, and the tabs a re-sign-in moves to the new session.
 *
 * Tabs are found without the `tabs` permission: the manifest's host permission for the console hosts lets
 * `tabs.query` and `tabs.onUpdated` see those tabs' addresses (and nothing of any other tab).
 * How detection works: docs/console-sessions.md.
 * @module
 */
import {
  EXPIRING_SOON_MS, SESSION_LIMIT, consoleHostInfo, expiringSoon, isOpen, liveTabIds, nextExpiryAlarm, signOutUrl, withHost,
  type ConsoleSessionRecord, type MultiSession, type TabInfo,
} from '../../core/console/sessions.ts';
import { SigvaultError } from '../../core/errors.ts';
import { signinBaseUrl, type Partition } from '../../core/sts/partition.ts';
import { browser, type Tabs } from '../../platform/browser.ts';
import type { ResponseOf } from '../../shared/protocol.ts';
import { signinBase } from '../sts/sessions.ts';
import * as vault from '../vault/service.ts';

export const EXPIRY_ALARM = 'console-expiry';
const RECORDS_KEY = 'consoleSessions';
const MODE_KEY = 'consoleMultiSession';

/** Console pages of every partition (the manifest's host permissions). */
export const CONSOLE_URL_PATTERNS = [
  'https://console.aws.amazon.com/*', 'https://*.console.aws.amazon.com/*',
  'https://console.amazonaws-us-gov.com/*', 'https://*.console.amazonaws-us-gov.com/*',
  'https://console.amazonaws.cn/*', 'https://*.console.amazonaws.cn/*',
];

type Records = Record<string, ConsoleSessionRecord>;

let changed: () => void = () => undefined;
/** Called after every change of the records (index.ts: the badge). */
export function onSessionsChanged(fn: () => void): void {
  changed = fn;
}

async function readRecords(): Promise<Records> {
  const got = (await browser.storage.session.get(RECORDS_KEY)) as { [RECORDS_KEY]?: Records };
  return got[RECORDS_KEY] ?? {};
}

// ---- tab events, only while there are records ----

const tabUpdated = (tabId: number, change: Tabs.OnUpdatedChangeInfoType, tab: Tabs.Tab): void => {
  if (change.url === undefined && change.status !== 'complete') return;
  void onTabUpdated(tabId, change, tab).catch(() => undefined);
};
const tabRemoved = (tabId: number): void => {
  void onTabRemoved(tabId).catch(() => undefined);
};

/**
 * Listens to `tabs.onUpdated` and `tabs.onRemoved` while there is a record, and not otherwise. A browser
 * wakes a stopped background for every event it has a listener for, and these two fire on every
 * navigation of every tab (Chrome cannot filter them): listening for good started the worker next to
 * whatever the user did, a popup opening included. Registered at the background's top level (an event
 * that woke the worker must find its listener), then dropped once the records turn out to be empty; added
 * again before a record is written (a landing cannot slip between the two).
 */
export function listenToTabs(): void {
  followRecords(true);
  void readRecords().then((recs) => followRecords(Object.keys(recs).length > 0), () => undefined);
}

function followRecords(any: boolean): void {
  if (any === browser.tabs.onUpdated.hasListener(tabUpdated)) return;
  if (any) {
    browser.tabs.onUpdated.addListener(tabUpdated);
    browser.tabs.onRemoved.addListener(tabRemoved);
  } else {
    browser.tabs.onUpdated.removeListener(tabUpdated);
    browser.tabs.onRemoved.removeListener(tabRemoved);
  }
}

let queue: Promise<unknown> = Promise.resolve();
/** Read-modify-write of the records, one at a time (the landing listener and handlers race otherwise). */
function mutate<T>(fn: (recs: Records) => Promise<T> | T): Promise<T> {
  const run = queue.then(async () => {
    const recs = await readRecords();
    const out = await fn(recs);
    // listening before a first record is written; an error in the write leaves it on (harmless)
    if (Object.keys(recs).length > 0) followRecords(true);
    await browser.storage.session.set({ [RECORDS_KEY]: recs });
    if (Object.keys(recs).length === 0) followRecords(false);
    return out;
  });
  queue = run.catch(() => undefined);
  return run.finally(() => {
    void rearmExpiryAlarm().catch(() => undefined);
    changed();
  });
}

// ---- multi-session mode ----

/**
 * AWS's multi-session opt-in is a cookie, so each cookie store has its own mode: kept per store, under
 * `'default'` (Chrome's one store, Firefox's default one) or a container's `cookieStoreId`.
 */
type Modes = Record<string, { value: 'on' | 'off'; at: number }>;

/** The key of a tab's cookie store in the modes. */
export function storeKey(cookieStoreId: string | undefined): string {
  return isDefaultStore(cookieStoreId) ? 'default' : cookieStoreId!;
}

async function readModes(): Promise<Modes> {
  const got = (await browser.storage.local.get(MODE_KEY)) as { [MODE_KEY]?: Modes | { value: 'on' | 'off'; at: number } };
  const m = got[MODE_KEY];
  if (!m) return {};
  // before modes were kept per store: one value, which was the default store's as often as not
  if (typeof (m as { value?: unknown }).value === 'string') return { default: m as { value: 'on' | 'off'; at: number } };
  return m as Modes;
}

/** The multi-session mode last seen in a cookie store (`'default'` or a container's id). */
export async function readMultiSession(store = 'default'): Promise<{ value: MultiSession; at?: number }> {
  const m = (await readModes())[store];
  return m ? { value: m.value, at: m.at } : { value: 'unknown' };
}

let modeQueue: Promise<unknown> = Promise.resolve();
async function rememberMultiSession(store: string, value: 'on' | 'off'): Promise<void> {
  const run = modeQueue.then(async () => {
    const modes = await readModes();
    if (modes[store]?.value === value) return;
    modes[store] = { value, at: Date.now() };
    await browser.storage.local.set({ [MODE_KEY]: modes });
  });
  modeQueue = run.catch(() => undefined);
  await run;
}

// ---- tabs ----

/** Chrome has one cookie store per profile (no `cookieStoreId`), Firefox names its default one. */
export function isDefaultStore(id: string | undefined): boolean {
  return id === undefined || id === 'firefox-default' || id === 'firefox-private' || id === '0';
}

async function consoleTabs(): Promise<TabInfo[]> {
  const tabs = await browser.tabs.query({ url: CONSOLE_URL_PATTERNS });
  return tabs.filter((t) => t.id !== undefined).map((t) => ({ id: t.id!, ...(t.url ? { url: t.url } : {}), ...(t.cookieStoreId ? { cookieStoreId: t.cookieStoreId } : {}) }));
}

/** Console tabs plus the given ones (a sign-in tab not yet on a console host), by id. */
async function tabsWith(ids: number[]): Promise<TabInfo[]> {
  const out = await consoleTabs();
  for (const id of ids) {
    if (out.some((t) => t.id === id)) continue;
    const t = await browser.tabs.get(id).catch(() => undefined);
    if (t?.id !== undefined) out.push({ id: t.id, ...(t.url ? { url: t.url } : {}), ...(t.cookieStoreId ? { cookieStoreId: t.cookieStoreId } : {}) });
  }
  return out;
}

// ---- recording ----

/**
 * Tabs whose sign-in page took its login form (signin.handoff). Only after that is a console address in
 * the tab a landing: a tab signed in again still shows the old session's page until the form is posted.
 * Also kept on the record (a worker restart in between); this set covers a hand-off before the record.
 */
const armedTabs = new Set<number>();

/** The sign-in page in `tabId` took its form (../handlers/signin-handoff.ts). */
export async function armTab(tabId: number): Promise<void> {
  armedTabs.add(tabId);
  await mutate((recs) => {
    for (const r of Object.values(recs)) if (!r.landed && r.tabIds.includes(tabId)) r.armed = true;
  });
}

/**
 * After `console.open` opened its sign-in tab: the session as Sigvault knows it. `pendingTabs` (a
 * re-sign-in): the old session's other tabs, moved to the new session once the sign-in tab lands.
 */
export async function recordOpened(input: {
  identityId: string; account?: string; partition: Partition; tabId: number; expiresAt: number;
  pendingTabs?: { tabId: number; url: string }[];
}): Promise<void> {
  const tab = await browser.tabs.get(input.tabId).catch(() => undefined);
  const container = tab?.cookieStoreId && !isDefaultStore(tab.cookieStoreId) ? tab.cookieStoreId : undefined;
  await mutate((recs) => {
    recs[input.identityId] = {
      identityId: input.identityId,
      ...(input.account ? { account: input.account } : {}),
      partition: input.partition,
      tabIds: [input.tabId],
      ...(container ? { container } : {}),
      ...(armedTabs.has(input.tabId) ? { armed: true } : {}),
      landed: false,
      expiresAt: input.expiresAt,
      openedAt: Date.now(),
      ...(input.pendingTabs?.length ? { pendingTabs: input.pendingTabs } : {}),
    };
  });
  // it may have landed before the record was written
  if (tab?.id !== undefined) {
    const now = await browser.tabs.get(tab.id).catch(() => undefined);
    if (now?.url) await onTabUpdated(tab.id, { url: now.url }, now);
  }
}

/**
 * `tabs.onUpdated`: a sign-in tab reaching a console page is its session landing (a session host: multi-
 * session on; an unlabelled console host: off); one that finishes loading anywhere else (the console's
 * session-limit page, an error) opened no session. Any tab on a session host also says multi-session is on.
 */
export async function onTabUpdated(tabId: number, change: Tabs.OnUpdatedChangeInfoType, tab: Tabs.Tab): Promise<void> {
  const url = change.url ?? (change.status === 'complete' ? tab.url : undefined);
  if (!url) return;
  const info = consoleHostInfo(url);
  const store = storeKey(tab.cookieStoreId);
  if (info?.sessionLabel) await rememberMultiSession(store, 'on');
  const recs = await readRecords();
  const pending = Object.values(recs).find((r) => !r.landed && r.tabIds.includes(tabId));
  if (!pending || !(pending.armed || armedTabs.has(tabId))) return;
  if (!info) {
    if (change.status !== 'complete' && !(change.url && tab.status === 'complete')) return;
    if (url.startsWith(browser.runtime.getURL(''))) return; // Sigvault's own sign-in page
    await mutate((all) => {
      const r = all[pending.identityId];
      if (r && !r.landed && r.tabIds.includes(tabId)) delete all[pending.identityId];
    });
    return;
  }
  const mode = info.sessionLabel ? 'on' : 'off';
  await rememberMultiSession(store, mode);
  const moves: { tabId: number; url: string }[] = [];
  let moveStore: string | undefined;
  await mutate((all) => {
    const r = all[pending.identityId];
    if (!r || r.landed) return;
    r.landed = true;
    delete r.armed;
    armedTabs.delete(tabId);
    if (info.sessionLabel) r.sessionHost = info.host;
    if (mode === 'off') {
      // one session per cookie store: the others there were replaced
      for (const other of Object.values(all)) if (other !== r && other.landed && !other.sessionHost && other.container === r.container) delete all[other.identityId];
    }
    moveStore = r.container;
    for (const p of r.pendingTabs ?? []) {
      const to = r.sessionHost ? withHost(p.url, r.sessionHost) : p.url;
      if (to) moves.push({ tabId: p.tabId, url: to });
    }
    delete r.pendingTabs;
  });
  for (const m of moves) {
    // only a tab still on a console page of the partition in the same cookie store: one the user took
    // elsewhere meanwhile is theirs now (its address is hidden or another site's)
    const t = await browser.tabs.get(m.tabId).catch(() => undefined);
    const at = consoleHostInfo(t?.url);
    if (!t || !at || at.partition !== info.partition) continue;
    if ((isDefaultStore(t.cookieStoreId) ? undefined : t.cookieStoreId) !== moveStore) continue;
    await browser.tabs.update(m.tabId, { url: m.url }).catch(() => undefined);
  }
}

// ---- listing ----

export type SessionsView = ResponseOf<'console.sessions'>;

/** A Firefox container's name as Firefox shows it (undefined where containers do not exist or it is gone). */
async function containerName(cookieStoreId: string): Promise<string | undefined> {
  try {
    return (await browser.contextualIdentities?.get(cookieStoreId))?.name;
  } catch {
    return undefined;
  }
}

/** Live view of the records (labels from the vault: needs it unlocked); drops what is over and has no tab. */
export async function listSessions(): Promise<Omit<SessionsView, 'containers'>> {
  const { views } = await vault.catalog();
  const recs = await readRecords();
  const modes = await readModes();
  const tabs = await tabsWith(Object.values(recs).flatMap((r) => (r.landed ? [] : r.tabIds)));
  const now = Date.now();
  const sessions: SessionsView['sessions'] = [];
  const stale: string[] = [];
  for (const r of Object.values(recs)) {
    const tabIds = liveTabIds(r, tabs, isDefaultStore);
    // an expired session stays listed while it has tabs (for "Sign in again"); an unlanded one only while it may still land
    if (!isOpen(r, now) && !(r.landed && tabIds.length > 0)) {
      stale.push(r.identityId);
      continue;
    }
    const inContainer = r.container ? await containerName(r.container) : undefined;
    sessions.push({
      identityId: r.identityId,
      label: views.get(r.identityId)?.label ?? '(removed identity)',
      ...(r.account ? { account: r.account } : {}),
      tabIds,
      ...(r.container ? { container: r.container } : {}),
      ...(inContainer ? { containerName: inContainer } : {}),
      ...(r.container ? { multiSession: modes[r.container]?.value ?? 'unknown' } : {}),
      ...(r.sessionHost ? { sessionHost: r.sessionHost } : {}),
      expiresAt: r.expiresAt,
      expiringSoon: expiringSoon(r, now),
    });
  }
  if (stale.length) await mutate((all) => { for (const id of stale) if (all[id] && !isOpen(all[id]!, Date.now())) delete all[id]; });
  sessions.sort((a, b) => a.expiresAt - b.expiresAt);
  return { multiSession: modes['default']?.value ?? 'unknown', limit: SESSION_LIMIT, sessions };
}

/** The record of an identity's session, or NOT_FOUND with a message that says which of the two is missing. */
export async function requireRecord(identityId: string): Promise<ConsoleSessionRecord> {
  const { views } = await vault.catalog();
  const rec = (await readRecords())[identityId];
  if (!rec && !views.has(identityId)) throw new SigvaultError('NOT_FOUND', 'No identity has this id.', { field: 'identityId' });
  if (!rec) throw new SigvaultError('NOT_FOUND', `Sigvault opened no console session for "${views.get(identityId)!.label}" that is still open.`, { field: 'identityId' });
  return rec;
}

/** The session's tabs now, with their addresses (console pages only). */
export async function sessionTabs(rec: ConsoleSessionRecord): Promise<TabInfo[]> {
  const tabs = await tabsWith(rec.landed ? [] : rec.tabIds);
  const ids = new Set(liveTabIds(rec, tabs, isDefaultStore));
  return tabs.filter((t) => ids.has(t.id));
}

export async function dropRecord(identityId: string): Promise<void> {
  await mutate((all) => { delete all[identityId]; });
}

/** Forgets every record (`vault.destroy`): no session is signed out, the console's sessions run on. */
export async function clearRecords(): Promise<void> {
  await mutate((all) => { for (const id of Object.keys(all)) delete all[id]; });
}

// ---- sign-out ----

async function waitLoaded(tabId: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await new Promise((r) => setTimeout(r, 100));
  for (;;) {
    const t = await browser.tabs.get(tabId).catch(() => undefined);
    if (!t || t.status === 'complete') return;
    if (Date.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The console's own sign-out of the identity's session: one of its tabs (or a new background tab in its
 * cookie store) goes to the sign-out address on the partition's sign-in host (or the configured
 * override); with `closeTabs`, its tabs close. The record goes either way.
 */
export async function signOut(identityId: string, closeTabs: boolean): Promise<{ closedTabs: number }> {
  const rec = await requireRecord(identityId);
  const base = (await signinBase(rec.partition)) ?? signinBaseUrl(rec.partition);
  const url = signOutUrl(rec, base);
  const tabs = await sessionTabs(rec);
  let closed = 0;
  const [first, ...rest] = tabs;
  let signOutTab: number;
  let ownTab = false;
  if (first) {
    signOutTab = first.id;
    await browser.tabs.update(first.id, { url });
  } else {
    const t = await browser.tabs.create({ url, active: false, ...(rec.container ? { cookieStoreId: rec.container } : {}) });
    signOutTab = t.id!;
    ownTab = true;
  }
  await dropRecord(identityId);
  if (closeTabs && rest.length) {
    await browser.tabs.remove(rest.map((t) => t.id));
    closed += rest.length;
  }
  await waitLoaded(signOutTab);
  if (closeTabs || ownTab) {
    await browser.tabs.remove(signOutTab).catch(() => undefined);
    if (!ownTab) closed += 1;
  }
  return { closedTabs: closed };
}

// ---- expiry ----

/** The expiry alarm: what is over and has no tab left goes; the badge is recomputed; the next alarm set. */
export async function onExpiryAlarm(): Promise<void> {
  const tabs = await consoleTabs();
  await mutate((all) => {
    const now = Date.now();
    for (const r of Object.values(all)) {
      if (!isOpen(r, now) && liveTabIds(r, tabs, isDefaultStore).length === 0) delete all[r.identityId];
    }
  });
}

/**
 * `tabs.onRemoved` (while there are records, see listenToTabs): a record that is over and has just lost its last tab goes
 * (and with it the badge's ⌛); a sign-in tab closed before it landed opened no session.
 */
export async function onTabRemoved(tabId: number): Promise<void> {
  const recs = await readRecords();
  if (Object.keys(recs).length === 0) return;
  const tabs = (await consoleTabs()).filter((t) => t.id !== tabId);
  await mutate((all) => {
    const now = Date.now();
    for (const r of Object.values(all)) {
      if (!r.landed && r.tabIds.includes(tabId)) delete all[r.identityId];
      else if (!isOpen(r, now) && liveTabIds(r, tabs, isDefaultStore).length === 0) delete all[r.identityId];
    }
  });
}

export async function rearmExpiryAlarm(): Promise<void> {
  const recs = Object.values(await readRecords()).filter((r) => r.landed);
  const when = nextExpiryAlarm(recs, Date.now());
  if (when === undefined) await browser.alarms.clear(EXPIRY_ALARM);
  else await browser.alarms.create(EXPIRY_ALARM, { when: Math.max(when, Date.now() + 1000) });
}

/** The badge's say on console sessions: one that Sigvault opened ends within 5 minutes (or ended with tabs open). */
export async function expiryBadge(labels: Map<string, string>): Promise<{ text: string; title: string } | undefined> {
  const now = Date.now();
  const recs = Object.values(await readRecords()).filter((r) => r.landed && r.expiresAt - now <= EXPIRING_SOON_MS);
  if (recs.length === 0) return undefined;
  recs.sort((a, b) => a.expiresAt - b.expiresAt);
  const r = recs[0]!;
  const label = labels.get(r.identityId) ?? 'an identity';
  const left = r.expiresAt - now;
  const when = left <= 0 ? 'has expired' : `expires in ${Math.max(1, Math.ceil(left / 60_000))} min`;
  return { text: '⌛', title: `Sigvault: the console session of "${label}" ${when}. Open Sigvault to sign in again.` };
}
