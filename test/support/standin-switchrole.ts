/**
 * The console's own Switch Role, emulated for the stand-in (hooked into ./sts-standin.ts): the classic
 * form endpoint `/switchrole` and the multi-session endpoint `/sessions/<session id>/v1/switchrole`, and the
 * console pages that use them (served by the browser tests at real console addresses).
 *
 * Shapes from the source of AWS Extend Switch Roles 6.1 (../../../shared/design-notes.md, "Console
 * multi-session, in-console Switch Role"; src/core/console/switch-page.ts says where a console page keeps
 * what the switch needs):
 * - a console page carries `<meta name="awsc-session-data" content="{JSON}">` (`signInEndpoint`,
 *   `prismModeEnabled`, `sessionDifferentiator`, `infrastructureRegion`), the CSRF value behind the page
 *   global `AWSC.Auth.getMbtc()`, and the account in `ConsoleNavService.AccountInfo`;
 * - classic: a top-level form POST (`application/x-www-form-urlencoded`) of `action=switchFromBasis`,
 *   `src=nav`, `mfaNeeded=0`, `csrf`, `roleName`, `account`, `displayName`, `color` (hex without `#`),
 *   `redirect_uri` (percent-encoded once more inside the form, as AESR sends it); answered 302 to
 *   `redirect_uri`;
 * - multi-session: `fetch` POST with credentials, `X-CSRF-PROTECTION: 1`, `content-type:
 *   application/json`, body `{ account, roleName, displayName, color, redirectUri }`; answered
 *   `{ "destination": … }`: here the `redirectUri` with `login_hint=<new session id>` (AESR reads the new
 *   session's id from that parameter). The page calls the stand-in across origins (https console page →
 *   http://127.0.0.1), so the endpoint answers the CORS preflight with credentials allowed for console
 *   origins only, and Private Network Access's `Access-Control-Allow-Private-Network`.
 * Every field is checked; a refusal is recorded with its reason and answered 400 (nothing switched).
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface ConsoleSessionFixture {
  /** The CSRF value this console session's pages carry (checked on the classic switch). */
  csrf: string;
  /** The account the console is signed in to (12 digits). */
  account: string;
  /** Multi-session consoles: the session id (`<account>-<8 characters>`). */
  sessionId?: string;
  multiSession: boolean;
  /** Who is signed in (shown as loginDisplayNameUser). */
  user: string;
}

export interface SwitchRecord {
  at: number;
  mode: 'classic' | 'multi-session';
  csrf?: string;
  sessionId?: string;
  account: string;
  roleName: string;
  displayName: string;
  color: string;
  redirectUri: string;
  /** Multi-session: the destination answered. */
  destination?: string;
}

export interface SwitchRoleEmulation {
  /** A console session whose pages may switch (its CSRF value and, multi-session, its id). */
  newConsoleSession(opts: { account: string; multiSession?: boolean; user?: string }): ConsoleSessionFixture;
  /** Switches that passed every check, in order. */
  switches: SwitchRecord[];
  /** Requests refused, with the reason. */
  refusals: { path: string; reason: string }[];
  /** Every request that reached the switch endpoints (method and path), refused or not. */
  requests: { method: string; path: string }[];
  /** Console page loads the pages reported (their own address), in order. */
  pageLoads: string[];
  /** Handles the request when it is one of the emulation's; false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean>;
}

const ROLE_NAME = /^(?:[\u0021-\u002E\u0030-\u007E]+\/)*[\w+=,.@-]{1,64}$/;
const ACCOUNT = /^(\d{12}|[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9])$/;
const CONSOLE_ORIGIN = /^https:\/\/([a-z0-9-]+\.)*console\.(aws\.amazon\.com|amazonaws-us-gov\.com|amazonaws\.cn)$/;
const CONSOLE_URL = /^https:\/\/([a-z0-9-]+\.)*console\.(aws\.amazon\.com|amazonaws-us-gov\.com|amazonaws\.cn)\/[\u0021-\u007e]*$/;

function readBody(req: IncomingMessage, max = 64 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) reject(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function formFields(body: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of body.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const dec = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    const k = dec(eq < 0 ? part : part.slice(0, eq));
    const v = eq < 0 ? '' : dec(part.slice(eq + 1));
    out.set(k, [...(out.get(k) ?? []), v]);
  }
  return out;
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function fieldChecks(account: unknown, roleName: unknown, displayName: unknown, color: unknown): string | undefined {
  if (typeof account !== 'string' || !ACCOUNT.test(account)) return 'account must be a 12-digit id or an account alias';
  if (typeof roleName !== 'string' || roleName.length > 64 || !ROLE_NAME.test(roleName)) return 'roleName must be [path/]name, at most 64 characters';
  if (typeof displayName !== 'string' || displayName === '' || [...displayName].length > 64) return 'displayName must be 1-64 characters';
  if (typeof color !== 'string' || !/^[0-9a-f]{6}$/.test(color)) return 'color must be six hex digits without #';
  return undefined;
}

export function createSwitchRoleEmulation(now: () => number): SwitchRoleEmulation {
  const sessions = new Map<string, ConsoleSessionFixture>(); // by CSRF value
  const emu: SwitchRoleEmulation = {
    switches: [],
    refusals: [],
    requests: [],
    pageLoads: [],
    newConsoleSession({ account, multiSession = false, user = 'Admin/alice' }) {
      if (!/^\d{12}$/.test(account)) throw new Error('account must be 12 digits');
      const s: ConsoleSessionFixture = { csrf: randomBytes(24).toString('base64url'), account, multiSession, user };
      if (multiSession) s.sessionId = `${account}-${randomBytes(6).toString('hex').slice(0, 8)}`;
      sessions.set(s.csrf, s);
      return s;
    },
    async handle(req, res, path) {
      const isClassic = path === '/switchrole';
      const multi = /^\/sessions\/([^/]+)\/v1\/switchrole$/.exec(path);
      if (path === '/__console/loaded') {
        const body = await readBody(req).catch(() => '');
        emu.pageLoads.push(body);
        res.writeHead(204, { 'Access-Control-Allow-Origin': '*' });
        res.end();
        return true;
      }
      if (!isClassic && !multi) return false;
      emu.requests.push({ method: req.method ?? '', path });
      const origin = typeof req.headers.origin === 'string' ? req.headers.origin : '';
      const refuse = (reason: string, status = 400) => {
        emu.refusals.push({ path, reason });
        const h: Record<string, string> = { 'Content-Type': 'text/plain; charset=utf-8' };
        if (multi && CONSOLE_ORIGIN.test(origin)) {
          h['Access-Control-Allow-Origin'] = origin;
          h['Access-Control-Allow-Credentials'] = 'true';
        }
        res.writeHead(status, h);
        res.end(`switch refused: ${reason}\n`);
        return true;
      };

      if (isClassic) {
        if (req.method !== 'POST') return refuse('method must be POST', 405);
        if (!/^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '')) return refuse('content-type must be a form');
        const f = formFields(await readBody(req));
        const one = (k: string) => (f.get(k)?.length === 1 ? f.get(k)![0] : undefined);
        const expected = ['action', 'src', 'mfaNeeded', 'csrf', 'roleName', 'account', 'displayName', 'color', 'redirect_uri'];
        const extra = [...f.keys()].filter((k) => !expected.includes(k));
        if (extra.length > 0) return refuse(`unexpected fields ${extra.join(', ')}`);
        for (const k of expected) if (one(k) === undefined) return refuse(`field ${k} missing or repeated`);
        if (one('action') !== 'switchFromBasis' || one('src') !== 'nav' || one('mfaNeeded') !== '0') return refuse('action/src/mfaNeeded must be switchFromBasis/nav/0');
        const session = sessions.get(one('csrf')!);
        if (!session) return refuse('csrf is not a value this console handed out');
        if (session.multiSession) return refuse('csrf belongs to a multi-session console (its switch is /sessions/<id>/v1/switchrole)');
        const bad = fieldChecks(one('account'), one('roleName'), one('displayName'), one('color'));
        if (bad) return refuse(bad);
        let redirectUri: string;
        try {
          redirectUri = decodeURIComponent(one('redirect_uri')!);
        } catch {
          return refuse('redirect_uri is not percent-encoded');
        }
        if (!CONSOLE_URL.test(redirectUri)) return refuse('redirect_uri must be a console URL (percent-encoded)');
        emu.switches.push({
          at: now(), mode: 'classic', csrf: session.csrf, account: one('account')!, roleName: one('roleName')!,
          displayName: one('displayName')!, color: one('color')!, redirectUri,
        });
        res.writeHead(302, { Location: redirectUri, 'Cache-Control': 'no-store' });
        res.end();
        return true;
      }

      // multi-session
      const sessionId = decodeURIComponent(multi![1]!);
      if (req.method === 'OPTIONS') {
        if (!CONSOLE_ORIGIN.test(origin)) return refuse('preflight from an origin that is not a console page', 403);
        const h: Record<string, string> = {
          'Access-Control-Allow-Origin': origin,
          'Access-Control-Allow-Credentials': 'true',
          'Access-Control-Allow-Methods': 'POST',
          'Access-Control-Allow-Headers': 'content-type, x-csrf-protection',
          'Access-Control-Max-Age': '60',
          Vary: 'Origin',
        };
        if (req.headers['access-control-request-private-network'] === 'true') h['Access-Control-Allow-Private-Network'] = 'true';
        if (req.headers['access-control-request-local-network'] === 'true') h['Access-Control-Allow-Local-Network'] = 'true';
        res.writeHead(204, h);
        res.end();
        return true;
      }
      if (req.method !== 'POST') return refuse('method must be POST', 405);
      if (!CONSOLE_ORIGIN.test(origin)) return refuse('request from an origin that is not a console page', 403);
      if (req.headers['x-csrf-protection'] !== '1') return refuse('X-CSRF-PROTECTION: 1 is missing', 403);
      if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return refuse('content-type must be application/json');
      const session = [...sessions.values()].find((s) => s.sessionId === sessionId);
      if (!session) return refuse('no such console session');
      let body: Record<string, unknown>;
      try {
        const parsed: unknown = JSON.parse(await readBody(req));
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
        body = parsed as Record<string, unknown>;
      } catch {
        return refuse('body must be a JSON object');
      }
      const keys = Object.keys(body).sort().join(',');
      if (keys !== 'account,color,displayName,redirectUri,roleName') return refuse(`body keys must be account, roleName, displayName, color, redirectUri (got ${keys})`);
      const bad = fieldChecks(body['account'], body['roleName'], body['displayName'], body['color']);
      if (bad) return refuse(bad);
      const redirectUri = body['redirectUri'];
      if (typeof redirectUri !== 'string' || !CONSOLE_URL.test(redirectUri)) return refuse('redirectUri must be a console URL (not encoded)');
      if (redirectUri.includes(`${sessionId}.`)) return refuse('redirectUri must not carry the session label');
      const newSession = `${/^\d{12}$/.test(body['account'] as string) ? (body['account'] as string) : session.account}-${randomBytes(6).toString('hex').slice(0, 8)}`;
      const destination = `${redirectUri}${redirectUri.includes('?') ? '&' : '?'}login_hint=${newSession}`;
      emu.switches.push({
        at: now(), mode: 'multi-session', sessionId, account: body['account'] as string, roleName: body['roleName'] as string,
        displayName: body['displayName'] as string, color: body['color'] as string, redirectUri, destination,
      });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' });
      res.end(JSON.stringify({ destination }));
      return true;
    },
  };
  return emu;
}

export interface ConsolePageOptions {
  /** Leave out what a console page holds, to play "the console changed". */
  omit?: ReadonlyArray<'sessionData' | 'csrf' | 'account'>;
  /** The sign-in endpoint the page names (default: the stand-in's host:port). */
  signInEndpoint?: string;
  infrastructureRegion?: string;
  title?: string;
}

/**
 * A console page as the console serves it, as far as the switch reads it: the session data meta, the CSRF
 * value behind `AWSC.Auth.getMbtc()` and the account in `ConsoleNavService.AccountInfo`. It reports each
 * load of itself to the stand-in (`/__console/loaded`), so a test sees where the tab landed.
 */
export function consolePageHtml(session: ConsoleSessionFixture, standinUrl: string, opts: ConsolePageOptions = {}): string {
  const omit = new Set(opts.omit ?? []);
  const data = {
    signInEndpoint: opts.signInEndpoint ?? standinUrl.replace(/^https?:\/\//, ''),
    infrastructureRegion: opts.infrastructureRegion ?? 'us-east-1',
    prismModeEnabled: session.multiSession,
    ...(session.sessionId ? { sessionDifferentiator: session.sessionId } : {}),
  };
  const account = `${session.account.slice(0, 4)}-${session.account.slice(4, 8)}-${session.account.slice(8)}`;
  const globals = [
    omit.has('csrf') ? '' : `window.AWSC = { Auth: { getMbtc: function () { return ${JSON.stringify(session.csrf)}; } } };`,
    omit.has('account') ? '' : `window.ConsoleNavService = { AccountInfo: ${JSON.stringify({ loginDisplayNameAccount: account, loginDisplayNameUser: session.user })} };`,
    `fetch(${JSON.stringify(`${standinUrl}/__console/loaded`)}, { method: 'POST', mode: 'no-cors', body: location.href }).catch(function () {});`,
  ].join('\n');
  return [
    '<!doctype html><html><head><meta charset="utf-8">',
    omit.has('sessionData') ? '' : `<meta name="awsc-session-data" content="${escapeAttr(JSON.stringify(data))}">`,
    `<title>${opts.title ?? 'Console Home'}</title>`,
    `<script>${globals}</script>`,
    '</head><body><div id="h">AWS console (stand-in page)</div></body></html>',
  ].join('\n');
}
