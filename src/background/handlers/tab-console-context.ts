import { parseConsoleUrl, serviceDisplayName } from '../../core/sts/console-url.ts';
import { browser } from '../../platform/browser.ts';
import type { Handler } from '../../platform/messaging.ts';

/**
 * `tab.consoleContext {}` → `{ partition, service?, serviceName?, region?, destination } | null`: the AWS console page
 * the user was looking at when they opened the popup, offered as the console.open destination.
 *
 * Which tab: the popup (no `sender.tab`) belongs to the focused window, and the tab it was opened over
 * is that window's active tab — the one the `activeTab` permission was granted for by the click on the
 * toolbar button (or its shortcut), so its URL is readable without the `tabs` permission. When the
 * popup page itself runs in a tab (opened as a page; the browser tests do this), that window's active
 * tab is the popup itself, so the tab the user came from is the most recently used other tab of the
 * same window. Without a grant (no activeTab, no host permission) the URL is not readable and the
 * answer is `null`. Only the parsed context leaves here: never the raw URL.
 */
export const tabConsoleContext: Handler<'tab.consoleContext'> = async (_p, ctx) => {
  const own = ctx.sender.tab;
  let url: string | undefined;
  if (own?.id === undefined) {
    const [active] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
    url = active?.url;
  } else {
    const others = (await browser.tabs.query({ windowId: own.windowId })).filter((t) => t.id !== own.id);
    others.sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0));
    url = others[0]?.url;
  }
  const parsed = parseConsoleUrl(url);
  if (!parsed) return null;
  return { ...parsed, ...(parsed.service !== undefined ? { serviceName: serviceDisplayName(parsed.service) } : {}) };
};
