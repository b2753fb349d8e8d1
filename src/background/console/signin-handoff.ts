/**
 * Console sign-in without the sign-in token in a tab's address. AWS's federation endpoint takes the
 * `Action=login` request as a form POST (IAM User Guide, "Enable custom identity broker access to the AWS
 * console": "AWS supports POST requests here"), so the tab Sigvault opens does not go to a login URL that
 * carries the bearer `SigninToken` — which every extension with the `tabs` permission would read from
 * `tabs.onCreated`/`onUpdated`, and a 200 answer would leave in History. Instead:
 *
 * 1. the background keeps the login form (action URL and fields, the token among them) under a random
 *    one-time id, for at most {@link HANDOFF_TTL_MS}, and opens Sigvault's own page
 *    `src/signin/index.html#<id>` in the tab;
 * 2. that page asks for the form with `signin.handoff { id }`: answered once, only to that very tab and
 *    page; the page posts the form to the federation endpoint, which redirects to the console.
 *
 * The id in the page's address is worthless to anyone else: it is used up by the first request, bound to
 * the tab Sigvault opened, and other extensions cannot message Sigvault at all. A lock drops every form
 * not yet taken.
 * @module
 */
import { SigvaultError } from '../../core/errors.ts';
import type { LoginForm } from '../../core/sts/federation.ts';
import { browser, type Runtime } from '../../platform/browser.ts';
import * as vault from '../vault/service.ts';

/** The sign-in page (an extra Vite input: see vite.config.ts). */
export const SIGNIN_PAGE = 'src/signin/index.html';
/** A form not taken within this time is dropped (the page asks for it as soon as it loads). */
export const HANDOFF_TTL_MS = 60_000;

interface Pending {
  form: LoginForm;
  /** The tab the page must be in (known once tabs.create/update answered). */
  tab: Promise<number | undefined>;
  timer: ReturnType<typeof setTimeout>;
}
const pending = new Map<string, Pending>();

function dropAll(): void {
  for (const p of pending.values()) clearTimeout(p.timer);
  pending.clear();
}
vault.onLock(dropAll);

/**
 * Opens the sign-in page in a new tab (or in `replaceTabId`) for `form`; returns the tab's id. With
 * `cookieStoreId` (a Firefox container) the new tab opens in that container; a tab cannot change its
 * cookie store, so the caller never combines it with `replaceTabId`. The hand-off is bound to the tab
 * either way. The lock guard is checked just before the tab opens: a sign-in that started before a lock
 * opens nothing.
 */
export async function openSigninTab(form: LoginForm, opts: { replaceTabId?: number; cookieStoreId?: string }, guard: vault.LockGuard): Promise<number> {
  const id = crypto.randomUUID();
  let settle!: (tabId: number | undefined) => void;
  const tab = new Promise<number | undefined>((resolve) => { settle = resolve; });
  const timer = setTimeout(() => { pending.delete(id); }, HANDOFF_TTL_MS);
  pending.set(id, { form, tab, timer });
  const url = `${browser.runtime.getURL(SIGNIN_PAGE)}#${id}`;
  try {
    guard.check();
    const t = opts.replaceTabId !== undefined
      ? await browser.tabs.update(opts.replaceTabId, { url })
      : await browser.tabs.create({ url, active: true, ...(opts.cookieStoreId !== undefined ? { cookieStoreId: opts.cookieStoreId } : {}) });
    if (t?.id === undefined) throw new SigvaultError('INTERNAL', 'The browser did not open a tab.');
    settle(t.id);
    return t.id;
  } catch (e) {
    clearTimeout(timer);
    pending.delete(id);
    settle(undefined);
    throw e;
  }
}

/**
 * The form for the page that asks: once, and only to the sign-in page in the tab it was opened in.
 * @throws NOT_FOUND when unknown, used or expired; FORBIDDEN_SENDER from any other page or tab
 */
export async function takeHandoff(id: string, sender: Runtime.MessageSender): Promise<LoginForm> {
  const p = pending.get(id);
  if (!p) throw new SigvaultError('NOT_FOUND', 'This sign-in has expired or was already used: open the console again from Sigvault.');
  const page = browser.runtime.getURL(SIGNIN_PAGE);
  const tabId = await p.tab;
  // a request from anywhere else is refused and leaves the form for the page it belongs to
  if (tabId === undefined || sender.tab?.id !== tabId || typeof sender.url !== 'string' || !sender.url.startsWith(page)) {
    throw new SigvaultError('FORBIDDEN_SENDER', 'Refused: only the sign-in page Sigvault opened may take this sign-in.');
  }
  if (pending.get(id) !== p) throw new SigvaultError('NOT_FOUND', 'This sign-in has expired or was already used: open the console again from Sigvault.');
  pending.delete(id);
  clearTimeout(p.timer);
  return p.form;
}
