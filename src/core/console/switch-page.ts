/**
 * Switch Role inside a signed-in AWS console: the pure half of the page adapter
 * (src/background/console/page-adapter.ts). What the console page offered is read by a small function
 * injected into the page's main world (src/background/console/page-probe.ts) and comes back here as
 * untrusted data; this module checks every piece of it and builds the request the console's own Switch
 * Role would send. Nothing from the page is trusted: the sign-in host must be AWS's (the partition's
 * sign-in host or a regional one) or the configured sign-in override, values must have their shapes,
 * and the multi-session reply's destination must be a console URL of the tab's partition.
 *
 * What a console page holds (read from the source of AWS Extend Switch Roles 6.1, `src/js/content.js`,
 * `src/js/war/attach_target.js`, `src/js/war/prism_switch_dest.js`; facts only):
 * - `<meta name="awsc-session-data" content="{JSON}">`: `signInEndpoint` (a host), `prismModeEnabled`
 *   (true in a multi-session console), `sessionDifferentiator` (the session's id, the first label of a
 *   multi-session host), `infrastructureRegion`; older pages: `<meta id="awsc-signin-endpoint" content="host">`;
 * - the CSRF value: the page global `AWSC.Auth.getMbtc()`;
 * - the current account: the page global `ConsoleNavService.AccountInfo` (`loginDisplayNameAccount`,
 *   `roleDisplayNameAccount`, …; ids may be written `1234-5678-9012`).
 * Classic switch: form POST to `https://<sign-in host>/switchrole` with `action=switchFromBasis`, `src=nav`,
 * `mfaNeeded=0`, `csrf`, `roleName`, `account`, `displayName`, `color` (hex without `#`) and `redirect_uri`
 * (percent-encoded, as AESR sends it). Multi-session: JSON POST to
 * `https://<sign-in host>/sessions/<session id>/v1/switchrole` with `X-CSRF-PROTECTION: 1`, body
 * `{ account, roleName, displayName, color, redirectUri }`; the reply's `destination` is opened.
 * @module
 */

import { SigvaultError } from '../errors.ts';
import { consoleHostInfo } from './sessions.ts';
import { isAwsOwnEndpoint } from '../sts/endpoints.ts';
import { validateDestination } from '../sts/federation.ts';
import { consoleHost, partitionOfRegion, type Partition } from '../sts/partition.ts';
import type { ConsoleUrlContext } from '../sts/console-url.ts';
import { ACCOUNT_ALIAS_PATTERN, CONSOLE_ROLE_NAME_PATTERN, DISPLAY_NAME_MAX_LENGTH, UNSAFE_TEXT, type ConsoleRole } from '../vault/identity.ts';

/** What the injected probe returns (untrusted: any field may be missing or of any type). */
export interface PageProbe {
  /** `location.origin` when the probe ran (the tab may have moved on since its URL was read). */
  origin?: unknown;
  /** `content` of `<meta name="awsc-session-data">`. */
  sessionData?: unknown;
  /** `content` of `#awsc-signin-endpoint`. */
  signinEndpoint?: unknown;
  /** `AWSC.Auth.getMbtc()`. */
  csrf?: unknown;
  /** The string fields of `ConsoleNavService.AccountInfo`. */
  accountInfo?: unknown;
}

/** What the console page offered, checked. */
export interface SwitchPage {
  partition: Partition;
  mode: 'classic' | 'multi-session';
  /** The sign-in endpoint to post to: `https://<AWS sign-in host>` or the configured override (no trailing slash). */
  signinBase: string;
  csrf: string;
  /** The account the console is signed in to (12-digit id, or the alias the console shows). */
  account: string;
  /** Multi-session only. */
  sessionId?: string;
}

export const CONSOLE_CHANGED_MESSAGE = 'The AWS console changed; use Open console instead';

function changed(detail: string): SigvaultError {
  return new SigvaultError('CONSOLE_CHANGED', `${CONSOLE_CHANGED_MESSAGE} (${detail}).`);
}

const MAX_SESSION_DATA = 64 * 1024;
const CSRF_PATTERN = /^[\u0021-\u007e]{8,4096}$/;
/** A multi-session id: the first label of a session host (`123456789012-abcd1234`). */
const SESSION_ID_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const HOST_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** `host`, `host:port`, or a URL: its lower-case `host[:port]`, or undefined when it is none of those. */
function authorityOf(value: string): string | undefined {
  const v = value.trim();
  if (v.length > 512 || /[\u0000-\u0020\u007f-\uffff\\@]/.test(v)) return undefined;
  const m = /^(?:(https?):\/\/)?([^/?#]+)\/?$/i.exec(v);
  if (!m) return undefined;
  const authority = m[2]!.toLowerCase().replace(/:443$/, '');
  const [host, port, extra] = authority.split(':');
  if (extra !== undefined || !host || !(HOST_PATTERN.test(host) || /^\d{1,3}(\.\d{1,3}){3}$/.test(host))) return undefined;
  if (port !== undefined && !/^\d{1,5}$/.test(port)) return undefined;
  return authority;
}

/** The 12-digit form of `1234-5678-9012`; other values as they are. */
function brushAccount(v: string): string {
  const m = /^(\d{4})-(\d{4})-(\d{4})$/.exec(v);
  return m ? `${m[1]}${m[2]}${m[3]}` : v;
}

function str(v: unknown, max: number): string | undefined {
  return typeof v === 'string' && v.length <= max ? v.trim() : undefined;
}

/**
 * Checks what the probe read from the console page at `url` (the tab's address, already parsed as a
 * console page). `signinOverride`: the configured sign-in endpoint of the partition (settings), if any;
 * the switch then goes there, and the page may name it as its sign-in endpoint.
 * @throws SigvaultError CONSOLE_CHANGED when the page lacks what the console keeps or holds it in another shape
 * @throws SigvaultError INVALID_INPUT (field `tabId`) when the tab left the console page while it was read
 */
export function readSwitchPage(probe: unknown, tab: { origin: string; context: ConsoleUrlContext }, signinOverride?: string): SwitchPage {
  if (typeof probe !== 'object' || probe === null) throw changed('nothing could be read from the page');
  const p = probe as PageProbe;
  if (p.origin !== tab.origin) throw new SigvaultError('INVALID_INPUT', 'The tab left the AWS console page while it was read; try again.', { field: 'tabId' });
  const partition = tab.context.partition;

  // the session data (JSON in a meta tag), and the older separate sign-in endpoint meta
  let data: Record<string, unknown> = {};
  const rawData = p.sessionData;
  if (rawData !== undefined && rawData !== null) {
    if (typeof rawData !== 'string' || rawData.length > MAX_SESSION_DATA) throw changed('its session data is not what the console keeps');
    try {
      const parsed: unknown = JSON.parse(rawData);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      data = parsed as Record<string, unknown>;
    } catch {
      throw changed('its session data is not JSON');
    }
  }
  const named = str(data['signInEndpoint'], 512) ?? str(p.signinEndpoint, 512);
  if (named === undefined || named === '') throw changed('the page names no sign-in endpoint');
  const namedAuthority = authorityOf(named);
  if (namedAuthority === undefined) throw changed('the sign-in endpoint it names is not a host name');
  const override = signinOverride ? signinOverride.replace(/\/+$/, '') : undefined;
  const overrideAuthority = override ? authorityOf(override) : undefined;
  const isAws = !namedAuthority.includes(':') && isAwsOwnEndpoint('signin', `https://${namedAuthority}`, partition);
  if (!isAws && namedAuthority !== overrideAuthority) throw changed(`the sign-in endpoint it names is not an AWS sign-in host of the ${partition} partition`);
  const signinBase = override ?? `https://${namedAuthority}`;

  const prism = data['prismModeEnabled'];
  if (prism !== undefined && typeof prism !== 'boolean') throw changed('its multi-session flag is not what the console keeps');
  const mode = prism === true ? 'multi-session' : 'classic';
  let sessionId: string | undefined;
  if (mode === 'multi-session') {
    sessionId = str(data['sessionDifferentiator'], 128);
    if (sessionId === undefined || !SESSION_ID_PATTERN.test(sessionId)) throw changed('the multi-session console names no session id');
    // the id is the first label of the tab's own session host: a page naming another session is not this tab's
    const hostLabel = consoleHostInfo(tab.origin)?.sessionLabel;
    if (hostLabel === undefined || hostLabel !== sessionId.toLowerCase()) throw changed('the multi-session console names a session id that is not its host\'s');
  }

  const csrf = str(p.csrf, 4096);
  if (csrf === undefined || !CSRF_PATTERN.test(csrf)) throw changed('no CSRF value was found');

  const info = typeof p.accountInfo === 'object' && p.accountInfo !== null ? (p.accountInfo as Record<string, unknown>) : {};
  const roleAccount = str(info['roleDisplayNameAccount'], 128);
  const loginAccount = str(info['loginDisplayNameAccount'], 128);
  const shown = brushAccount((mode === 'multi-session' && roleAccount ? roleAccount : loginAccount) ?? '');
  if (!(/^\d{12}$/.test(shown) || ACCOUNT_ALIAS_PATTERN.test(shown))) throw changed('the account it is signed in to was not found');

  return { partition, mode, signinBase, csrf, account: shown, ...(sessionId !== undefined ? { sessionId } : {}) };
}

/** A classic switch: the form to post, top-level, from the page. */
export interface ClassicSwitch {
  mode: 'classic';
  action: string;
  /** In this order: action, src, mfaNeeded, csrf, roleName, account, displayName, color, redirect_uri. */
  fields: [string, string][];
  redirectUri: string;
}

/** A multi-session switch: the JSON request to send from the page (credentials included). */
export interface MultiSessionSwitch {
  mode: 'multi-session';
  url: string;
  body: { account: string; roleName: string; displayName: string; color: string; redirectUri: string };
  redirectUri: string;
}

export type SwitchRequest = ClassicSwitch | MultiSessionSwitch;

/** Where the console goes after the switch: the page the tab shows (no session label), in the role's region if it has one. */
export function switchRedirect(context: ConsoleUrlContext, region?: string): string {
  if (region === undefined || region === context.region || partitionOfRegion(region) !== context.partition) return context.destination;
  // parseConsoleUrl's destination: https://<host><path>[?region=…][#fragment]
  const m = /^https:\/\/([^/?#]+)([^?#]*)(?:\?[^#]*)?(#.*)?$/.exec(context.destination);
  if (!m) return context.destination;
  let host = m[1]!;
  // a service host (s3.console…) keeps its host; a regional one follows the region
  if (host === consoleHost(context.partition, context.region) || host === consoleHost(context.partition)) host = consoleHost(context.partition, region);
  return validateDestination(`https://${host}${m[2] || '/'}?region=${region}${m[3] ?? ''}`, context.partition);
}

function displayNameOf(role: Pick<ConsoleRole, 'label' | 'displayName'>): string {
  const name = role.displayName ?? role.label;
  const chars = [...name];
  return chars.length > DISPLAY_NAME_MAX_LENGTH ? chars.slice(0, DISPLAY_NAME_MAX_LENGTH).join('') : name;
}

/**
 * The request the console's own Switch Role would send, for `role` from the checked `page`.
 * @throws SigvaultError INVALID_INPUT when the stored role itself is not switchable (a vault written elsewhere)
 */
export function buildSwitch(page: SwitchPage, role: Pick<ConsoleRole, 'label' | 'account' | 'roleName' | 'displayName' | 'color' | 'region'>, context: ConsoleUrlContext): SwitchRequest {
  if (!(/^\d{12}$/.test(role.account) || ACCOUNT_ALIAS_PATTERN.test(role.account))) throw new SigvaultError('INVALID_INPUT', 'The console role\'s account is not an account id or alias.', { field: 'account' });
  if (role.roleName.length > 64 || !CONSOLE_ROLE_NAME_PATTERN.test(role.roleName)) throw new SigvaultError('INVALID_INPUT', 'The console role\'s role name is not valid.', { field: 'roleName' });
  const displayName = displayNameOf(role);
  if (UNSAFE_TEXT.test(displayName)) throw new SigvaultError('INVALID_INPUT', 'The console role\'s display name holds control characters.', { field: 'displayName' });
  const color = role.color !== undefined && /^#[0-9a-fA-F]{6}$/.test(role.color) ? role.color.slice(1).toLowerCase() : 'aaaaaa';
  const redirectUri = switchRedirect(context, role.region);
  if (page.mode === 'multi-session') {
    return {
      mode: 'multi-session',
      url: `${page.signinBase}/sessions/${encodeURIComponent(page.sessionId!)}/v1/switchrole`,
      body: { account: role.account, roleName: role.roleName, displayName, color, redirectUri },
      redirectUri,
    };
  }
  return {
    mode: 'classic',
    action: `${page.signinBase}/switchrole`,
    fields: [
      ['action', 'switchFromBasis'],
      ['src', 'nav'],
      ['mfaNeeded', '0'],
      ['csrf', page.csrf],
      ['roleName', role.roleName],
      ['account', role.account],
      ['displayName', displayName],
      ['color', color],
      // AESR sends the address percent-encoded in the form (the form encoding then encodes it again)
      ['redirect_uri', encodeURIComponent(redirectUri)],
    ],
    redirectUri,
  };
}

/** What the injected multi-session request returns (untrusted). */
export interface MultiSessionReply {
  status?: unknown;
  body?: unknown;
}

/**
 * The destination in the multi-session endpoint's reply, checked: an https URL of the partition's console.
 * @throws SigvaultError SIGNIN_ERROR when the console refused the switch; CONSOLE_CHANGED when the reply has another shape
 */
export function readMultiSessionReply(reply: unknown, partition: Partition): string {
  const r = (typeof reply === 'object' && reply !== null ? reply : {}) as MultiSessionReply;
  const status = typeof r.status === 'number' ? r.status : 0;
  if (status === 0) throw new SigvaultError('NETWORK', 'The console\'s switch-role endpoint could not be reached from the page.');
  if (status < 200 || status > 299) {
    throw new SigvaultError('SIGNIN_ERROR', `The console refused the switch (HTTP ${status}). In a multi-session console the switch starts from the current role, so the role must trust it (role chaining).`);
  }
  let body: unknown;
  try {
    body = typeof r.body === 'string' && r.body.length <= 64 * 1024 ? JSON.parse(r.body) : undefined;
  } catch {
    body = undefined;
  }
  const destination = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['destination'] : undefined;
  if (typeof destination !== 'string' || destination === '') throw changed('the switch answered without a destination');
  try {
    return validateDestination(destination, partition);
  } catch {
    throw changed('the switch answered with a destination that is not a console address');
  }
}
