/**
 * What `console.switchRole` runs in a console page's main world (`scripting.executeScript` with
 * `world: 'MAIN'`, on the tab the user pointed at: activeTab), one call at a time:
 * - `console/probe.js` (public/): reads the sign-in endpoint, multi-session data, CSRF value and account;
 * - {@link stageSwitchForm} then `console/switch-form.js` (public/): the classic form post;
 * - {@link postMultiSessionSwitch}: the multi-session JSON request.
 * The DOM-touching parts are files, not functions here: this module is in the service worker's graph,
 * which must hold no DOM code (scripts/check-worker.ts). Functions given to executeScript are serialized
 * and run in the page: no imports, no closures. What comes back is untrusted
 * (src/core/console/switch-page.ts checks it).
 * @module
 */

export const PROBE_FILE = 'console/probe.js';
export const SWITCH_FORM_FILE = 'console/switch-form.js';

/** Leaves the checked form for `console/switch-form.js` (which removes it at once). Runs in the page. */
export function stageSwitchForm(action: string, fields: [string, string][]): boolean {
  (globalThis as Record<string, unknown>)['__sigvaultSwitchRole'] = { action, fields };
  return true;
}

/** The multi-session switch: the JSON request with the page's cookies; returns the status and body text. Runs in the page. */
export async function postMultiSessionSwitch(url: string, body: Record<string, string>): Promise<{ status: number; body: string }> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      credentials: 'include',
      redirect: 'error',
      headers: { 'X-CSRF-PROTECTION': '1', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text.slice(0, 65_536) };
  } catch {
    return { status: 0, body: '' };
  }
}
