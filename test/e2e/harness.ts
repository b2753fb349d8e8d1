/**
 * One interface over both real browsers, for the browser tests: launch with the *built* extension
 * (dist/chrome or dist/firefox), open extension pages, send protocol messages from an extension page,
 * run code against the background's global scope, and stop the background.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest } from 'node:http';
import type { Socket } from 'node:net';
import { createServer as createHttpsServer } from 'node:https';
import { createHash, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  firefoxChromeEval, firefoxNavigate, firefoxTabText, launchChromium, launchFirefox, serviceWorkerRunning, stopServiceWorker,
  type ChromiumSession, type FirefoxSession, type PpPage, type PwPage,
} from '../../scripts/lib/browsers.ts';
import type { Reply, RequestPayload, RequestType } from '../../src/shared/protocol.ts';
import { CONSOLE_HOST_HEADER } from '../support/standin-console.ts';

export type Kind = 'chromium' | 'firefox';
export const KINDS: Kind[] = (process.env.SIGVAULT_BROWSERS ?? 'chromium,firefox').split(',').map((s) => s.trim()) as Kind[];

export interface ExtPage {
  evaluate<T, A>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T>;
  waitForSelector(selector: string, timeoutMs?: number): Promise<void>;
  /** The element's text, once it exists (waits up to 10 s in both browsers). */
  text(selector: string): Promise<string>;
  screenshot(path: string): Promise<void>;
  /** Keyboard and mouse as a user: focus `selector` and type `text` (appends), replace its value, click it. */
  type(selector: string, text: string): Promise<void>;
  fill(selector: string, text: string): Promise<void>;
  click(selector: string): Promise<void>;
  /** Presses a key in the focused element; modifiers joined with `+`, e.g. `Shift+Enter`. */
  press(key: string): Promise<void>;
  setViewport(width: number, height: number): Promise<void>;
  /** Makes this tab the active one (a background tab gets key events but, in Firefox, no default actions). */
  bringToFront(): Promise<void>;
  /** Emulates the system theme (`prefers-color-scheme`; Chromium only: Firefox over BiDi refuses it). */
  setColorScheme(scheme: 'light' | 'dark'): Promise<void>;
  /** Chooses a file in an `<input type=file>`. */
  setFile(selector: string, path: string): Promise<void>;
  close(): Promise<void>;
}

export interface ExtensionBrowser {
  kind: Kind;
  /** chrome-extension://<id> or moz-extension://<uuid> */
  origin: string;
  extensionId: string;
  /**
   * Opens an extension page in a new tab. `initScript` (Chromium only; Firefox runs none on extension
   * pages) runs in the page before any of its own scripts.
   */
  openPage(path: string, opts?: { initScript?: string }): Promise<ExtPage>;
  /** Opens a web page (an http(s) URL the test serves) in a new tab, loaded. */
  openWebPage(url: string): Promise<ExtPage>;
  /** Sends `{type, ...payload}` from an extension page (the options page) and returns the raw reply. */
  send<K extends RequestType>(type: K, payload: RequestPayload<K>): Promise<Reply<K>>;
  /** Runs `fn(backgroundGlobal, arg)` against the background's global scope (SW in Chrome, event page in Firefox). */
  inBackground<T, A = undefined>(fn: (g: any, arg: A) => T | Promise<T>, arg?: A): Promise<T>;
  /** Stops the background (CDP in Chromium, terminateBackground in Firefox). The next message wakes it. */
  stopBackground(): Promise<void>;
  /** Whether the background runs now (starting counts), asked without waking it. */
  backgroundRunning(): Promise<boolean>;
  /** Reloads the extension (as an update would): its pages close, storage.session is cleared. */
  reloadExtension(): Promise<void>;
  /** Chromium only: the system clipboard's text, and writing to it (as a user's copy would). */
  clipboard?: { read(): Promise<string>; write(text: string): Promise<void> };
  /** Waits for a tab whose URL starts with `prefix`; returns its URL and body text once loaded. */
  waitForTab(prefix: string, timeoutMs?: number): Promise<{ url: string; text: string }>;
  /**
   * Serves `html` at the https `url` from the test (AWS is unreachable), opens it in a tab and clicks
   * Sigvault's toolbar button there, which grants `activeTab` on that tab as a user's click does.
   * Chromium: Playwright routing and CDP `Extensions.triggerAction`. Firefox: puppeteer request
   * interception and the extension's own activeTab grant in the privileged scope.
   */
  openTabWithAction(url: string, html: string): Promise<void>;
  /**
   * Firefox only: a raw WebDriver BiDi command. Tabs in containers the extension made are not among
   * puppeteer's pages, but BiDi's `browsingContext.getTree` and `script.evaluate` reach them.
   */
  bidi?(method: string, params: object): Promise<any>;
  /** Firefox only: evaluates in the privileged ("chrome") scope (Services, WebExtensionPolicy). */
  chromeEval?<T>(expression: string): Promise<T>;
  /**
   * Firefox only: a PNG of the whole browser window, tab strip and address bar included (where a
   * container shows its colour and name), with the first tab whose cookie store is `cookieStoreId`
   * selected. Page screenshots cannot show this.
   */
  windowScreenshot?(path: string, cookieStoreId: string): Promise<void>;
  /** Errors the extension's own scripts raised so far (uncaught page errors; Firefox: its console service). */
  extensionErrors(): Promise<string[]>;
  /** With `foreign: true` at launch: another extension messages Sigvault; returns what it got. */
  foreignMessage(): Promise<{ delivered: boolean; reply?: unknown; error?: string }>;
  /**
   * With `foreign: true`: what the other extension (permissions `tabs`, `history`) saw — every tab address
   * it was told of (tabs.onCreated/onUpdated) and History's URLs.
   */
  foreignObserved(): Promise<{ urls: string[]; history: string[] }>;
  close(): Promise<void>;
}

const SEND_TIMEOUT = 20_000;

/** Evaluated inside an extension page: sends a message with a timeout (a dead background never answers). */
function sendFromPage([msg, timeout]: [unknown, number]): Promise<unknown> {
  const api = (globalThis as any).browser ?? (globalThis as any).chrome;
  return Promise.race([
    api.runtime.sendMessage(msg),
    new Promise((_, reject) => setTimeout(() => reject(new Error(`no reply within ${timeout} ms`)), timeout)),
  ]);
}

const FOREIGN_DIR = resolve('test/fixtures/foreign-extension');
const FOREIGN_ID_FIREFOX = 'foreign@sigvault.test';

export async function launch(kind: Kind, opts: {
  foreign?: boolean; profileDir?: string; routeConsole?: string;
  /** a copy of the build to load instead (benchmarks add pages to it) */
  dist?: string;
  /**
   * The extension page `send`, `inBackground` and `stopBackground` act from (default the options page).
   * Benchmarks that time page opens use a script-less one: extension pages share one renderer process, and
   * the options page with thousands of identities in its signing-agent `<select>` restyles them all (47–64 ms; Blink's
   * `PlatformColorChange` when its tab loses focus) each time another tab opens, on the main thread the timed
   * page needs.
   */
  driver?: string;
} = {}): Promise<ExtensionBrowser> {
  const dist = resolve(opts.dist ?? (kind === 'chromium' ? 'dist/chrome' : 'dist/firefox'));
  const dirs = [dist, ...(opts.foreign ? [FOREIGN_DIR] : [])];
  const driver = opts.driver ?? 'src/options/index.html';
  return kind === 'chromium' ? launchChromiumHarness(dirs, driver, opts.profileDir, opts.routeConsole) : launchFirefoxHarness(dirs, driver, opts.profileDir, opts.routeConsole);
}

/**
 * `launch(kind, { routeConsole: standinUrl })` (Chromium): the AWS console's real hostnames
 * (`console.aws.amazon.com`, `*.console.aws.amazon.com`, GovCloud and China too) resolve to a local
 * HTTPS front that passes every request to the stand-in's console (test/support/standin-console.ts),
 * naming the host in a header. Tabs keep the real AWS addresses, as users' tabs have, so the extension
 * sees what it would see on AWS (session hosts, landings, sign-out pages).
 *
 * Why not Playwright's `context.route`: tabs the extension opens navigate before Playwright's
 * interception is attached to them (their first console request went to DNS: ERR_NAME_NOT_RESOLVED), so
 * this is done below the browsers' network stacks instead. Chromium: `--host-resolver-rules` maps the
 * hosts to the front, `--ignore-certificate-errors` accepts its self-signed certificate. Firefox: a PAC
 * script sends only those hosts to the front as an HTTP proxy (CONNECT), and the session accepts
 * insecure certificates (WebDriver BiDi `acceptInsecureCerts`). Both for this test browser only.
 */
async function routeConsoleTo(standinUrl: string): Promise<{ args: string[]; firefoxPrefs: Record<string, unknown>; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'sigvault-console-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    '-days', '1', '-subj', '/CN=console.aws.amazon.com'], { stdio: 'ignore' });
  const server = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const fwd = httpRequest(standinUrl + (req.url ?? '/'), { method: req.method, headers: { [CONSOLE_HOST_HEADER]: host, ...(req.headers['content-type'] ? { 'content-type': req.headers['content-type'] } : {}) } }, (up) => {
        const headers = { ...up.headers };
        delete headers['access-control-allow-origin'];
        res.writeHead(up.statusCode ?? 502, headers);
        up.pipe(res);
      });
      fwd.on('error', () => { res.writeHead(502); res.end(); });
      fwd.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  // Firefox's way in: an HTTP proxy whose CONNECT tunnels end in the same TLS server
  const proxy = createHttpServer((_req, res) => { res.writeHead(405); res.end(); });
  proxy.on('connect', (_req, socket: Socket, head: Buffer) => {
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length) socket.unshift(head);
    server.emit('connection', socket);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
  const proxyPort = (proxy.address() as { port: number }).port;
  const hosts = ['console.aws.amazon.com', 'console.amazonaws-us-gov.com', 'console.amazonaws.cn'];
  const rules = hosts.flatMap((h) => [`MAP ${h} 127.0.0.1:${port}`, `MAP *.${h} 127.0.0.1:${port}`]).join(',');
  const pac = `function FindProxyForURL(url, host) { var h = ${JSON.stringify(hosts)}; for (var i = 0; i < h.length; i++) { if (host == h[i] || dnsDomainIs(host, '.' + h[i])) return 'PROXY 127.0.0.1:${proxyPort}'; } return 'DIRECT'; }`;
  return {
    args: [`--host-resolver-rules=${rules}`, '--ignore-certificate-errors'],
    firefoxPrefs: { 'network.proxy.type': 2, 'network.proxy.autoconfig_url': `data:application/x-ns-proxy-autoconfig,${encodeURIComponent(pac)}` },
    close: () => new Promise<void>((r) => {
      proxy.closeAllConnections();
      proxy.close();
      server.closeAllConnections();
      server.close(() => r());
      rmSync(dir, { recursive: true, force: true });
    }),
  };
}

async function launchChromiumHarness(dirs: string[], driverPath: string, profileDir?: string, routeConsole?: string): Promise<ExtensionBrowser> {
  const ownProfile = !profileDir;
  const profile = profileDir ?? mkdtempSync(join(tmpdir(), 'sigvault-chromium-'));
  const front = routeConsole ? await routeConsoleTo(routeConsole) : undefined;
  const s: ChromiumSession = await launchChromium({ extensionDirs: dirs, profileDir: profile, headless: true, ...(front ? { extraArgs: front.args } : {}) });
  let driver: PwPage | undefined;
  const errors: string[] = [];
  s.context.on('weberror', (e) => errors.push(String(e.error())));
  const wrap = (p: PwPage): ExtPage => ({
    evaluate: (fn, arg) => p.evaluate(fn as any, arg),
    waitForSelector: async (sel, timeout = 15_000) => { await p.waitForSelector(sel, { timeout }); },
    text: async (sel) => (await p.textContent(sel)) ?? '',
    screenshot: async (path) => { await p.screenshot({ path }); },
    type: async (sel, text) => { await p.focus(sel); await p.keyboard.type(text); },
    fill: async (sel, text) => { await p.fill(sel, text); },
    click: async (sel) => { await p.click(sel); },
    press: async (key) => { await p.keyboard.press(key); },
    setViewport: async (width, height) => { await p.setViewportSize({ width, height }); },
    bringToFront: () => p.bringToFront(),
    setColorScheme: (colorScheme) => p.emulateMedia({ colorScheme }),
    setFile: async (sel, path) => { await p.setInputFiles(sel, path); },
    close: () => p.close(),
  });
  const openPage = async (path: string, opts: { initScript?: string } = {}) => {
    const p = await s.context.newPage();
    if (opts.initScript) await p.addInitScript(opts.initScript);
    await p.goto(`${s.origin}/${path.replace(/^\//, '')}`);
    return p;
  };
  const driverPage = async () => (driver ??= await openPage(driverPath));
  return {
    kind: 'chromium',
    origin: s.origin,
    extensionId: s.extensionId,
    openPage: async (path, opts) => wrap(await openPage(path, opts)),
    openWebPage: async (url) => {
      const p = await s.context.newPage();
      await p.goto(url);
      return wrap(p);
    },
    send: async (type, payload) => (await driverPage()).evaluate(sendFromPage, [{ ...payload, type }, SEND_TIMEOUT] as [unknown, number]) as Promise<any>,
    inBackground: async (fn, arg) => {
      // Wake it first: Playwright's Worker handle outlives a stopped worker and works again once it restarts.
      await (await driverPage()).evaluate(sendFromPage, [{ type: 'app.ping' }, SEND_TIMEOUT] as [unknown, number]);
      return s.worker.evaluate(`(${fn.toString()})(self, ${JSON.stringify(arg ?? null)})`) as Promise<any>;
    },
    stopBackground: async () => { await stopServiceWorker(s, await driverPage()); },
    backgroundRunning: async () => serviceWorkerRunning(s, await driverPage()),
    reloadExtension: async () => {
      // chrome.runtime.reload() unloads an extension loaded with --load-extension in headless Chromium
      // for good; loading the same path again over CDP reloads it in place, as an update does.
      await driver?.close().catch(() => undefined);
      driver = undefined;
      const next = s.context.waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith(s.origin), timeout: 20_000 });
      const cdp = await s.context.browser()!.newBrowserCDPSession();
      const { id } = (await cdp.send('Extensions.loadUnpacked' as any, { path: dirs[0] })) as { id: string };
      if (id !== s.extensionId) throw new Error(`reloaded as another extension (${id})`);
      s.worker = await next;
    },
    waitForTab: async (prefix, timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const p = s.context.pages().find((x) => x.url().startsWith(prefix));
        if (p) {
          await p.waitForLoadState('load');
          return { url: p.url(), text: (await p.textContent('body')) ?? '' };
        }
        if (Date.now() > deadline) throw new Error(`no tab at ${prefix} (tabs: ${s.context.pages().map((x) => x.url()).join(', ')})`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    clipboard: {
      read: async () => {
        await s.context.grantPermissions(['clipboard-read', 'clipboard-write']);
        const p = await driverPage();
        await p.bringToFront();
        return p.evaluate(() => navigator.clipboard.readText());
      },
      write: async (text) => {
        await s.context.grantPermissions(['clipboard-read', 'clipboard-write']);
        const p = await driverPage();
        await p.bringToFront();
        await p.evaluate((t) => navigator.clipboard.writeText(t), text);
      },
    },
    openTabWithAction: async (url, html) => {
      await s.context.route(url.replace(/[?#].*$/, '') + '*', (r) => r.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
      // the served page may call the loopback stand-in (the console's own switch-role request): Chromium's
      // Local Network Access asks the user first; a test grants it, as a user would (AWS's real hosts are public)
      await s.context.grantPermissions(['local-network-access'], { origin: new URL(url).origin }).catch(() => undefined);
      const p = await s.context.newPage();
      await p.goto(url);
      await p.bringToFront();
      const cdp = await s.context.browser()!.newBrowserCDPSession();
      const { targetInfos } = (await cdp.send('Target.getTargets' as any, { filter: [{ type: 'tab' }] })) as { targetInfos: { targetId: string; type: string; url: string }[] };
      const tab = targetInfos.find((x) => x.type === 'tab' && x.url === p.url());
      if (!tab) throw new Error(`no tab target at ${p.url()}`);
      await cdp.send('Extensions.triggerAction' as any, { id: s.extensionId, targetId: tab.targetId });
      await cdp.detach();
    },
    extensionErrors: async () => [...errors],
    foreignMessage: () => chromiumForeign(s, `globalThis.tryMessage(${JSON.stringify(s.extensionId)})`),
    foreignObserved: () => chromiumForeign(s, 'globalThis.readObserved()'),
    close: async () => {
      await s.context.close();
      await front?.close();
      if (ownProfile) rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Evaluates `expr` in a page of the other extension (stopAllWorkers may have stopped its worker; a page always runs). */
async function chromiumForeign(s: ChromiumSession, expr: string): Promise<any> {
  const p = await s.context.newPage();
  await p.goto(`chrome-extension://${unpackedExtensionId(FOREIGN_DIR)}/page.html`);
  const r = await p.evaluate(expr);
  await p.close();
  return r;
}

async function launchFirefoxHarness(dirs: string[], driverPath: string, profileDir?: string, routeConsole?: string): Promise<ExtensionBrowser> {
  const foreignUuid = randomUUID();
  const front = routeConsole ? await routeConsoleTo(routeConsole) : undefined;
  const s: FirefoxSession = await launchFirefox({
    extensionDirs: dirs, headless: true, otherUuids: { [FOREIGN_ID_FIREFOX]: foreignUuid }, ...(profileDir ? { profileDir } : {}),
    ...(front ? { prefs: front.firefoxPrefs, acceptInsecureCerts: true } : {}),
  });
  const firefoxForeign = async (expr: string): Promise<any> => {
    const p = await s.browser.newPage();
    await firefoxNavigate(p, `moz-extension://${foreignUuid}/page.html`);
    await p.waitForSelector('#ready', { timeout: 15_000 });
    const r = await p.evaluate(expr);
    await p.close();
    return r;
  };
  let driver: PpPage | undefined;
  const openPage = async (path: string) => {
    const p = await s.browser.newPage();
    await firefoxNavigate(p, `${s.origin}/${path.replace(/^\//, '')}`);
    await p.waitForFunction(() => document.readyState === 'complete' && location.protocol === 'moz-extension:', { timeout: 15_000 });
    return p;
  };
  const wrap = (p: PpPage): ExtPage => ({
    evaluate: (fn, arg) => p.evaluate(fn as any, arg) as any,
    waitForSelector: async (sel, timeout = 15_000) => { await p.waitForSelector(sel, { timeout }); },
    // waits for the element first, as Playwright's textContent does in Chromium
    text: async (sel) => { await p.waitForSelector(sel, { timeout: 10_000 }); return p.$eval(sel, (e) => e.textContent ?? ''); },
    screenshot: async (path) => { await p.screenshot({ path: path as `${string}.png` }); },
    type: async (sel, text) => { await p.focus(sel); await p.keyboard.type(text); },
    fill: async (sel, text) => {
      await p.focus(sel);
      await p.$eval(sel, (e) => { (e as HTMLInputElement).select(); });
      if (text === '') await p.keyboard.press('Backspace');
      else await p.keyboard.type(text);
    },
    // like Playwright's click (Chromium), wait for the element first: a panel that re-renders after a
    // selection change is briefly without it
    click: async (sel) => { await p.waitForSelector(sel, { timeout: 15_000 }); await p.click(sel); },
    press: async (key) => {
      // puppeteer presses one key at a time: hold the modifiers around it
      const parts = key.split('+');
      const main = parts.pop()!;
      for (const m of parts) await p.keyboard.down(m as any);
      await p.keyboard.press(main as any);
      for (const m of parts.reverse()) await p.keyboard.up(m as any);
    },
    setViewport: async (width, height) => { await p.setViewport({ width, height }); },
    bringToFront: () => p.bringToFront(),
    setColorScheme: (value) => p.emulateMediaFeatures([{ name: 'prefers-color-scheme', value }]),
    setFile: async (sel, path) => {
      const input = await p.$(sel);
      if (!input) throw new Error(`no ${sel}`);
      await (input as unknown as { uploadFile(...paths: string[]): Promise<void> }).uploadFile(path);
    },
    close: () => p.close(),
  });
  const driverPage = async () => (driver ??= await openPage(driverPath));
  return {
    kind: 'firefox',
    origin: s.origin,
    extensionId: s.extensionId,
    openPage: async (path) => wrap(await openPage(path)),
    openWebPage: async (url) => {
      const p = await s.browser.newPage();
      await p.goto(url);
      return wrap(p);
    },
    send: async (type, payload) => (await driverPage()).evaluate(sendFromPage, [{ ...payload, type }, SEND_TIMEOUT] as [unknown, number]) as Promise<any>,
    inBackground: async (fn, arg) => {
      const page = await driverPage();
      return page.evaluate(`(async () => { const bg = await browser.runtime.getBackgroundPage(); return (${fn.toString()})(bg, ${JSON.stringify(arg ?? null)}); })()`) as Promise<any>;
    },
    stopBackground: async () => {
      await firefoxChromeEval(s.browser, `(async () => {
        const ext = WebExtensionPolicy.getByID(${JSON.stringify(s.extensionId)}).extension;
        await ext.terminateBackground({ ignoreDevToolsAttached: true, disableResetIdleForTest: true });
        return ext.backgroundState;
      })()`);
    },
    backgroundRunning: async () => {
      const state = await firefoxChromeEval<string>(s.browser, `WebExtensionPolicy.getByID(${JSON.stringify(s.extensionId)}).extension.backgroundState`);
      return state === 'running' || state === 'starting';
    },
    reloadExtension: async () => {
      const page = await driverPage();
      const before = (await page.evaluate(sendFromPage, [{ type: 'app.ping' }, SEND_TIMEOUT] as [unknown, number])) as { result: { workerStarts: number } };
      driver = undefined;
      await page.evaluate(() => { setTimeout(() => (globalThis as any).browser.runtime.reload(), 10); }).catch(() => undefined);
      // Back when a new background has started (its start counter moved on).
      const deadline = Date.now() + 20_000;
      for (;;) {
        await new Promise((r) => setTimeout(r, 250));
        const starts = await (async () => {
          const p = await driverPage();
          return ((await p.evaluate(sendFromPage, [{ type: 'app.ping' }, 2_000] as [unknown, number])) as { result: { workerStarts: number } }).result.workerStarts;
        })().catch(() => { driver = undefined; return -1; });
        if (starts > before.result.workerStarts) break;
        if (Date.now() > deadline) throw new Error('the add-on did not come back after reload');
      }
    },
    waitForTab: (prefix, timeoutMs = 20_000) => firefoxTabText(s.browser, prefix, timeoutMs),
    openTabWithAction: async (url, html) => {
      const p = await s.browser.newPage();
      await p.setRequestInterception(true);
      p.on('request', (req) => {
        if (req.url().startsWith(url.replace(/[?#].*$/, ''))) void req.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
        else void req.continue();
      });
      await p.goto(url);
      await p.bringToFront();
      // what a click on the toolbar button does for activeTab (ext-browserAction: tabManager.addActiveTabPermission)
      await firefoxChromeEval(s.browser, `(() => {
        const ext = WebExtensionPolicy.getByID(${JSON.stringify(s.extensionId)}).extension;
        const win = Services.wm.getMostRecentWindow('navigator:browser');
        const tab = win.gBrowser.tabs.find((t) => t.linkedBrowser.currentURI.spec === ${JSON.stringify(url)});
        if (!tab) throw new Error('no such tab');
        ext.tabManager.addActiveTabPermission(tab);
        return true;
      })()`);
    },
    bidi: async (method, params) => ((await (s.browser as unknown as { connection: { send(m: string, p: object): Promise<{ result: unknown }> } }).connection.send(method, params)).result),
    chromeEval: (expression) => firefoxChromeEval(s.browser, expression),
    windowScreenshot: async (path, cookieStoreId) => {
      const userContextId = Number(/^firefox-container-(\d+)$/.exec(cookieStoreId)?.[1]);
      if (!Number.isInteger(userContextId)) throw new Error(`not a container: ${cookieStoreId}`);
      const png = await firefoxChromeEval<string>(s.browser, `(async () => {
        const win = Services.wm.getMostRecentWindow('navigator:browser');
        const tab = win.gBrowser.tabs.find((t) => t.userContextId === ${userContextId});
        if (!tab) throw new Error('no tab in that container');
        win.gBrowser.selectedTab = tab;
        await new Promise((r) => setTimeout(r, 500));
        const bmp = await win.browsingContext.currentWindowGlobal.drawSnapshot(null, 1, 'white');
        const c = win.document.createElementNS('http://www.w3.org/1999/xhtml', 'canvas');
        c.width = bmp.width; c.height = bmp.height;
        c.getContext('2d').drawImage(bmp, 0, 0);
        return c.toDataURL('image/png');
      })()`);
      writeFileSync(path, Buffer.from(png.slice(png.indexOf(',') + 1), 'base64'));
    },
    extensionErrors: () => firefoxChromeEval<string[]>(s.browser, `Services.console.getMessageArray()
      .filter((m) => m instanceof Ci.nsIScriptError && !(m.flags & Ci.nsIScriptError.warningFlag)
        && String(m.sourceName).startsWith(${JSON.stringify(s.origin)}))
      .map((m) => m.errorMessage + ' @ ' + m.sourceName + ':' + m.lineNumber)`),
    foreignMessage: () => firefoxForeign(`globalThis.tryMessage(${JSON.stringify(s.extensionId)})`),
    foreignObserved: () => firefoxForeign('globalThis.readObserved()'),
    close: async () => { await s.browser.close(); await front?.close(); },
  };
}


/** The result of a request that must succeed; otherwise the test fails with the whole reply. */
export async function ok<T = any>(p: Promise<{ ok: boolean; result?: any; error?: any }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r.result as T;
}

/** Chromium's id for an unpacked extension: sha256 of its absolute path, first 32 hex digits mapped 0-f → a-p. */
export function unpackedExtensionId(dir: string): string {
  const hex = createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

/**
 * Points every partition's STS and sign-in endpoints at a local stand-in (`url`): sealed settings, so the
 * vault must be unlocked; a loopback override must be confirmed, as a user does on the options page.
 */
export async function useStandin(b: ExtensionBrowser, url: string): Promise<void> {
  const endpoints = { aws: { sts: url, signin: url }, 'aws-cn': { sts: url, signin: url }, 'aws-us-gov': { sts: url, signin: url } };
  const r = await b.send('settings.set', { endpoints, confirmEndpoint: true });
  if (!r.ok) throw new Error(`settings.set (endpoints → ${url}) failed: ${JSON.stringify(r.error)}`);
}

/** Runs in an extension page (`page.evaluate(recordEvents)`): records every background event in `globalThis.events`. */
export function recordEvents(): void {
  const api = (globalThis as any).browser ?? (globalThis as any).chrome;
  (globalThis as any).events = [];
  api.runtime.onMessage.addListener((m: unknown) => { (globalThis as any).events.push(m); });
}
/** Runs in that page: the events recorded so far. */
export function readEvents(): unknown[] {
  return (globalThis as any).events;
}
