import { parseConsoleUrl } from '../../core/sts/console-url.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import { requireString } from '../validate.ts';
import { requireRecord, sessionTabs } from '../console/sessions.ts';
import { openConsoleAs } from './console-open.ts';

/**
 * `console.reopen { identityId, mfaCode? }` → as `console.open`: "Sign in again" for a session that is
 * expiring or has expired. A fresh sign-in as the same identity through `console.open`'s path (which
 * never uses credentials with under 15 minutes left), in the session's first tab at the page it shows;
 * its other tabs go back to their pages once the new session lands (on the new session host under
 * multi-session). Pages are carried as `tab.consoleContext` carries them (host, path, region, a
 * token-free fragment). NOT_FOUND when the identity is unknown or has no session record.
 */
export const consoleReopen: Handler<'console.reopen'> = async (p, ctx) => {
  const identityId = requireString(p, 'identityId', { max: 64 });
  const rec = await requireRecord(identityId);
  const pages = (await sessionTabs(rec))
    .map((t) => ({ tabId: t.id, url: parseConsoleUrl(t.url)?.destination }))
    .filter((t): t is { tabId: number; url: string } => t.url !== undefined);
  const [first, ...rest] = pages;
  const mfaCode = (p as { mfaCode?: unknown }).mfaCode;
  return openConsoleAs(
    { id: identityId, ...(mfaCode !== undefined ? { mfaCode: mfaCode as string } : {}), ...(first ? { destination: first.url } : {}), newTab: true },
    ctx,
    first ? { replaceTabId: first.tabId, pendingTabs: rest } : {},
  );
};
