/**
 * `npm start`: builds the extension and launches it in a real browser with a fresh profile under
 * .profile/ (like `web-ext run`).
 *   npm start                          Chromium, windowed
 *   npm start -- --firefox             Firefox ESR, windowed
 *   npm start -- --headless --smoke    launch headless, wait for the background to answer app.ping,
 *                                      print the reply, exit 0 (add --firefox for Firefox)
 *   --keep-profile                     reuse .profile/<browser> instead of starting fresh
 *   npm start -- --demo                starts the local STS / sign-in stand-in on 127.0.0.1, points the
 *                                      extension at it and fills a demo vault (passphrase and MFA code
 *                                      printed here); never touches AWS. With --headless --smoke it also
 *                                      opens the console as the MFA role and checks the sign-in landed.
 */
import { rmSync } from 'node:fs';
import { build } from './build.ts';
import { BrowserMissingError, firefoxNavigate, firefoxTabText, launchChromium, launchFirefox } from './lib/browsers.ts';
import { seedDemo, startStandin, type Standin } from '../test/support/sts-standin.ts';

const KNOWN = new Set(['--firefox', '--chrome', '--headless', '--smoke', '--keep-profile', '--demo', '--help']);
const args = new Set(process.argv.slice(2));
const out = (s: string) => process.stdout.write(s + '\n');
const fail = (s: string, code = 1): never => { process.stderr.write(`npm start: ${s}\n`); process.exit(code); };

for (const a of args) if (!KNOWN.has(a)) fail(`unknown option ${a}. Options: ${[...KNOWN].join(' ')}`, 2);
if (args.has('--help')) { out(readmeUsage()); process.exit(0); }

const firefox = args.has('--firefox');
const demo = args.has('--demo');
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

type Send = (msg: Record<string, unknown>) => Promise<{ ok: boolean; result?: any; error?: any }>;

/** Runs in an extension page: one protocol request. */
function sendInPage(msg: Record<string, unknown>): Promise<any> {
  return ((globalThis as any).browser ?? (globalThis as any).chrome).runtime.sendMessage(msg);
}

async function main(): Promise<void> {
  build(target, true);
  out(`built dist/${target}`);
  const standin = demo ? await startStandin({}) : undefined;
  if (firefox) {
    const s = await launchFirefox({ extensionDirs: ['dist/firefox'], profileDir, headless });
    out(`Firefox ESR running Sigvault at ${s.origin}`);
    const page = await s.browser.newPage();
    await firefoxNavigate(page, `${s.origin}/src/popup/index.html`);
    await page.waitForSelector('#status[data-state="ok"]', { timeout: SMOKE_TIMEOUT });
    const send: Send = (msg) => page.evaluate(sendInPage, msg);
    // the console opens in the identity's Firefox container, a tab puppeteer does not list: found over BiDi
    await afterLaunch(send, standin, async (prefix) => (await firefoxTabText(s.browser, prefix, SMOKE_TIMEOUT)).text);
    if (smoke) { await s.browser.close(); return; }
    out('Close the browser window to stop.');
    await new Promise((res) => s.browser.on('disconnected', res));
    await standin?.stop();
    return;
  }
  const s = await launchChromium({ extensionDirs: ['dist/chrome'], profileDir, headless });
  out(`Chromium running Sigvault at ${s.origin}`);
  const page = await s.context.newPage();
  await page.goto(`${s.origin}/src/popup/index.html`);
  await page.waitForSelector('#status[data-state="ok"]', { timeout: SMOKE_TIMEOUT });
  const send: Send = (msg) => page.evaluate(sendInPage, msg);
  await afterLaunch(send, standin, async (prefix) => {
    for (;;) {
      const hit = s.context.pages().find((p) => p.url().startsWith(prefix));
      if (hit) { await hit.waitForLoadState('load'); return (await hit.textContent('body')) ?? ''; }
      await new Promise((r) => setTimeout(r, 200));
    }
  });
  if (smoke) { await s.context.close(); return; }
  out('Close the browser window to stop.');
  await new Promise((res) => s.context.on('close', res));
  await standin?.stop();
}

const DEMO_PASSPHRASE = 'demo vault passphrase';
const DEMO_MFA = '123456';

async function afterLaunch(send: Send, standin: Standin | undefined, tabText: (prefix: string) => Promise<string>): Promise<void> {
  const ok = async (msg: Record<string, unknown>) => {
    const r = await send(msg);
    if (!r?.ok) throw new Error(`${String(msg['type'])} failed: ${JSON.stringify(r?.error)}`);
    return r.result;
  };
  if (smoke && !standin) out(`app.ping → ${JSON.stringify(await send({ type: 'app.ping' }))}`);
  if (!standin) return;
  const seed = seedDemo(standin, DEMO_MFA);
  await ok({ type: 'vault.create', passphrase: DEMO_PASSPHRASE });
  // Endpoint overrides are sealed in the vault, and a host that is not AWS's needs the user's confirmation:
  // starting the demo is that confirmation (the popup and options page then show the override).
  await ok({ type: 'settings.set', endpoints: { aws: { sts: seed.stsEndpoint, signin: seed.signinEndpoint } }, confirmEndpoint: true });
  const ids: Record<string, string> = {};
  const { user } = seed;
  ids[user.label] = (await ok({ type: 'identity.addUser', label: user.label, accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey, mfaSerial: user.mfaSerial, region: user.region })).id;
  for (const r of seed.roles) {
    const { source, ...role } = r;
    ids[r.label] = (await ok({ type: 'identity.addRole', ...role, sourceId: ids[source] })).id;
  }
  out('');
  out(`Demo (local only: STS and sign-in are played by ${standin.url}; nothing reaches AWS)`);
  out(`  vault passphrase: ${DEMO_PASSPHRASE}`);
  out(`  MFA code:         ${DEMO_MFA}`);
  out(`  identities:       ${Object.keys(ids).join(' · ')}`);
  if (smoke) {
    const admin = seed.roles[0]!.label;
    const opened = await ok({ type: 'console.open', id: ids[admin], mfaCode: DEMO_MFA });
    const text = await tabText(`${standin.url}/federation`);
    if (!/Signed in as/.test(text)) throw new Error('the console tab did not land on the sign-in stand-in');
    out(`console.open "${admin}" → tab ${opened.tabId}: ${text.replace(/\s+/g, ' ').trim().slice(0, 120)}`);
    await standin.stop();
  }
}

function readmeUsage(): string {
  return 'npm start [-- --firefox] [--headless] [--smoke] [--keep-profile]   (see README.md)';
}

const timer = smoke ? setTimeout(() => fail(`smoke check timed out after ${SMOKE_TIMEOUT / 1000 + 30} s`), SMOKE_TIMEOUT + 30_000) : undefined;
main().then(() => { if (timer) clearTimeout(timer); process.exit(0); }, (e: unknown) => {
  if (e instanceof BrowserMissingError) fail(e.message);
  fail(e instanceof Error ? e.stack ?? e.message : String(e));
});
