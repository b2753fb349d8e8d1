/**
 * Opens the request console (src/requests/) in a tab, with `route` in its hash (an identity id and the
 * mode: never a secret), and closes the popup. Tiny on purpose: the console's code is its own page's.
 * @module
 */
import { browser } from '../platform/browser.ts';
import { REQUESTS_PAGE, requestsHash, type RequestsRoute } from '../shared/requests-page.ts';

export async function openRequestsPage(route: RequestsRoute = { mode: 'send' }): Promise<void> {
  await browser.tabs.create({ url: browser.runtime.getURL(REQUESTS_PAGE) + requestsHash(route) });
  window.close();
}
