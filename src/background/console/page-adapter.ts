/**
 * The page adapter of `console.switchRole`: the one place coupled to the AWS console's pages. It switches
 * a signed-in console tab to a console role through the console's own Switch Role, reading what the page
 * offers only when the user asks (activeTab + scripting; no standing content script):
 * 1. the tab: `tabId`, else the tab the popup was opened over; its address must be a console page
 *    (`parseConsoleUrl`); the activeTab grant (or none) decides whether it can be read at all;
 * 2. `console/probe.js` in the page's main world reads the sign-in endpoint, the multi-session data, the
 *    CSRF value and the current account; src/core/console/switch-page.ts checks all of it (CONSOLE_CHANGED
 *    when it is missing or has another shape: nothing is posted);
 * 3. the switch, from the page (its cookies): the classic top-level form post, or the multi-session JSON
 *    request, whose reply's `destination` (checked: a console address) the tab is then sent to.
 * @module
 */
import { SigvaultError } from '../../core/errors.ts';
import { buildSwitch, readMultiSessionReply, readSwitchPage } from '../../core/console/switch-page.ts';
import { parseConsoleUrl } from '../../core/sts/console-url.ts';
import type { ConsoleRole } from '../../core/vault/identity.ts';
import { browser } from '../../platform/browser.ts';
import { signinBase } from '../sts/sessions.ts';
import type { LockGuard } from '../vault/service.ts';
import { PROBE_FILE, SWITCH_FORM_FILE, postMultiSessionSwitch, stageSwitchForm } from './page-probe.ts';

export interface SwitchResult {
  tabId: number;
  mode: 'classic' | 'multi-session';
  destination: string;
}

const NOT_CONSOLE = 'The tab is not a signed-in AWS console page (or Sigvault may not read it: open the popup over the console tab). Switching role needs a console tab; use Open console otherwise.';

/** Runs one injection in the page's main world and returns its result (undefined when it did not run). */
async function inPage(tabId: number, injection: { files: string[] } | { func: (...args: any[]) => unknown; args: unknown[] }): Promise<unknown> {
  let results;
  try {
    results = await browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, world: 'MAIN', ...injection } as Parameters<typeof browser.scripting.executeScript>[0]);
  } catch {
    // no grant for this tab any more (it navigated), or a page scripts cannot run in
    throw new SigvaultError('INVALID_INPUT', NOT_CONSOLE, { field: 'tabId' });
  }
  return results[0]?.result;
}

/**
 * Switches console tab `tabId` to `role`.
 * @throws SigvaultError INVALID_INPUT (field `tabId`) for a tab that is not a readable console page;
 *   CONSOLE_CHANGED when the page lacks what the console keeps; SIGNIN_ERROR / NETWORK from the multi-session switch
 */
export async function switchRoleInTab(role: ConsoleRole, tabId: number | undefined, guard: LockGuard): Promise<SwitchResult> {
  if (tabId === undefined) throw new SigvaultError('INVALID_INPUT', NOT_CONSOLE, { field: 'tabId' });
  let url: string | undefined;
  try {
    url = (await browser.tabs.get(tabId)).url;
  } catch {
    throw new SigvaultError('INVALID_INPUT', 'No tab with this id.', { field: 'tabId' });
  }
  const context = parseConsoleUrl(url);
  if (!context || url === undefined) throw new SigvaultError('INVALID_INPUT', NOT_CONSOLE, { field: 'tabId' });
  const origin = /^https:\/\/[^/?#]+/i.exec(url)![0].toLowerCase().replace(/:443$/, '');

  const probe = await inPage(tabId, { files: [PROBE_FILE] });
  const override = await signinBase(context.partition);
  const page = readSwitchPage(probe, { origin, context }, override);
  const request = buildSwitch(page, role, context);
  guard.check();

  if (request.mode === 'classic') {
    await inPage(tabId, { func: stageSwitchForm, args: [request.action, request.fields] });
    const posted = await inPage(tabId, { files: [SWITCH_FORM_FILE] });
    if (posted !== true) throw new SigvaultError('CONSOLE_CHANGED', 'The AWS console changed; use Open console instead (the switch form could not be posted).');
    return { tabId, mode: 'classic', destination: request.redirectUri };
  }
  const reply = await inPage(tabId, { func: postMultiSessionSwitch, args: [request.url, request.body] });
  const destination = readMultiSessionReply(reply, context.partition);
  guard.check();
  await browser.tabs.update(tabId, { url: destination });
  return { tabId, mode: 'multi-session', destination };
}
