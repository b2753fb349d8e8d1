/**
 * `npm start`: builds the extension and launches it in a real browser with a fresh profile under
 * .profile/ (like `web-ext run`).
 *   npm start                          Chromium, windowed
 *   npm start -- --firefox             Firefox ESR, windowed
 *   npm start -- --headless --smoke    launch headless, wait for the background to answer app.ping,
 *                                      print the reply, exit 0 (add --firefox for Firefox)
 *   --keep-profile                     reuse .profile/<browser> instead of starting fresh
 */
import { rmSync } from 'node:fs';
import { build } from './build.ts';
import { BrowserMissingError, firefoxNavigate, launchChromium, launchFirefox } from './lib/browsers.ts';

const KNOWN = new Set(['--firefox', '--chrome', '--headless', '--smoke', '--keep-profile', '--help']);
const args = new Set(process.argv.slice(2));
const out = (s: string) => process.stdout.write(s + '\n');
const fail = (s: string, code = 1): never => { process.stderr.write(`npm start: ${s}\n`); process.exit(code); };

for (const a of args) if (!KNOWN.has(a)) fail(`unknown option ${a}. Options: ${[...KNOWN].join(' ')}`, 2);
if (args.has('--help')) { out(readmeUsage()); process.exit(0); }

const firefox = args.has('--firefox');
const headless = args.has('--headless');
const smoke = args.has('--smoke');
const target = firefox ? 'firefox' : 'chrome';

if (!headless && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  fail('no display found (DISPLAY and WAYLAND_DISPLAY are unset), so a browser window cannot open here.\n' +
    '  For a check without a window:  npm start -- --headless --smoke' + (firefox ? ' --firefox' : '') + '\n' +
    '  For a virtual display:         xvfb-run -a npm start' + (firefox ? ' -- --firefox' : ''));
}

const profileDir = `.profile/${firefox ? 'firefox' : 'chromium'}`;
if (!args.has('--keep-profile')) rmSync(profileDir, { recursive: true, force: true });

const SMOKE_TIMEOUT = 30_000;

async function main(): Promise<void> {
  build(target, true);
  out(`built dist/${target}`);
  if (firefox) {
    const s = await launchFirefox({ extensionDirs: ['dist/firefox'], profileDir, headless });
    out(`Firefox ESR running Sigvault at ${s.origin}`);
    const page = await s.browser.newPage();
    await firefoxNavigate(page, `${s.origin}/src/popup/index.html`);
    if (smoke) {
      await page.waitForSelector('#status[data-state="ok"]', { timeout: SMOKE_TIMEOUT });
      const reply = await page.evaluate(() => (globalThis as any).browser.runtime.sendMessage({ type: 'app.ping' }));
      out(`app.ping → ${JSON.stringify(reply)}`);
      await s.browser.close();
      return;
    }
    out('Close the browser window to stop.');
    await new Promise((res) => s.browser.on('disconnected', res));
    return;
  }
  const s = await launchChromium({ extensionDirs: ['dist/chrome'], profileDir, headless });
  out(`Chromium running Sigvault at ${s.origin}`);
  const page = await s.context.newPage();
  await page.goto(`${s.origin}/src/popup/index.html`);
  if (smoke) {
    await page.waitForSelector('#status[data-state="ok"]', { timeout: SMOKE_TIMEOUT });
    const reply = await page.evaluate(() => (globalThis as any).chrome.runtime.sendMessage({ type: 'app.ping' }));
    out(`app.ping → ${JSON.stringify(reply)}`);
    await s.context.close();
    return;
  }
  out('Close the browser window to stop.');
  await new Promise((res) => s.context.on('close', res));
}

function readmeUsage(): string {
  return 'npm start [-- --firefox] [--headless] [--smoke] [--keep-profile]   (see README.md)';
}

const timer = smoke ? setTimeout(() => fail(`smoke check timed out after ${SMOKE_TIMEOUT / 1000 + 30} s`), SMOKE_TIMEOUT + 30_000) : undefined;
main().then(() => { if (timer) clearTimeout(timer); process.exit(0); }, (e: unknown) => {
  if (e instanceof BrowserMissingError) fail(e.message);
  fail(e instanceof Error ? e.stack ?? e.message : String(e));
});
