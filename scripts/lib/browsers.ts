/**
 * Launching the built extension in real browsers: Debian's Chromium through playwright-core, Firefox ESR
 * through puppeteer-core's WebDriver BiDi. Shared by `npm start` (scripts/start.ts) and the browser tests
 * (test/e2e/harness.ts). Findings behind each flag: ../shared/browser-testing.md.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { chromium, type BrowserContext, type Page as PwPage, type Worker } from 'playwright-core';
import puppeteer, { type Browser as PpBrowser, type Page as PpPage } from 'puppeteer-core';

export const GECKO_ID = 'sigvault@sigvault.dev';

export class BrowserMissingError extends Error {}

function pick(envVar: string, candidates: string[], install: string): string {
  const fromEnv = process.env[envVar];
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new BrowserMissingError(`${envVar}=${fromEnv} does not exist. ${install}`);
    return fromEnv;
  }
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new BrowserMissingError(`No browser found at ${candidates.join(' or ')}. ${install}, or set ${envVar}.`);
  return found;
}

export function chromiumPath(): string {
  // The real binary: the /usr/bin/chromium wrapper adds an empty --load-extension= and other flags.
  return pick('CHROMIUM_PATH', ['/usr/lib/chromium/chromium', '/usr/bin/chromium'],
    'Install Debian\'s Chromium with `sudo apt-get install -y chromium`');
}
export function firefoxPath(): string {
  return pick('FIREFOX_PATH', ['/usr/bin/firefox-esr', '/usr/bin/firefox'],
    'Install Firefox ESR with `sudo apt-get install -y firefox-esr`');
}

/** Without these, Chromium keeps trying to reach Google's hosts, which this network refuses. */
const CHROMIUM_QUIET = ['--no-first-run', '--no-default-browser-check', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-gpu', '--disable-quic', '--password-store=basic'];

export interface ChromiumSession {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  origin: string;
}

/**
 * Stops Sigvault's service worker over CDP (as Chrome does after 30 s idle) through `page`, and waits
 * until Chromium reports it stopped. The next message to the extension starts it again.
 */
export async function stopServiceWorker(s: ChromiumSession, page: PwPage): Promise<void> {
  const cdp = await s.context.newCDPSession(page);
  const stopped = new Promise<void>((res) => {
    cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: { scriptURL: string; runningStatus: string }[] }) => {
      if (e.versions.some((v) => v.scriptURL.startsWith(s.origin) && v.runningStatus === 'stopped')) res();
    });
  });
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await Promise.race([stopped, new Promise((_, rej) => setTimeout(() => rej(new Error('worker did not stop')), 10_000))]);
  await cdp.detach();
}

/** Whether Sigvault's service worker is running now (starting counts), asked over CDP without waking it. */
export async function serviceWorkerRunning(s: ChromiumSession, page: PwPage): Promise<boolean> {
  const cdp = await s.context.newCDPSession(page);
  try {
    const status = new Promise<string>((res) => {
      cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: { scriptURL: string; runningStatus: string }[] }) => {
        const v = e.versions.find((x) => x.scriptURL.startsWith(s.origin));
        if (v) res(v.runningStatus);
      });
    });
    await cdp.send('ServiceWorker.enable');
    const got = await Promise.race([status, new Promise<string>((_, rej) => setTimeout(() => rej(new Error('no service worker status')), 5_000))]);
    return got === 'running' || got === 'starting';
  } finally {
    await cdp.detach();
  }
}

export async function launchChromium(opts: {
  extensionDirs: string[]; // the first is Sigvault
  profileDir: string;
  headless: boolean;
  extraArgs?: string[];
}): Promise<ChromiumSession> {
  const dirs = opts.extensionDirs.map((d) => resolve(d));
  mkdirSync(opts.profileDir, { recursive: true });
  const context = await chromium.launchPersistentContext(resolve(opts.profileDir), {
    executablePath: chromiumPath(),
    headless: opts.headless,
    args: [...CHROMIUM_QUIET, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      `--disable-extensions-except=${dirs.join(',')}`, `--load-extension=${dirs.join(',')}`, ...(opts.extraArgs ?? [])],
    viewport: { width: 900, height: 700 },
  });
  const worker = await sigvaultWorker(context, dirs[0]!);
  const extensionId = new URL(worker.url()).host; // .origin is 'null' for chrome-extension: in Node
  return { context, worker, extensionId, origin: `chrome-extension://${extensionId}` };
}

/** Finds Sigvault's service worker: the one whose manifest name is ours (another test extension may be loaded). */
async function sigvaultWorker(context: BrowserContext, _dir: string): Promise<Worker> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    for (const w of context.serviceWorkers()) {
      if (!w.url().startsWith('chrome-extension://')) continue;
      const name = await w.evaluate(() => (globalThis as unknown as { chrome: { runtime: { getManifest(): { short_name?: string } } } }).chrome.runtime.getManifest().short_name).catch(() => undefined);
      if (name === 'Sigvault') return w;
    }
    await context.waitForEvent('serviceworker', { timeout: 2_000 }).catch(() => undefined);
  }
  throw new Error('Sigvault\'s service worker never started. Is dist/chrome a Chrome build (background.service_worker)? Does its top-level code throw?');
}

export interface FirefoxSession {
  browser: PpBrowser;
  extensionId: string; // the gecko id
  uuid: string;
  origin: string;
}

export async function launchFirefox(opts: {
  extensionDirs: string[]; // the first is Sigvault
  profileDir?: string;
  headless: boolean;
  prefs?: Record<string, unknown>;
  /** Fixed moz-extension UUIDs for other add-ons installed with it (gecko id → uuid). */
  otherUuids?: Record<string, string>;
  /** Accept any TLS certificate (tests that serve AWS hostnames locally: test/e2e/harness.ts routeConsole). */
  acceptInsecureCerts?: boolean;
}): Promise<FirefoxSession> {
  const uuid = randomUUID();
  if (opts.profileDir) mkdirSync(opts.profileDir, { recursive: true });
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: opts.headless,
    ...(opts.profileDir ? { userDataDir: resolve(opts.profileDir) } : {}),
    // Lets BiDi navigate to moz-extension:// pages and evaluate in the privileged scope.
    args: ['--remote-allow-system-access'],
    ...(opts.acceptInsecureCerts ? { acceptInsecureCerts: true } : {}),
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ ...(opts.otherUuids ?? {}), [GECKO_ID]: uuid }),
      ...(opts.prefs ?? {}),
    },
  });
  for (const dir of opts.extensionDirs) await browser.installExtension(resolve(dir));
  return { browser, extensionId: GECKO_ID, uuid, origin: `moz-extension://${uuid}` };
}

/**
 * Firefox's remote agent drops navigation events for extension pages, so `page.goto()` never resolves:
 * navigate with raw BiDi and `wait: 'none'`, then wait for content.
 */
export async function firefoxNavigate(page: PpPage, url: string): Promise<void> {
  const conn = (page.browser() as unknown as { connection: { send(m: string, p: object): Promise<unknown> } }).connection;
  const context = (page.mainFrame() as unknown as { _id: string })._id;
  await conn.send('browsingContext.navigate', { context, url, wait: 'none' });
}

/**
 * Waits for a Firefox tab whose address starts with `prefix` and has loaded; returns its address and text.
 * Raw BiDi, not puppeteer's pages: a tab Sigvault opened in a Firefox container is in a user context
 * puppeteer did not make, and puppeteer does not list it.
 */
export async function firefoxTabText(browser: PpBrowser, prefix: string, timeoutMs: number): Promise<{ url: string; text: string }> {
  const conn = (browser as unknown as { connection: { send(m: string, p: object): Promise<{ result: any }> } }).connection;
  const bidi = (method: string, params: object) => conn.send(method, params).then((r) => r.result);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const tree = await bidi('browsingContext.getTree', {});
    for (const c of tree.contexts as { context: string; url: string }[]) {
      if (!c.url.startsWith(prefix)) continue;
      const r = await bidi('script.evaluate', {
        target: { context: c.context }, awaitPromise: false,
        expression: 'JSON.stringify([document.readyState, location.href, document.body?.textContent ?? ""])',
      }).catch(() => undefined);
      const [state, url, text] = r?.result?.value ? JSON.parse(r.result.value) as [string, string, string] : ['', '', ''];
      if (state === 'complete' && url.startsWith(prefix)) return { url, text };
    }
    if (Date.now() > deadline) throw new Error(`no tab at ${prefix}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Evaluates in Firefox's privileged ("chrome") scope: WebExtensionPolicy, Services. */
export async function firefoxChromeEval<T>(browser: PpBrowser, expression: string): Promise<T> {
  const conn = (browser as unknown as { connection: { send(m: string, p: object): Promise<{ result: unknown }> } }).connection;
  const tree = (await conn.send('browsingContext.getTree', { 'moz:scope': 'chrome' })) as unknown as { result: { contexts: { context: string }[] } };
  const ctx = tree.result.contexts[0]!.context;
  const res = (await conn.send('script.evaluate', { target: { context: ctx }, expression, awaitPromise: true, resultOwnership: 'none', serializationOptions: { maxObjectDepth: 10 } })) as unknown as {
    result: { type: string; result?: BiDiValue; exceptionDetails?: { text: string } };
  };
  if (res.result.type === 'exception') throw new Error(`chrome-scope eval failed: ${res.result.exceptionDetails?.text}`);
  return fromBiDi(res.result.result!) as T;
}

type BiDiValue = { type: string; value?: unknown };
function fromBiDi(v: BiDiValue): unknown {
  switch (v.type) {
    case 'undefined': case 'null': return v.type === 'null' ? null : undefined;
    case 'string': case 'number': case 'boolean': return v.value;
    case 'array': return (v.value as BiDiValue[]).map(fromBiDi);
    case 'object': return Object.fromEntries((v.value as [string, BiDiValue][]).map(([k, x]) => [k, fromBiDi(x)]));
    default: return v.value;
  }
}

export type { PwPage, PpPage };
