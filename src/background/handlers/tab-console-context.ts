import { parseConsoleUrl, serviceDisplayName } from '../../core/sts/console-url.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import { tabUnderPopup } from '../console/tab-under-popup.ts';

/**
 * `tab.consoleContext {}` → `{ partition, service?, serviceName?, region?, destination, replaces } | null`: the AWS
 * console page the user was looking at when they opened the popup, offered as the console.open destination;
 * `replaces`: whether `console.open { newTab: false }` signs that tab in (only from the toolbar popup).
 *
 * Which tab: ../console/tab-under-popup.ts; the `activeTab` grant of the click on the toolbar button
 * makes its URL readable without the `tabs` permission. Without a grant (no activeTab, no host permission) the URL is not readable and the
 * answer is `null`. Only the parsed context leaves here: never the raw URL.
 */
export const tabConsoleContext: Handler<'tab.consoleContext'> = async (_p, ctx) => {
  const parsed = parseConsoleUrl((await tabUnderPopup(ctx.sender))?.url);
  if (!parsed) return null;
  // console.open { newTab: false } signs this tab in when the toolbar popup asks (../handlers/console-open.ts)
  return { ...parsed, ...(parsed.service !== undefined ? { serviceName: serviceDisplayName(parsed.service) } : {}), replaces: ctx.sender.tab?.id === undefined };
};
