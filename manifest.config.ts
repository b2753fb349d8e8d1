/**
 * The one manifest source. `vite.config.ts` turns it into dist/chrome/manifest.json (MV3 service worker)
 * and dist/firefox/manifest.json (event page + gecko settings). Permissions are minimal: each one is
 * listed with the feature that needs it.
 */
import { defineManifest } from '@crxjs/vite-plugin';
import pkg from './package.json' with { type: 'json' };

export type Target = 'chrome' | 'firefox';

export const GECKO_ID = 'sigvault@sigvault.dev';

export function parseTarget(value: string | undefined): Target {
  const t = value ?? 'chrome';
  if (t !== 'chrome' && t !== 'firefox') throw new Error(`TARGET must be "chrome" or "firefox", got "${t}"`);
  return t;
}

/**
 * The CSP of every extension context. Both browsers apply it to the background too (Chrome's service
 * worker, Firefox's event page), so `connect-src` must let the background reach STS and the sign-in
 * endpoints: AWS's hosts and custom endpoints over https, loopback emulators over http (CSP cannot name
 * an IPv6 literal, so `http://[::1]` is not reachable). The pages (popup, options, the offscreen clipboard
 * document, the sign-in page) talk to the background by messaging only: each adds `connect-src 'none'` in
 * a meta tag, which narrows this policy further. Images only from the extension or `data:`, so no stored
 * value can make a page load an outside address. `form-action` is open here because the sign-in page
 * posts the console login form to AWS's sign-in host (or a confirmed override); every other page adds
 * `form-action 'none'` in its meta tag.
 */
export const EXTENSION_PAGES_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "img-src 'self' data:",
  'connect-src https: http://127.0.0.1:* http://localhost:*',
].join('; ');

export function makeManifest(target: Target) {
  const common = {
    manifest_version: 3 as const,
    name: '__MSG_extName__',
    short_name: 'Sigvault',
    description: '__MSG_extDescription__',
    version: pkg.version,
    default_locale: 'en',
    icons: { 16: 'icons/icon-16.png', 32: 'icons/icon-32.png', 48: 'icons/icon-48.png', 128: 'icons/icon-128.png' },
    action: {
      default_popup: 'src/popup/index.html',
      default_title: '__MSG_actionTitle__',
      default_icon: { 16: 'icons/icon-16.png', 32: 'icons/icon-32.png' },
    },
    options_ui: { page: 'src/options/index.html', open_in_tab: true },
    commands: {
      _execute_action: { suggested_key: { default: 'Alt+Shift+S' }, description: '__MSG_cmdOpenPopup__' },
      'lock-vault': { suggested_key: { default: 'Alt+Shift+L' }, description: '__MSG_cmdLockVault__' },
    },
    permissions: [
      'storage', // vault key in storage.session (memory only), non-secret settings in storage.local
      'alarms', // auto-lock after idle time
      'idle', // lock when the OS session locks
      'clipboardWrite', // empty the clipboard 30 s after credentials were copied
      // the URL of the tab the popup was opened over (no install warning, unlike `tabs`): an AWS console
      // page there is offered as the console.open destination (tab.consoleContext)
      'activeTab',
      // console.switchRole (switch role inside a signed-in console): in the console tab the request names
      // (the one the popup was opened over, or `tabId`), read the page's sign-in endpoint, CSRF value and
      // account once, and post the console's own Switch Role there. No standing content script. With the
      // console host permissions below, any console tab is scriptable: only that one tab is ever injected.
      'scripting',
      // SAML sign-in capture (opt-in, src/background/saml/capture.ts): a NON-blocking onBeforeRequest
      // listener with requestBody reads the SAMLResponse the browser posts to AWS's SAML endpoints (hosts
      // below) and confirmed extra endpoints; requests are never changed or blocked.
      'webRequest',
    ] as string[],
    // STS and AWS Sign-In (console federation) in every partition. With host permission the background's
    // requests skip CORS (the sign-in endpoint does not serve CORS headers). Loopback (any port) is for
    // LocalStack-style emulators and the test stand-in; any other custom endpoint is asked for when set.
    host_permissions: [
      'https://*.amazonaws.com/*',
      'https://*.amazonaws.com.cn/*',
      'https://signin.aws.amazon.com/*',
      'https://*.signin.aws.amazon.com/*',
      'https://signin.amazonaws-us-gov.com/*',
      'https://*.signin.amazonaws-us-gov.com/*', // regional SAML sign-in (the capture hears only hosts it may)
      'https://signin.amazonaws.cn/*',
      'https://*.signin.amazonaws.cn/*',
      'http://127.0.0.1/*',
      'http://localhost/*',
      // The AWS console's own hosts (all three partitions, session subdomains included): console sessions
      // (console.sessions, docs/console-sessions.md) find a session's tabs and see a sign-in tab land on
      // its session host through tabs.query / tabs.onUpdated, which show a tab's address only for hosts
      // Sigvault has permission for (no `tabs` permission). No content script runs there.
      'https://console.aws.amazon.com/*',
      'https://*.console.aws.amazon.com/*',
      'https://console.amazonaws-us-gov.com/*',
      'https://*.console.amazonaws-us-gov.com/*',
      'https://console.amazonaws.cn/*',
      'https://*.console.amazonaws.cn/*',
    ],
    optional_host_permissions: ['https://*/*'],
    // No other extension and no web page may message Sigvault (Chrome; Firefox has no onMessageExternal listener).
    externally_connectable: { ids: [] as string[] },
    content_security_policy: { extension_pages: EXTENSION_PAGES_CSP },
  };
  if (target === 'chrome') {
    return defineManifest({
      ...common,
      permissions: [...common.permissions, 'offscreen'], // the clipboard, from a document (a worker has none)
      minimum_chrome_version: '121',
      background: { service_worker: 'src/background/index.ts', type: 'module' },
    });
  }
  return defineManifest({
    ...common,
    permissions: [
      ...common.permissions,
      // Firefox containers (console.open in an identity's own container, console.containers,
      // console.cleanupContainers): creating, renaming and removing containers needs
      // `contextualIdentities`; opening a tab in one (`tabs.create({ cookieStoreId })`) needs `cookies`.
      // Chromium has no containers, so neither is asked for there.
      'contextualIdentities',
      'cookies',
    ],
    background: { scripts: ['src/background/index.ts'], type: 'module' },
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: '140.0',
        data_collection_permissions: { required: ['none'] },
      },
      gecko_android: { strict_min_version: '142.0' },
    },
  } as Parameters<typeof defineManifest>[0]);
}
