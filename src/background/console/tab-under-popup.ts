/**
 * The tab the popup was opened over: the focused window's active tab (the toolbar popup has no tab of its
 * own) — the one the `activeTab` permission was granted for by the click on the toolbar button. When the
 * popup page itself runs in a tab (opened as a page; the browser tests do this), that window's active tab
 * is the popup, so the tab the user came from is the most recently used other tab of the same window.
 * Used by `tab.consoleContext` (its address) and `console.switchRole` (its id).
 * @module
 */
import { browser, type Runtime, type Tabs } from '../../platform/browser.ts';

export async function tabUnderPopup(sender: Runtime.MessageSender): Promise<Tabs.Tab | undefined> {
  const own = sender.tab;
  if (own?.id === undefined) {
    const [active] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
    return active;
  }
  const others = (await browser.tabs.query({ windowId: own.windowId })).filter((t) => t.id !== own.id);
  others.sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0));
  return others[0];
}
