/**
 * Console sessions Sigvault opened, as pure data: where a session lives, whether the browser's console is
 * in multi-session mode, which tabs belong to a session, when it expires, how to sign it out, and what to
 * warn about before a new sign-in. The background (src/background/console/sessions.ts) keeps the records
 * and feeds this module the browser's tabs. Facts: ../../../docs/console-sessions.md.
 * @module
 */
import { PARTITIONS, isConsoleHost, type Partition } from '../sts/partition.ts';

/** At most this many console sessions at once in one browser (AWS multi-session). */
export const SESSION_LIMIT = 5;
/** A session this close to its end is "expiring soon" (badge, popup). */
export const EXPIRING_SOON_MS = 5 * 60_000;
/** A sign-in tab that has not reached a console page within this time did not open a session. */
export const LANDING_TIMEOUT_MS = 2 * 60_000;
/** AWS's multi-session opt-in (design notes, "Console multi-session"). */
export const MULTI_SESSION_OPT_IN_URL =
  'https://us-east-1.signin.aws.amazon.com/sessions/v1/opt-in?redirect_uri=' + encodeURIComponent('https://us-east-1.console.aws.amazon.com/console/home');

export type MultiSession = 'on' | 'off' | 'unknown';

/** What Sigvault remembers of a console session it opened (storage.session: no label, no secret). */
export interface ConsoleSessionRecord {
  identityId: string;
  account?: string;
  partition: Partition;
  /** Tabs known to be this session's (the sign-in tab until it lands; live tabs are computed). */
  tabIds: number[];
  /** The tabs' cookie store when not the default one (a Firefox container). */
  container?: string;
  /** `<account>-<8 chars>.<region>.console.aws.amazon.com`, once a tab landed there (multi-session). */
  sessionHost?: string;
  /** The sign-in page in its tab took the login form: the next console page there is the landing. */
  armed?: boolean;
  /** A tab reached a console page after the sign-in. */
  landed: boolean;
  expiresAt: number;
  openedAt: number;
  /** A re-sign-in: pages of the old session's other tabs, moved to the new session once it lands. */
  pendingTabs?: { tabId: number; url: string }[];
}

/** A tab as the background sees it (URL only for console hosts and other hosts it has permission for). */
export interface TabInfo {
  id: number;
  url?: string;
  cookieStoreId?: string;
}

const SESSION_LABEL = /^\d{12}-[a-z0-9]{8,}$/;
/** `https://<host>` followed by the path, query, fragment or nothing (no port, no userinfo). */
const URL_HOST = /^https:\/\/([A-Za-z0-9.-]+)(?=[/?#]|$)/;

/** The partition and session label of a console URL's host; undefined when it is not a console page. */
export function consoleHostInfo(url: string | undefined): { partition: Partition; host: string; sessionLabel?: string } | undefined {
  if (!url) return undefined;
  const m = URL_HOST.exec(url);
  if (!m) return undefined;
  const host = m[1]!.toLowerCase();
  const partition = PARTITIONS.find((p) => isConsoleHost(host, p));
  if (!partition) return undefined;
  const first = host.split('.')[0]!;
  return { partition, host, ...(SESSION_LABEL.test(first) ? { sessionLabel: first } : {}) };
}

/**
 * What a landing after a sign-in says about the console: a session host means multi-session is on; an
 * unlabelled console host means it is off (with multi-session on, AWS sends a federation login to the
 * new session's own host). Undefined: not a console page.
 */
export function multiSessionFromLanding(url: string | undefined): 'on' | 'off' | undefined {
  const info = consoleHostInfo(url);
  if (!info) return undefined;
  return info.sessionLabel ? 'on' : 'off';
}

/** The record's tabs now: on its session host (multi-session), or every console tab of its cookie store. */
export function liveTabIds(rec: ConsoleSessionRecord, tabs: readonly TabInfo[], isDefaultStore: (id: string | undefined) => boolean): number[] {
  const store = (t: TabInfo) => (isDefaultStore(t.cookieStoreId) ? undefined : t.cookieStoreId);
  const out = new Set<number>();
  for (const t of tabs) {
    const info = consoleHostInfo(t.url);
    if (!info || info.partition !== rec.partition) continue;
    if (rec.sessionHost) {
      if (info.host === rec.sessionHost) out.add(t.id);
    } else if (rec.landed && !info.sessionLabel && store(t) === rec.container) {
      out.add(t.id);
    }
  }
  // the sign-in tab belongs to the session until it lands (or times out)
  if (!rec.landed) for (const id of rec.tabIds) if (tabs.some((t) => t.id === id)) out.add(id);
  return [...out].sort((a, b) => a - b);
}

/** Whether a record still counts as an open session at `now`. */
export function isOpen(rec: ConsoleSessionRecord, now: number): boolean {
  if (rec.expiresAt <= now) return false;
  return rec.landed || now - rec.openedAt < LANDING_TIMEOUT_MS;
}

export function expiringSoon(rec: { expiresAt: number }, now: number): boolean {
  return rec.expiresAt - now <= EXPIRING_SOON_MS;
}

/** While a session is expiring or has expired, the alarm fires this often (the badge's "N min" stays true). */
export const EXPIRY_TICK_MS = 60_000;

/**
 * When the expiry alarm should next fire: 5 minutes before the earliest expiry still ahead, or at that
 * expiry when the warning time has passed; and at most {@link EXPIRY_TICK_MS} from now while any record
 * is expiring soon or has expired (so the badge's text follows the clock and clears once the record goes).
 * Undefined when there is no record.
 */
export function nextExpiryAlarm(records: readonly { expiresAt: number }[], now: number): number | undefined {
  let next: number | undefined;
  for (const r of records) {
    const warn = r.expiresAt - EXPIRING_SOON_MS;
    const t = warn > now ? warn : Math.min(now + EXPIRY_TICK_MS, r.expiresAt > now ? r.expiresAt : Infinity);
    if (next === undefined || t < next) next = t;
  }
  return next;
}

/** The console's home per partition (the single-session sign-out's `redirect_uri`). */
export function consoleHome(partition: Partition): string {
  if (partition === 'aws-cn') return 'https://console.amazonaws.cn/';
  if (partition === 'aws-us-gov') return 'https://console.amazonaws-us-gov.com/';
  return 'https://console.aws.amazon.com/';
}

/**
 * The console's own sign-out for a session: `/sessions/<label>/v1/logout` on the sign-in host for a
 * multi-session session, else `/oauth?Action=logout&redirect_uri=<console home>` (which AWS answers
 * with 400 under multi-session, so it is never used for a session host).
 * @param signinBase `https://signin.aws.amazon.com` or the configured override (no trailing slash)
 */
export function signOutUrl(rec: Pick<ConsoleSessionRecord, 'sessionHost' | 'partition'>, signinBase: string): string {
  const base = signinBase.replace(/\/+$/, '');
  const label = rec.sessionHost ? consoleHostInfo(`https://${rec.sessionHost}/`)?.sessionLabel : undefined;
  if (label) return `${base}/sessions/${encodeURIComponent(label)}/v1/logout`;
  return `${base}/oauth?Action=logout&redirect_uri=${encodeURIComponent(consoleHome(rec.partition))}`;
}

/** `url` on another console host (a re-sign-in's new session host), or undefined when `url` is no console page. */
export function withHost(url: string, host: string): string | undefined {
  if (!consoleHostInfo(url)) return undefined;
  return url.replace(URL_HOST, `https://${host}`);
}

// ---- warnings before a sign-in ----

export interface SessionSummary {
  identityId: string;
  label: string;
  expiresAt: number;
  container?: string;
  /** The multi-session mode of its container's cookie store (sessions in a container only). */
  multiSession?: MultiSession;
}

export type OpenWarning =
  | { kind: 'limit'; used: number; limit: number; message: string }
  | { kind: 'replace-same'; identityId: string; message: string }
  | { kind: 'replace-single'; labels: string[]; message: string; optInUrl?: string };

/**
 * What to tell the user before `console.open` of `identityId`. AWS's multi-session opt-in is a cookie, so
 * each cookie store has its own mode: the default store's is `multiSession`; a container's is on its
 * sessions. The sign-in opens in the default store, or (`opensInOwnStore`) in the identity's own
 * container — the one its open session is in; a container new to the identity holds no session to warn of.
 * In that store:
 * - multi-session on: replacing the identity's own open session, or a 6th session (AWS refuses it and
 *   asks to sign one out first);
 * - off or unknown: an open session there is replaced, with AWS's opt-in link for the aws partition.
 */
export function openWarnings(input: {
  multiSession: MultiSession;
  sessions: readonly SessionSummary[];
  identityId: string;
  partition?: Partition;
  now: number;
  opensInOwnStore?: boolean;
}): OpenWarning[] {
  const open = input.sessions.filter((s) => s.expiresAt > input.now);
  let store: string | undefined;
  let mode = input.multiSession;
  if (input.opensInOwnStore) {
    const mine = open.find((s) => s.identityId === input.identityId && s.container !== undefined);
    if (!mine) return [];
    store = mine.container;
    mode = mine.multiSession ?? 'unknown';
  }
  const inStore = open.filter((s) => s.container === store);
  const own = inStore.find((s) => s.identityId === input.identityId);
  if (mode === 'on') {
    if (own) return [{ kind: 'replace-same', identityId: own.identityId, message: `"${own.label}" already has a console session: signing in again ends it in its tabs.` }];
    const used = inStore.length;
    if (used >= SESSION_LIMIT) {
      return [{ kind: 'limit', used, limit: SESSION_LIMIT, message: `${used} of ${SESSION_LIMIT} console sessions are open: AWS will ask you to sign out of one first.` }];
    }
    return [];
  }
  if (inStore.length === 0) return [];
  const names = inStore.map((s) => `"${s.label}"`).join(', ');
  return [{
    kind: 'replace-single',
    labels: inStore.map((s) => s.label),
    message: `The current console session (${names}) will be replaced: AWS's console keeps one session unless multi-session is on.`,
    ...(input.partition === undefined || input.partition === 'aws' ? { optInUrl: MULTI_SESSION_OPT_IN_URL } : {}),
  }];
}
