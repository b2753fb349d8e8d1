/**
 * The stand-in's AWS console: what a browser sees on the console's hosts after a federation login, as far
 * as Sigvault's console-session features need it. Hooked into `sts-standin.ts` (its `Action=login`, the
 * sign-in host's sign-out and opt-in paths, and console pages routed to it by the test with the header
 * {@link CONSOLE_HOST_HEADER}). Behaviour, after the design notes ("Console multi-session") and the
 * observations they cite (Leapp PR #618, janus-app PR #507, AESR #385, Speedrun):
 *
 * - **Multi-session off** (AWS's default): one console session per browser. A login replaces it and lands
 *   on the `Destination` as given. Sign-out: `/oauth?Action=logout&redirect_uri=…` on the sign-in host.
 * - **Multi-session on** (`multiSession`, or the opt-in URL `/sessions/v1/opt-in?redirect_uri=…`): a login
 *   adds a session on its own host `https://<account>-<8 chars>.<region>.console.aws.amazon.com` and
 *   redirects there (path and query of the Destination kept). A Destination that already carries a
 *   session label is refused (AWS assigns the label). At most {@link SESSION_LIMIT} live sessions: a 6th
 *   login answers the console's "sign out of a session first" page and signs nobody in. A login as an
 *   identity that already has a live session replaces that session (new label; the old host's pages say
 *   the session ended). Sign-out of one session: `/sessions/<label>/v1/logout`; `/oauth?Action=logout`
 *   answers 400 (as AWS does under multi-session).
 * - "Same identity" is the principal without its session name: `arn:…:assumed-role/Role` for every
 *   session of a role (a second login as the role with another RoleSessionName still replaces the first:
 *   the console lists sessions by role and account, not by session name, and Sigvault picks session
 *   names itself), `arn:…:federated-user/Name` for GetFederationToken sessions (the name is the identity).
 * - A session ends at login time + SessionDuration when the sign-in token carried one, else when its
 *   credentials expire (IAM User Guide, "Enable custom identity broker access to the AWS console").
 *
 * The state is per stand-in (one stand-in = one browser's cookies at AWS): real AWS keeps it in cookies,
 * which would tie the tests to cookie names AWS does not document.
 * @module
 */

export type ConsolePartition = 'aws' | 'aws-cn' | 'aws-us-gov';

/** The header the test's routing sets to tell the stand-in which console host a request was for. */
export const CONSOLE_HOST_HEADER = 'x-standin-console-host';
export const SESSION_LIMIT = 5;

export const CONSOLE_HOST_SUFFIX: Record<ConsolePartition, string> = {
  aws: 'console.aws.amazon.com',
  'aws-cn': 'console.amazonaws.cn',
  'aws-us-gov': 'console.amazonaws-us-gov.com',
};

const SESSION_LABEL = /^(\d{12})-([a-z0-9]{8})$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;

export interface ConsoleSession {
  /** `<account>-<8 chars>` in multi-session mode; undefined for the one classic session. */
  label?: string;
  /** The host its pages are served at (the Destination's host in single-session mode). */
  host: string;
  /** The principal without session name (see the module doc). */
  identity: string;
  arn: string;
  account: string;
  partition: ConsolePartition;
  region: string;
  signedInAt: number;
  expiresAt: number;
  endedAt?: number;
  endReason?: 'replaced' | 'signed-out';
}

export interface ConsoleLogout {
  at: number;
  kind: 'multi' | 'single';
  /** multi: the label in the path. */
  label?: string;
  status: number;
  /** The session it ended, if any. */
  arn?: string;
}

export interface ConsolePageView {
  at: number;
  host: string;
  path: string;
  /** Who the page showed as signed in (undefined: nobody / chooser / ended). */
  arn?: string;
}

export type LoginOutcome =
  | { kind: 'signed-in'; location: string; session: ConsoleSession; replaced?: ConsoleSession }
  | { kind: 'limit'; status: 200; html: string }
  | { kind: 'error'; status: 400; message: string; description: string };

export interface ConsoleResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface StandinConsole {
  /** The browser's multi-session setting (AWS: opted into once per browser). */
  multiSession: boolean;
  readonly limit: number;
  /** Every session ever created, ended ones included (newest last). */
  readonly all: ConsoleSession[];
  readonly logouts: ConsoleLogout[];
  readonly pageViews: ConsolePageView[];
  /** The live sessions (not ended, not expired). */
  live(): ConsoleSession[];
  /** The federation login, after the token was checked: where the browser goes next. */
  login(input: { arn: string; account: string; partition: ConsolePartition; destination: string; credentialsExpireAt: number; sessionDuration?: number }): LoginOutcome;
  /** A page on a console host (`pathAndQuery` as in the request line). */
  page(host: string, pathAndQuery: string): ConsoleResponse;
  /** Sign-in host paths this module owns (`/oauth`, `/sessions/…`); undefined for any other path. */
  signin(pathAndQuery: string): ConsoleResponse | undefined;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function html(title: string, body: string, head = ''): string {
  return `<!doctype html>\n<html><head><meta charset="utf-8"><title>${esc(title)}</title>${head}</head>\n<body>\n${body}\n</body></html>\n`;
}

function htmlResponse(status: number, title: string, body: string, head = ''): ConsoleResponse {
  return { status, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }, body: html(title, body, head) };
}

/** The principal without its session name: `…:assumed-role/Role/session` → `…:assumed-role/Role`. */
export function identityOfArn(arn: string): string {
  const m = /^(arn:[^:]+:sts::\d{12}:assumed-role\/[^/]+)\/.+$/.exec(arn);
  return m ? m[1]! : arn;
}

/** Splits a console host: partition, session label and region when present. */
export function parseConsoleHost(host: string): { partition: ConsolePartition; label?: string; region?: string } | undefined {
  for (const [partition, suffix] of Object.entries(CONSOLE_HOST_SUFFIX) as [ConsolePartition, string][]) {
    if (host === suffix) return { partition };
    if (!host.endsWith('.' + suffix)) continue;
    const labels = host.slice(0, -suffix.length - 1).split('.');
    if (labels.length === 1 && REGION.test(labels[0]!)) return { partition, region: labels[0]! };
    if (labels.length === 1 && SESSION_LABEL.test(labels[0]!)) return { partition, label: labels[0]! };
    if (labels.length === 2 && SESSION_LABEL.test(labels[0]!) && REGION.test(labels[1]!)) return { partition, label: labels[0]!, region: labels[1]! };
    // a service's own console host (`s3.console.aws.amazon.com`): no region, no session
    if (labels.every((l) => /^[a-z0-9-]+$/.test(l) && !SESSION_LABEL.test(l))) return { partition };
    return undefined;
  }
  return undefined;
}

/**
 * @param signinHost the sign-in host pages name (`<meta id="awsc-signin-endpoint">`), e.g. the stand-in's `127.0.0.1:port`
 */
export function createStandinConsole(clock: () => number, opts: { multiSession?: boolean; signinHost: () => string; random?: (n: number) => string }): StandinConsole {
  const random = opts.random ?? ((n: number) => {
    const a = 'abcdefghijklmnopqrstuvwxyz0123456789';
    let s = '';
    for (let i = 0; i < n; i++) s += a[Math.floor(Math.random() * a.length)];
    return s;
  });
  const all: ConsoleSession[] = [];
  const logouts: ConsoleLogout[] = [];
  const pageViews: ConsolePageView[] = [];
  const isLive = (s: ConsoleSession) => s.endedAt === undefined && s.expiresAt > clock();
  const live = () => all.filter(isLive);
  const end = (s: ConsoleSession, reason: ConsoleSession['endReason']) => { s.endedAt = clock(); s.endReason = reason; };

  const c: StandinConsole = {
    multiSession: opts.multiSession ?? false,
    limit: SESSION_LIMIT,
    all,
    logouts,
    pageViews,
    live,

    login(input) {
      let dest: URL;
      try {
        dest = new URL(input.destination);
      } catch {
        return { kind: 'error', status: 400, message: 'Invalid Destination', description: 'Destination is not a URL.' };
      }
      const host = parseConsoleHost(dest.hostname);
      if (dest.protocol !== 'https:' || !host || host.partition !== input.partition) {
        return { kind: 'error', status: 400, message: 'Invalid Destination', description: `Destination must be an https URL on ${CONSOLE_HOST_SUFFIX[input.partition]}.` };
      }
      const now = clock();
      const expiresAt = input.sessionDuration !== undefined ? now + input.sessionDuration * 1000 : input.credentialsExpireAt;
      const identity = identityOfArn(input.arn);
      const region = host.region ?? dest.searchParams.get('region') ?? 'us-east-1';
      if (!c.multiSession) {
        const replaced = live()[0];
        if (replaced) end(replaced, 'replaced');
        const session: ConsoleSession = { host: dest.hostname, identity, arn: input.arn, account: input.account, partition: input.partition, region, signedInAt: now, expiresAt };
        all.push(session);
        return { kind: 'signed-in', location: dest.href, session, ...(replaced ? { replaced } : {}) };
      }
      if (host.label) {
        return { kind: 'error', status: 400, message: 'Invalid Destination', description: 'The Destination must not name a console session: AWS assigns one.' };
      }
      const same = live().find((s) => s.identity === identity);
      if (!same && live().length >= SESSION_LIMIT) {
        return {
          kind: 'limit', status: 200,
          html: html('Session limit reached', `<h1 id="session-limit">You have reached the limit of ${SESSION_LIMIT} sessions</h1>\n<p>Sign out of a session first, then sign in again.</p>\n<ul>${live().map((s) => `<li data-arn="${esc(s.arn)}">${esc(s.arn)} (${esc(s.label!)})</li>`).join('')}</ul>`),
        };
      }
      if (same) end(same, 'replaced');
      const label = `${input.account}-${random(8)}`;
      const sessionHost = `${label}.${region}.${CONSOLE_HOST_SUFFIX[input.partition]}`;
      const session: ConsoleSession = { label, host: sessionHost, identity, arn: input.arn, account: input.account, partition: input.partition, region, signedInAt: now, expiresAt };
      all.push(session);
      const location = new URL(dest.href);
      location.hostname = sessionHost;
      return { kind: 'signed-in', location: location.href, session, ...(same ? { replaced: same } : {}) };
    },

    page(hostname, pathAndQuery) {
      const host = parseConsoleHost(hostname);
      const path = pathAndQuery || '/';
      if (!host) {
        pageViews.push({ at: clock(), host: hostname, path });
        return htmlResponse(404, 'Not found', '<h1 id="not-console">Not a console host</h1>');
      }
      let session: ConsoleSession | undefined;
      if (host.label) {
        const s = all.find((x) => x.label === host.label);
        if (!s || !isLive(s)) {
          pageViews.push({ at: clock(), host: hostname, path });
          const why = !s ? 'unknown' : s.endReason ?? 'expired';
          return htmlResponse(200, 'Session ended', `<h1 id="session-ended" data-reason="${why}">This console session has ended (${why})</h1>`);
        }
        session = s;
      } else if (c.multiSession) {
        pageViews.push({ at: clock(), host: hostname, path });
        return htmlResponse(200, 'Choose a session', `<h1 id="session-chooser">Choose a session</h1>\n<ul>${live().filter((s) => s.partition === host.partition).map((s) => `<li><a href="https://${esc(s.host)}${esc(path)}">${esc(s.arn)}</a></li>`).join('')}</ul>`);
      } else {
        session = live().find((s) => s.partition === host.partition);
      }
      pageViews.push({ at: clock(), host: hostname, path, ...(session ? { arn: session.arn } : {}) });
      if (!session) return htmlResponse(200, 'Not signed in', '<h1 id="not-signed-in">You are not signed in</h1>');
      const data = {
        prismModeEnabled: c.multiSession,
        ...(session.label ? { sessionDifferentiator: session.label } : {}),
        signInEndpoint: opts.signinHost(),
        accountId: session.account,
        sessionARN: session.arn,
        expiresAt: session.expiresAt,
      };
      const head = `<meta name="awsc-session-data" content="${esc(JSON.stringify(data))}"><meta id="awsc-signin-endpoint" name="awsc-signin-endpoint" content="${esc(opts.signinHost())}">`;
      return htmlResponse(
        200, 'AWS Management Console (stand-in)',
        `<h1 id="console-signed-in" data-arn="${esc(session.arn)}" data-account="${session.account}"${session.label ? ` data-session="${session.label}"` : ''}>Signed in as ${esc(session.arn)}</h1>\n` +
          `<p>Page: <span id="console-path">${esc(path)}</span></p>\n<p>Session ends at <span id="console-expires">${new Date(session.expiresAt).toISOString()}</span></p>`,
        head,
      );
    },

    signin(pathAndQuery) {
      const q = pathAndQuery.indexOf('?');
      const path = q < 0 ? pathAndQuery : pathAndQuery.slice(0, q);
      const params = new URLSearchParams(q < 0 ? '' : pathAndQuery.slice(q + 1));
      const plain = (status: number, text: string): ConsoleResponse => ({ status, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: text + '\n' });
      const redirectTarget = (): string | undefined => {
        const r = params.get('redirect_uri');
        if (!r) return undefined;
        try {
          const u = new URL(r);
          return u.protocol === 'https:' && parseConsoleHost(u.hostname) ? u.href : undefined;
        } catch {
          return undefined;
        }
      };
      if (path === '/sessions/v1/opt-in') {
        c.multiSession = true;
        const to = redirectTarget();
        return to ? { status: 302, headers: { Location: to }, body: '' } : htmlResponse(200, 'Multi-session on', '<h1 id="multi-session-on">Multi-session is on</h1>');
      }
      const m = /^\/sessions\/([^/]+)\/v1\/logout$/.exec(path);
      if (m) {
        const label = decodeURIComponent(m[1]!);
        const s = all.find((x) => x.label === label && isLive(x));
        if (!c.multiSession || !s) {
          logouts.push({ at: clock(), kind: 'multi', label, status: 400 });
          return plain(400, c.multiSession ? 'No such session.' : 'Multi-session is not enabled.');
        }
        end(s, 'signed-out');
        logouts.push({ at: clock(), kind: 'multi', label, status: 200, arn: s.arn });
        return htmlResponse(200, 'Signed out', `<h1 id="signed-out" data-arn="${esc(s.arn)}">Signed out of ${esc(s.arn)}</h1>`);
      }
      if (path === '/oauth' && params.get('Action') === 'logout') {
        if (c.multiSession) {
          logouts.push({ at: clock(), kind: 'single', status: 400 });
          return plain(400, 'Bad Request');
        }
        const to = redirectTarget();
        if (!to) {
          logouts.push({ at: clock(), kind: 'single', status: 400 });
          return plain(400, 'redirect_uri must be a console URL.');
        }
        const s = live()[0];
        if (s) end(s, 'signed-out');
        logouts.push({ at: clock(), kind: 'single', status: 302, ...(s ? { arn: s.arn } : {}) });
        return { status: 302, headers: { Location: to }, body: '' };
      }
      return undefined;
    },
  };
  return c;
}
