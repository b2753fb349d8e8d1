/**
 * A local stand-in for AWS STS and the AWS Sign-In federation endpoint, for tests and demo mode.
 *
 * A Node `http` server on 127.0.0.1 (random port by default) that behaves as AWS documents, as far as
 * Sigvault needs it:
 * - **Every** STS request's SigV4 signature is verified independently with `@smithy/signature-v4`
 *   (+ `@aws-crypto/sha256-js`), against the secret of the access key it issued (long-term user keys or
 *   temporary credentials). Unknown keys → InvalidClientTokenId, wrong signature → SignatureDoesNotMatch
 *   (with AWS's message, which quotes the canonical request), X-Amz-Date more than 5 minutes from the
 *   stand-in's clock → SignatureDoesNotMatch "Signature expired…" (or RequestExpired, configurable),
 *   expired temporary credentials → ExpiredToken, a credential scope outside `scopeRegions` (e.g. only
 *   us-east-1, as the global endpoint) → SignatureDoesNotMatch "Credential should be scoped to a valid
 *   region. ". Responses carry `Date` from the stand-in's clock (which can be skewed to test clock
 *   correction).
 * - GetCallerIdentity (user / root / assumed-role / federated-user ARNs), GetSessionToken (MFA
 *   checked; refused with session credentials), AssumeRole (trust: principals, external ID, MFA —
 *   satisfied by SerialNumber/TokenCode or by an MFA-authenticated source session; role chaining,
 *   including from GetSessionToken credentials, capped at 3600 s with AWS's ValidationError; root keys
 *   refused), GetFederationToken (refused with session credentials; Name ≤ 32), with XML shaped like
 *   the STS API reference examples.
 * - AssumeRoleWithSAML and AssumeRoleWithWebIdentity, unsigned (a signature, if any, is ignored, as AWS
 *   does), validated as ./standin-federated.ts describes (real AWS also verifies the IdP's signature; the
 *   stand-in checks structure, expiry, the pair / issuer / audience, registered providers and the role's
 *   trust); the credentials are role sessions like issueRoleSession's (chaining capped at 1 h, sign-in).
 * - The SAML sign-in (ACS) `POST /saml` (form `SAMLResponse` [+ `RelayState`], or a role chooser's
 *   `roleIndex`): one role → 302 to the console (a login recorded with `via: 'saml'`), several → AWS's
 *   role-chooser page; and a test IdP page (`idpPage`) that auto-posts a SAML response to an ACS URL.
 * - `/federation?Action=getSigninToken` (Session JSON must hold valid temporary credentials it issued;
 *   SessionDuration refused for GetFederationToken credentials and for roles assumed with temporary
 *   credentials) and `Action=login` by GET or form POST (token ≤ 15 minutes old; answers an HTML page
 *   "Signed in as <arn>" — or a 302 to the Destination with `loginResponse: 'redirect'`).
 * - Failure injection: throttle / fail the next N calls, RegionDisabledException per region, clock skew,
 *   expire or revoke credentials.
 * - CORS: answers preflights permissively and sends Access-Control-Allow-Origin (real STS and Sign-In
 *   do not; see the report in the module's test).
 *
 * Run standalone: `npx tsx test/support/sts-standin.ts [--port 0] [--demo] [--skew-ms N] [--json]`.
 * @module
 */

import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { createSwitchRoleEmulation, type SwitchRoleEmulation } from './standin-switchrole.ts';
import { CONSOLE_HOST_HEADER, createStandinConsole, type StandinConsole } from './standin-console.ts';
import {
  FederatedFault,
  assertionOffers,
  assertionPairs,
  checkSessionAttributes,
  idpPageHtml,
  nameQualifier,
  oidcProviderKey,
  readJwt,
  readSamlAssertion,
  roleChooserHtml,
  samlFault,
  type OidcProviderRecord,
  type SamlFacts,
  type SamlProviderRecord,
} from './standin-federated.ts';

// ---------------------------------------------------------------------------------------------------
// Types

export type StandinPartition = 'aws' | 'aws-cn' | 'aws-us-gov';

export interface StandinOptions {
  /** Port to listen on (0 = random). */
  port?: number;
  /** Stand-in clock = real clock + skew (ms). Changeable later with setClockSkew. */
  clockSkewMs?: number;
  /** Largest allowed |X-Amz-Date − stand-in clock| (default 5 minutes). */
  maxRequestSkewMs?: number;
  /** Error for a request outside that window (default SignatureDoesNotMatch "Signature expired…", as STS answers header-signed requests). */
  skewErrorCode?: 'SignatureDoesNotMatch' | 'RequestExpired';
  /** Answer CORS preflights and add Access-Control-Allow-Origin (default true). */
  cors?: boolean;
  /**
   * `Action=login`: 'page' (200 HTML "Signed in as…", default) or 'redirect' (302 to where the console
   * sends the browser: the Destination, or its session host under multi-session; see standin-console.ts).
   */
  loginResponse?: 'page' | 'redirect';
  /** The console's multi-session setting at start (default off, as AWS); `standin.console.multiSession` changes it. */
  multiSession?: boolean;
  /** Refuse a TOTP code used before for the same device (AWS does); default false. */
  rejectReusedMfaCodes?: boolean;
  /** Log one line per request to stderr (never secrets). */
  log?: boolean;
  /**
   * Credential-scope regions this endpoint accepts (default: any). `['us-east-1']` makes the stand-in
   * behave like the global endpoint `sts.amazonaws.com`: a request signed for another region gets
   * AWS's 403 SignatureDoesNotMatch "Credential should be scoped to a valid region. " (checked before
   * the key or the signature).
   */
  scopeRegions?: readonly string[];
}

export interface IssueUserOptions {
  userName: string;
  /** 12 digits (default 111111111111). */
  account?: string;
  partition?: StandinPartition;
  /** Root-user keys (ARN `arn:aws:iam::<account>:root`). */
  root?: boolean;
  /** An MFA device for this user: `serial` defaults to `arn:<p>:iam::<account>:mfa/<userName>`. */
  mfa?: { serial?: string; code: string };
  /** Fixed keys (default: random AKIA… / 40-character secret). */
  accessKeyId?: string;
  secretAccessKey?: string;
}

export interface IssuedUser {
  accessKeyId: string;
  secretAccessKey: string;
  arn: string;
  userId: string;
  account: string;
  userName: string;
  mfaSerial?: string;
}

export interface RoleTrust {
  /**
   * Who may assume the role: `*`, a 12-digit account id or `arn:…:iam::<account>:root` (any principal
   * of that account), a user ARN (the user and its sessions), or a role ARN (sessions of that role).
   */
  principals: string[];
  /** Required sts:ExternalId. */
  externalId?: string;
  /** Require aws:MultiFactorAuthPresent. */
  requireMfa?: boolean;
  /** SAML / OIDC provider ARNs allowed AssumeRoleWithSAML / AssumeRoleWithWebIdentity (Principal.Federated). */
  federated?: string[];
}

export interface AddRoleOptions {
  arn: string;
  trust: RoleTrust;
  /** Role's MaxSessionDuration (default 3600, AWS's default; up to 43200). */
  maxSessionDuration?: number;
  /**
   * Test knob: credentials for this role expire after this many seconds whatever was asked (stands in for
   * a console session near its end, so a test need not wait an hour).
   */
  issuedLifetimeSeconds?: number;
}

export interface RoleRecord {
  arn: string;
  account: string;
  name: string;
  roleId: string;
  partition: StandinPartition;
  trust: RoleTrust;
  maxSessionDuration: number;
  issuedLifetimeSeconds?: number;
}

interface UserRecord extends IssuedUser {
  partition: StandinPartition;
  root: boolean;
}

type TempKind = 'session' | 'role' | 'federation';

interface TempCredential {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiresAt: number;
  kind: TempKind;
  user: UserRecord;
  arn: string;
  userId: string;
  account: string;
  partition: StandinPartition;
  mfa: boolean;
  /** AssumeRole called with long-term keys. */
  fromLongTerm: boolean;
  role?: RoleRecord;
  revoked: boolean;
}

export interface IssuedRoleSession {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** ms since the epoch, stand-in clock. */
  expiresAt: number;
  /** `arn:…:sts::<account>:assumed-role/<name>/<session>` */
  arn: string;
}

export interface StandinCall {
  at: number;
  kind: 'sts' | 'federation' | 'preflight' | 'saml' | 'idp';
  action: string;
  region?: string;
  accessKeyId?: string;
  status: number;
  errorCode?: string;
  /** The call carried SerialNumber/TokenCode. */
  mfa?: boolean;
  durationSeconds?: number;
}

export interface StandinLogin {
  at: number;
  /** How the login came: a form POST (what Sigvault's sign-in page sends) or a GET with the token in the URL. */
  method: 'GET' | 'POST';
  /** SessionDuration the sign-in token was issued with. */
  sessionDuration?: number;
  arn: string;
  destination: string;
  issuer?: string;
  /** What the console did: a session added, one replaced, or the session-limit page (nobody signed in). */
  outcome?: 'added' | 'replaced' | 'limit';
  /** Where the login sent the browser (the session host under multi-session). */
  location?: string;
  /** The federation endpoint's login (default) or a SAML sign-in at `/saml`. */
  via?: 'federation' | 'saml';
}

export interface StandinState {
  calls: StandinCall[];
  logins: StandinLogin[];
  users: Map<string, UserRecord>;
  roles: Map<string, RoleRecord>;
  temps: Map<string, TempCredential>;
  /** Sign-in tokens issued (value: when and for which credentials). */
  signinTokens: Map<string, { issuedAt: number; accessKeyId: string; sessionDuration?: number }>;
  samlProviders: Map<string, SamlProviderRecord>;
  /** By `host/path` of the issuer URL. */
  oidcProviders: Map<string, OidcProviderRecord>;
  /** How often each SAML response (by its ID) was used, by STS or the ACS (reuse is allowed within validity). */
  samlUses: Map<string, number>;
}

export interface Hold {
  arrived: Promise<void>;
  clientGone: Promise<boolean>;
  release(): void;
}

export interface InjectedFailure {
  code: string;
  status: number;
  message: string;
}

export interface Standin {
  /** `http://127.0.0.1:<port>` — use it as the STS endpoint and as the sign-in base. */
  url: string;
  port: number;
  stop(): Promise<void>;
  issueUserKeys(opts: IssueUserOptions): IssuedUser;
  addRole(opts: AddRoleOptions): RoleRecord;
  setMfaCode(serial: string, code: string): void;
  /** The next `n` STS calls fail with this error (default Throttling, HTTP 400 "Rate exceeded"). */
  failNext(n: number, failure?: Partial<InjectedFailure>): void;
  /** Alias: the next `n` STS calls are throttled. */
  throttleNext(n: number): void;
  /**
   * The next request for `action` (an STS action such as `AssumeRole`, or `getSigninToken` / `login`) is
   * held before it is answered: `arrived` settles when it came in, `release()` lets it go on, and
   * `clientGone` settles true if the client dropped the connection while it was held (an aborted fetch).
   */
  hold(action: string): Hold;
  disableRegion(region: string): void;
  enableRegion(region: string): void;
  setClockSkew(ms: number): void;
  /** The stand-in's clock (ms). */
  now(): number;
  /** Make issued temporary credentials expired. */
  expire(accessKeyId: string): void;
  /** Forget a key (long-term or temporary): later use gets InvalidClientTokenId. */
  revoke(accessKeyId: string): void;
  /** The temporary credential record behind an access key id (tests). */
  temp(accessKeyId: string): TempCredential | undefined;
  /**
   * Temporary credentials for a session of `roleArn` that did not come from an STS call made here: what
   * Identity Center's GetRoleCredentials, AssumeRoleWithSAML and AssumeRoleWithWebIdentity hand out. The
   * role is added (MaxSessionDuration 12 h, trusted by nobody) when it is not known. The credentials are
   * accepted like any this stand-in issued: GetCallerIdentity, AssumeRole (role chaining: 1 h cap) and the
   * federation endpoint (getSigninToken, without SessionDuration as for other chained sessions).
   */
  issueRoleSession(opts: { roleArn: string; sessionName: string; durationSeconds: number }): IssuedRoleSession;
  /** Register an IAM SAML provider (`arn:…:iam::<account>:saml-provider/<name>`); `issuer` is then required to match. */
  addSamlProvider(opts: { arn: string; issuer?: string }): SamlProviderRecord;
  /** Register an IAM OIDC provider for an issuer URL and its client ids (audiences); returns its ARN. */
  addOidcProvider(opts: { url: string; clientIds: string[]; account?: string; partition?: StandinPartition }): OidcProviderRecord;
  /**
   * A test IdP page on the stand-in that POSTs `samlResponse` to `acsUrl` (default this stand-in's
   * `/saml`) on load. Returns its URL (the response is kept server-side, not put in the URL).
   */
  idpPage(samlResponse: string, opts?: { acsUrl?: string; relayState?: string }): string;
  state: StandinState;
  /** The console's own Switch Role (classic and multi-session endpoints): ./standin-switchrole.ts. */
  switchRole: SwitchRoleEmulation;
  /** The console after login: sessions, multi-session, sign-out (standin-console.ts). */
  console: StandinConsole;
}

// ---------------------------------------------------------------------------------------------------
// Helpers

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomFrom(alphabet: string, n: number): string {
  const bytes = randomBytes(n);
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[bytes[i]! % alphabet.length];
  return s;
}

function newAccessKeyId(prefix: 'AKIA' | 'ASIA'): string {
  return prefix + randomFrom(BASE32, 16);
}

function newSecret(): string {
  return randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 40);
}

function newSessionToken(): string {
  return 'IQoJb3JpZ2luX2VjE' + randomBytes(240).toString('base64');
}

function newUniqueId(prefix: string): string {
  return prefix + randomFrom(BASE32, 17);
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function htmlEscape(s: string): string {
  return xmlEscape(s);
}

/** `2019-11-09T13:34:41Z` (no milliseconds) or with them. */
function isoTime(ms: number, withMillis: boolean): string {
  const s = new Date(ms).toISOString();
  return withMillis ? s : s.replace(/\.\d{3}Z$/, 'Z');
}

/** Form / query decoding: `+` is a space, then percent-decoding. */
function formDecode(s: string): string {
  return decodeURIComponent(s.replace(/\+/g, ' '));
}

function parseForm(s: string): Map<string, string> {
  const out = new Map<string, string>();
  if (s === '') return out;
  for (const part of s.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const k = formDecode(eq < 0 ? part : part.slice(0, eq));
    const v = eq < 0 ? '' : formDecode(part.slice(eq + 1));
    if (!out.has(k)) out.set(k, v);
  }
  return out;
}

function amzDateToMs(s: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return undefined;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}

function amzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function defaultMfaSerial(partition: StandinPartition, account: string, userName: string): string {
  return `arn:${partition}:iam::${account}:mfa/${userName}`;
}

const CONSOLE_SUFFIX: Record<StandinPartition, string> = {
  aws: 'console.aws.amazon.com',
  'aws-cn': 'console.amazonaws.cn',
  'aws-us-gov': 'console.amazonaws-us-gov.com',
};

class StsFault extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const ERR = {
  invalidClientTokenId: () => new StsFault('InvalidClientTokenId', 403, 'The security token included in the request is invalid.'),
  expiredToken: () => new StsFault('ExpiredToken', 403, 'The security token included in the request is expired'),
  accessDeniedAssume: (caller: string, role: string) =>
    new StsFault('AccessDenied', 403, `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${role}`),
  mfaInvalid: () => new StsFault('AccessDenied', 403, 'MultiFactorAuthentication failed with invalid MFA one time pass code.'),
  mfaUnable: () =>
    new StsFault('AccessDenied', 403, 'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.'),
  mfaBoth: () => new StsFault('AccessDenied', 403, 'MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.'),
  validation: (message: string) => new StsFault('ValidationError', 400, message),
  constraint: (value: string, field: string, constraint: string) =>
    new StsFault('ValidationError', 400, `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: ${constraint}`),
};

// ---------------------------------------------------------------------------------------------------
// Server

/**
 * Start the stand-in on 127.0.0.1.
 * @example
 * const s = await startStandin();
 * const alice = s.issueUserKeys({ userName: 'alice', mfa: { code: '123456' } });
 * // STS endpoint: s.url; sign-in base: s.url
 * await s.stop();
 */
export async function startStandin(opts: StandinOptions = {}): Promise<Standin> {
  let skew = opts.clockSkewMs ?? 0;
  const maxSkew = opts.maxRequestSkewMs ?? 5 * 60_000;
  const skewCode = opts.skewErrorCode ?? 'SignatureDoesNotMatch';
  const cors = opts.cors ?? true;
  const loginMode = opts.loginResponse ?? 'page';
  const clock = () => Date.now() + skew;
  let signinHost = '127.0.0.1';
  const consoleState = createStandinConsole(clock, { multiSession: opts.multiSession ?? false, signinHost: () => signinHost });

  const state: StandinState = {
    calls: [], logins: [], users: new Map(), roles: new Map(), temps: new Map(), signinTokens: new Map(),
    samlProviders: new Map(), oidcProviders: new Map(), samlUses: new Map(),
  };
  const idpPages = new Map<string, { samlResponse: string; acsUrl?: string; relayState?: string }>();
  const mfaCodes = new Map<string, string>(); // serial → code
  const usedCodes = new Set<string>(); // serial|code
  const disabledRegions = new Set<string>();
  const failures: InjectedFailure[] = [];
  const holds = new Map<string, { arrive(): void; gone(v: boolean): void; released: Promise<void> }>();

  /** Waits while `action` is held (see Standin.hold); reports a client that went away meanwhile. */
  async function held(action: string, res: ServerResponse): Promise<void> {
    const h = holds.get(action);
    if (!h) return;
    holds.delete(action);
    const onClose = () => { if (!res.writableEnded) h.gone(true); };
    res.on('close', onClose);
    h.arrive();
    await h.released;
    res.off('close', onClose);
    h.gone(false);
  }
  const sourceIdentityOf = new Map<string, string>(); // temp access key id → SourceIdentity (persists through chaining)

  // ---- responses ----

  function baseHeaders(req: IncomingMessage): Record<string, string> {
    const h: Record<string, string> = { Date: new Date(clock()).toUTCString() };
    if (cors) {
      const origin = req.headers.origin;
      h['Access-Control-Allow-Origin'] = typeof origin === 'string' && origin !== '' ? origin : '*';
      h['Access-Control-Expose-Headers'] = 'Date, x-amzn-RequestId';
      h['Vary'] = 'Origin';
    }
    return h;
  }

  function sendXml(req: IncomingMessage, res: ServerResponse, status: number, body: string, requestId: string): void {
    res.writeHead(status, { ...baseHeaders(req), 'x-amzn-RequestId': requestId, 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  }

  function errorXml(code: string, message: string, requestId: string): string {
    return (
      `<ErrorResponse xmlns="${NS}">\n  <Error>\n    <Type>${code === 'InternalFailure' || code === 'ServiceUnavailable' ? 'Receiver' : 'Sender'}</Type>\n` +
      `    <Code>${xmlEscape(code)}</Code>\n    <Message>${xmlEscape(message)}</Message>\n  </Error>\n  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`
    );
  }

  function successXml(action: string, resultInner: string, requestId: string): string {
    return (
      `<${action}Response xmlns="${NS}">\n  <${action}Result>\n${resultInner}  </${action}Result>\n` +
      `  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n</${action}Response>\n`
    );
  }

  function credentialsXml(t: TempCredential, withMillis: boolean): string {
    return (
      `    <Credentials>\n      <AccessKeyId>${t.accessKeyId}</AccessKeyId>\n      <SecretAccessKey>${xmlEscape(t.secretAccessKey)}</SecretAccessKey>\n` +
      `      <SessionToken>${xmlEscape(t.sessionToken)}</SessionToken>\n      <Expiration>${isoTime(t.expiresAt, withMillis)}</Expiration>\n    </Credentials>\n`
    );
  }

  function sendHtml(req: IncomingMessage, res: ServerResponse, status: number, title: string, bodyHtml: string, attrs = ''): void {
    const body = `<!doctype html>\n<html><head><meta charset="utf-8"><title>${htmlEscape(title)}</title></head>\n<body${attrs}>\n${bodyHtml}\n</body></html>\n`;
    res.writeHead(status, { ...baseHeaders(req), 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
    res.end(body);
  }

  // ---- principals ----

  function callerArn(p: { kind: 'long'; user: UserRecord } | { kind: 'temp'; t: TempCredential }): string {
    return p.kind === 'long' ? p.user.arn : p.t.arn;
  }

  function issueTemp(kind: TempKind, user: UserRecord, durationSeconds: number, fields: Partial<TempCredential> & { arn: string; userId: string; account: string; partition: StandinPartition }): TempCredential {
    const t: TempCredential = {
      accessKeyId: newAccessKeyId('ASIA'),
      secretAccessKey: newSecret(),
      sessionToken: newSessionToken(),
      expiresAt: clock() + durationSeconds * 1000,
      kind,
      user,
      mfa: false,
      fromLongTerm: false,
      revoked: false,
      ...fields,
    };
    state.temps.set(t.accessKeyId, t);
    return t;
  }

  function checkMfa(user: UserRecord, serial: string | undefined, code: string | undefined): boolean {
    if (serial === undefined && code === undefined) return false;
    if (serial === undefined || code === undefined) throw ERR.mfaBoth();
    if (!/^\d{6}$/.test(code)) throw ERR.constraint(code, 'tokenCode', 'Member must satisfy regular expression pattern: [\\d]*');
    if (user.mfaSerial !== serial || !mfaCodes.has(serial)) throw ERR.mfaUnable();
    if (mfaCodes.get(serial) !== code) throw ERR.mfaInvalid();
    if (opts.rejectReusedMfaCodes) {
      const k = `${serial}|${code}`;
      if (usedCodes.has(k)) throw ERR.mfaInvalid();
      usedCodes.add(k);
    }
    return true;
  }

  function intParam(params: Map<string, string>, name: string, field: string): number | undefined {
    const v = params.get(name);
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v)) throw ERR.constraint(v, field, 'Member must be an integer');
    return Number(v);
  }

  function validateSessionName(name: string | undefined, field: string, max: number): string {
    if (name === undefined) throw new StsFault('MissingParameter', 400, `The request must contain the parameter ${field === 'roleSessionName' ? 'RoleSessionName' : 'Name'}`);
    if (name.length < 2) throw ERR.constraint(name, field, 'Member must have length greater than or equal to 2');
    if (name.length > max) throw ERR.constraint(name, field, `Member must have length less than or equal to ${max}`);
    if (!/^[\w+=,.@-]*$/.test(name)) throw ERR.constraint(name, field, 'Member must satisfy regular expression pattern: [\\w+=,.@-]*');
    return name;
  }

  function checkPolicy(policy: string | undefined): number | undefined {
    if (policy === undefined) return undefined;
    if (policy.length > 2048) throw ERR.constraint('…', 'policy', 'Member must have length less than or equal to 2048');
    try {
      const doc = JSON.parse(policy) as unknown;
      if (typeof doc !== 'object' || doc === null || !('Statement' in doc)) throw new Error('no Statement');
    } catch {
      throw new StsFault('MalformedPolicyDocument', 400, 'Syntax errors in policy.');
    }
    // Approximation of AWS's packed size: 100 % at 2000 plain-text characters.
    const pct = Math.ceil(policy.length / 20);
    if (pct > 100) throw new StsFault('PackedPolicyTooLarge', 400, `Packed policy consumes ${pct}% of allotted space, please use smaller policy.`);
    return pct;
  }

  function principalMatches(trust: RoleTrust, caller: { kind: 'long'; user: UserRecord } | { kind: 'temp'; t: TempCredential }): boolean {
    const account = caller.kind === 'long' ? caller.user.account : caller.t.account;
    const partition = caller.kind === 'long' ? caller.user.partition : caller.t.partition;
    for (const p of trust.principals) {
      if (p === '*') return true;
      if (p === account || p === `arn:${partition}:iam::${account}:root`) return true;
      if (caller.kind === 'long' && p === caller.user.arn) return true;
      if (caller.kind === 'temp') {
        const t = caller.t;
        if (t.kind === 'session' && p === t.user.arn) return true;
        if (t.kind === 'role' && t.role && p === t.role.arn) return true;
      }
    }
    return false;
  }

  // ---- actions ----

  type Caller = { kind: 'long'; user: UserRecord } | { kind: 'temp'; t: TempCredential };

  function actionGetCallerIdentity(caller: Caller): string {
    let arn: string, userId: string, account: string;
    if (caller.kind === 'long') {
      ({ arn, userId, account } = caller.user);
    } else if (caller.t.kind === 'session') {
      ({ arn, userId, account } = caller.t.user);
    } else {
      ({ arn, userId, account } = caller.t);
    }
    return `    <Arn>${xmlEscape(arn)}</Arn>\n    <UserId>${xmlEscape(userId)}</UserId>\n    <Account>${account}</Account>\n`;
  }

  function actionGetSessionToken(caller: Caller, params: Map<string, string>, call: StandinCall): string {
    if (caller.kind === 'temp') throw new StsFault('AccessDenied', 403, 'Cannot call GetSessionToken with session credentials');
    const user = caller.user;
    let duration = intParam(params, 'DurationSeconds', 'durationSeconds');
    if (duration !== undefined && (duration < 900 || duration > 129_600)) {
      throw ERR.constraint(String(duration), 'durationSeconds', duration < 900 ? 'Member must have value greater than or equal to 900' : 'Member must have value less than or equal to 129600');
    }
    duration ??= user.root ? 3600 : 43_200;
    if (user.root) duration = Math.min(duration, 3600);
    call.durationSeconds = duration;
    const mfa = checkMfa(user, params.get('SerialNumber'), params.get('TokenCode'));
    call.mfa = mfa;
    const t = issueTemp('session', user, duration, { arn: user.arn, userId: user.userId, account: user.account, partition: user.partition, mfa });
    return credentialsXml(t, true);
  }

  function actionAssumeRole(caller: Caller, params: Map<string, string>, call: StandinCall): string {
    const roleArn = params.get('RoleArn');
    if (roleArn === undefined) throw new StsFault('MissingParameter', 400, 'The request must contain the parameter RoleArn');
    if (roleArn.length < 20) throw ERR.constraint(roleArn, 'roleArn', 'Member must have length greater than or equal to 20');
    const sessionName = validateSessionName(params.get('RoleSessionName'), 'roleSessionName', 64);
    if (caller.kind === 'long' && caller.user.root) throw new StsFault('AccessDenied', 403, 'Roles may not be assumed by root accounts.');
    const cArn = callerArn(caller);
    if (caller.kind === 'temp' && caller.t.kind === 'federation') throw ERR.accessDeniedAssume(cArn, roleArn);
    const role = state.roles.get(roleArn);
    if (!role) throw ERR.accessDeniedAssume(cArn, roleArn);
    const user = caller.kind === 'long' ? caller.user : caller.t.user;

    const duration = intParam(params, 'DurationSeconds', 'durationSeconds');
    if (duration !== undefined && (duration < 900 || duration > 43_200)) {
      throw ERR.constraint(String(duration), 'durationSeconds', duration < 900 ? 'Member must have value greater than or equal to 900' : 'Member must have value less than or equal to 43200');
    }
    const chained = caller.kind === 'temp';
    if (chained && duration !== undefined && duration > 3600) {
      throw ERR.validation('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
    }
    if (duration !== undefined && duration > role.maxSessionDuration) {
      throw ERR.validation('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    }
    const externalId = params.get('ExternalId');
    if (externalId !== undefined && !/^[\w+=,.@:/-]{2,1224}$/.test(externalId)) {
      throw ERR.constraint(externalId, 'externalId', 'Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*');
    }
    const sourceIdentity = params.get('SourceIdentity');
    if (sourceIdentity !== undefined) {
      validateSessionName(sourceIdentity, 'sourceIdentity', 64);
      if (sourceIdentity.toLowerCase().startsWith('aws:')) throw ERR.validation('SourceIdentity must not begin with "aws:"');
    }
    const serial = params.get('SerialNumber');
    const code = params.get('TokenCode');
    // MFA parameters are validated whenever they are sent (against the calling user's device).
    const sentMfa = serial !== undefined || code !== undefined;
    call.mfa = sentMfa;
    let mfaNow = false;
    if (sentMfa) {
      if (caller.kind === 'temp' && (serial === undefined || code === undefined)) throw ERR.mfaBoth();
      mfaNow = checkMfa(user, serial, code);
    }
    const callerMfa = caller.kind === 'temp' ? caller.t.mfa : false;
    const mfaPresent = mfaNow || callerMfa;

    if (!principalMatches(role.trust, caller)) throw ERR.accessDeniedAssume(cArn, roleArn);
    if (role.trust.externalId !== undefined && role.trust.externalId !== externalId) throw ERR.accessDeniedAssume(cArn, roleArn);
    if (role.trust.requireMfa && !mfaPresent) throw ERR.accessDeniedAssume(cArn, roleArn);

    const granted = duration ?? 3600;
    call.durationSeconds = granted;
    const policyPct = checkPolicy(params.get('Policy'));
    const roleSessionArn = `arn:${role.partition}:sts::${role.account}:assumed-role/${role.name}/${sessionName}`;
    const t = issueTemp('role', user, role.issuedLifetimeSeconds ?? granted, {
      arn: roleSessionArn,
      userId: `${role.roleId}:${sessionName}`,
      account: role.account,
      partition: role.partition,
      mfa: mfaPresent,
      fromLongTerm: caller.kind === 'long',
      role,
    });
    const inheritedSource = caller.kind === 'temp' && caller.t.kind === 'role' ? sourceIdentityOf.get(caller.t.accessKeyId) : undefined;
    const si = sourceIdentity ?? inheritedSource;
    if (si !== undefined) sourceIdentityOf.set(t.accessKeyId, si);
    let inner = '';
    if (si !== undefined) inner += `    <SourceIdentity>${xmlEscape(si)}</SourceIdentity>\n`;
    inner += `    <AssumedRoleUser>\n      <Arn>${xmlEscape(roleSessionArn)}</Arn>\n      <AssumedRoleId>${xmlEscape(t.userId)}</AssumedRoleId>\n    </AssumedRoleUser>\n`;
    inner += credentialsXml(t, false);
    if (policyPct !== undefined) inner += `    <PackedPolicySize>${policyPct}</PackedPolicySize>\n`;
    return inner;
  }

  function actionGetFederationToken(caller: Caller, params: Map<string, string>, call: StandinCall): string {
    if (caller.kind === 'temp') throw new StsFault('AccessDenied', 403, 'Cannot call GetFederationToken with session credentials');
    const user = caller.user;
    const name = validateSessionName(params.get('Name'), 'name', 32);
    let duration = intParam(params, 'DurationSeconds', 'durationSeconds');
    if (duration !== undefined && (duration < 900 || duration > 129_600)) {
      throw ERR.constraint(String(duration), 'durationSeconds', duration < 900 ? 'Member must have value greater than or equal to 900' : 'Member must have value less than or equal to 129600');
    }
    duration ??= user.root ? 3600 : 43_200;
    if (user.root) duration = Math.min(duration, 3600);
    call.durationSeconds = duration;
    const policyPct = checkPolicy(params.get('Policy'));
    const arn = `arn:${user.partition}:sts::${user.account}:federated-user/${name}`;
    const t = issueTemp('federation', user, duration, { arn, userId: `${user.account}:${name}`, account: user.account, partition: user.partition });
    let inner = credentialsXml(t, true);
    inner += `    <FederatedUser>\n      <Arn>${xmlEscape(arn)}</Arn>\n      <FederatedUserId>${xmlEscape(t.userId)}</FederatedUserId>\n    </FederatedUser>\n`;
    if (policyPct !== undefined || params.has('PolicyArns.member.1.arn')) inner += `    <PackedPolicySize>${policyPct ?? 1}</PackedPolicySize>\n`;
    return inner;
  }

  // ---- SigV4 verification (independent implementation: @smithy/signature-v4) ----

  interface Authenticated {
    caller: Caller;
    region: string;
    accessKeyId: string;
  }

  async function authenticate(req: IncomingMessage, path: string, query: string, body: string): Promise<Authenticated> {
    const auth = req.headers.authorization;
    if (typeof auth !== 'string' || auth === '') throw new StsFault('MissingAuthenticationToken', 403, 'Request is missing Authentication Token');
    const m = /^AWS4-HMAC-SHA256 +Credential=([^,\s]+), *SignedHeaders=([^,\s]+), *Signature=([0-9a-f]{64})$/.exec(auth.trim());
    if (!m) throw new StsFault('IncompleteSignature', 400, `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters. Authorization=${auth.slice(0, 16)}…`);
    const [, credential, signedHeaderList, signature] = m as unknown as [string, string, string, string];
    const scope = credential.split('/');
    if (scope.length !== 5 || scope[4] !== 'aws4_request') throw new StsFault('IncompleteSignature', 400, 'Credential should be scoped with a valid terminator: \'aws4_request\'');
    const [accessKeyId, scopeDate, region, service] = scope as [string, string, string, string];
    if (service !== 'sts') throw new StsFault('SignatureDoesNotMatch', 403, `Credential should be scoped to correct service: 'sts'.`);
    if (opts.scopeRegions !== undefined && !opts.scopeRegions.includes(region)) {
      throw new StsFault('SignatureDoesNotMatch', 403, 'Credential should be scoped to a valid region. ');
    }
    const signedHeaders = signedHeaderList.split(';');
    if (!signedHeaders.includes('host')) throw new StsFault('SignatureDoesNotMatch', 403, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");

    // Who is it?
    let caller: Caller;
    let secret: string;
    let token: string | undefined;
    const user = state.users.get(accessKeyId);
    const temp = state.temps.get(accessKeyId);
    const presentedToken = req.headers['x-amz-security-token'];
    if (user) {
      if (presentedToken !== undefined) throw ERR.invalidClientTokenId();
      caller = { kind: 'long', user };
      secret = user.secretAccessKey;
    } else if (temp && !temp.revoked) {
      if (presentedToken !== temp.sessionToken) throw ERR.invalidClientTokenId();
      if (temp.expiresAt <= clock()) throw ERR.expiredToken();
      caller = { kind: 'temp', t: temp };
      secret = temp.secretAccessKey;
      token = temp.sessionToken;
    } else {
      throw ERR.invalidClientTokenId();
    }

    // When?
    const xAmzDate = req.headers['x-amz-date'];
    const signedAt = typeof xAmzDate === 'string' ? amzDateToMs(xAmzDate) : undefined;
    if (signedAt === undefined || !signedHeaders.includes('x-amz-date')) {
      throw new StsFault('IncompleteSignature', 400, 'Authorization header requires existence of either a \'X-Amz-Date\' or a \'Date\' header.');
    }
    if (scopeDate !== (xAmzDate as string).slice(0, 8)) {
      throw new StsFault('SignatureDoesNotMatch', 403, `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${(xAmzDate as string).slice(0, 8)}', from '${xAmzDate as string}'.`);
    }
    const nowMs = clock();
    if (Math.abs(signedAt - nowMs) > maxSkew) {
      const mins = Math.round(maxSkew / 60_000);
      if (skewCode === 'RequestExpired') throw new StsFault('RequestExpired', 400, 'Request has expired.');
      const msg = signedAt < nowMs
        ? `Signature expired: ${xAmzDate as string} is now earlier than ${amzDate(nowMs - maxSkew)} (${amzDate(nowMs)} - ${mins} min.)`
        : `Signature not yet current: ${xAmzDate as string} is still later than ${amzDate(nowMs + maxSkew)} (${amzDate(nowMs)} + ${mins} min.)`;
      throw new StsFault('SignatureDoesNotMatch', 403, msg);
    }

    // Recompute the signature with smithy over exactly the signed headers.
    const headers: Record<string, string> = {};
    for (const h of signedHeaders) {
      const v = req.headers[h];
      if (v === undefined) throw new StsFault('SignatureDoesNotMatch', 403, `The request signature we calculated does not match the signature you provided. Signed header ${h} is missing.`);
      headers[h] = Array.isArray(v) ? v.join(',') : v;
    }
    const queryObj: Record<string, string | string[]> = {};
    for (const part of query === '' ? [] : query.split('&')) {
      const eq = part.indexOf('=');
      const k = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
      const v = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1));
      const prev = queryObj[k];
      queryObj[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    const signer = new SignatureV4({
      credentials: token !== undefined && signedHeaders.includes('x-amz-security-token')
        ? { accessKeyId, secretAccessKey: secret, sessionToken: token }
        : { accessKeyId, secretAccessKey: secret },
      region,
      service: 'sts',
      sha256: Sha256,
      uriEscapePath: true,
      applyChecksum: false,
    });
    const hostHeader = headers['host'] ?? '';
    const colon = hostHeader.lastIndexOf(':');
    const signedReq = await signer.sign(
      {
        method: req.method ?? 'POST',
        protocol: 'http:',
        hostname: colon > 0 ? hostHeader.slice(0, colon) : hostHeader,
        ...(colon > 0 ? { port: Number(hostHeader.slice(colon + 1)) } : {}),
        path,
        query: queryObj,
        headers,
        body,
      },
      { signingDate: new Date(signedAt), signableHeaders: new Set(signedHeaders) },
    );
    const expected = /Signature=([0-9a-f]{64})/.exec(String(signedReq.headers['authorization']))?.[1];
    const expectedList = /SignedHeaders=([^,]+),/.exec(String(signedReq.headers['authorization']))?.[1];
    if (expected !== signature || expectedList !== signedHeaderList) {
      // AWS quotes its canonical request (signed header values included: the session token!) and string to sign.
      const canonical = [
        req.method ?? 'POST',
        path,
        query,
        ...signedHeaders.map((h) => `${h}:${(headers[h] ?? '').trim()}`),
        '',
        signedHeaderList,
        createHash('sha256').update(body).digest('hex'),
      ].join('\n');
      throw new StsFault(
        'SignatureDoesNotMatch',
        403,
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\n' +
          `The Canonical String for this request should have been\n'${canonical}'\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n${xAmzDate as string}\n${scopeDate}/${region}/sts/aws4_request\n${createHash('sha256').update(canonical).digest('hex')}'\n`,
      );
    }
    return { caller, region, accessKeyId };
  }

  // ---- federated sessions (AssumeRoleWithSAML / WebIdentity / SAML sign-in): ./standin-federated.ts ----

  /** A session of `role` that no IAM user's call made (Identity Center, SAML, web identity). */
  function issueRoleTemp(role: RoleRecord, sessionName: string, seconds: number): TempCredential {
    // The session belongs to no IAM user: a principal of the role's account with no MFA device stands in.
    const user: UserRecord = {
      accessKeyId: '', secretAccessKey: '', arn: `arn:${role.partition}:iam::${role.account}:root`, userId: role.account,
      account: role.account, userName: sessionName, partition: role.partition, root: false,
    };
    return issueTemp('role', user, role.issuedLifetimeSeconds ?? seconds, {
      arn: `arn:${role.partition}:sts::${role.account}:assumed-role/${role.name}/${sessionName}`,
      userId: `${role.roleId}:${sessionName}`,
      account: role.account,
      partition: role.partition,
      role,
    });
  }

  function durationParam(params: Map<string, string>): number | undefined {
    const d = intParam(params, 'DurationSeconds', 'durationSeconds');
    if (d !== undefined && (d < 900 || d > 43_200)) {
      throw ERR.constraint(String(d), 'durationSeconds', d < 900 ? 'Member must have value greater than or equal to 900' : 'Member must have value less than or equal to 43200');
    }
    return d;
  }

  function required(params: Map<string, string>, name: string): string {
    const v = params.get(name);
    if (v === undefined) throw new StsFault('MissingParameter', 400, `The request must contain the parameter ${name}`);
    return v;
  }

  /** A secret parameter's length check; AWS quotes the value, cut here to its start. */
  function secretLength(v: string, field: string, min: number, max: number): void {
    if (v.length < min || v.length > max) {
      throw ERR.constraint(v.slice(0, 40), field, v.length < min ? `Member must have length greater than or equal to ${min}` : `Member must have length less than or equal to ${max}`);
    }
  }

  /** The checks shared by AssumeRoleWithSAML and the ACS: a usable assertion offering a trusted pair. */
  function samlSession(facts: SamlFacts, roleArn: string, principalArn: string): { role: RoleRecord; provider: SamlProviderRecord; sessionName: string } {
    if (facts.notOnOrAfter !== undefined && clock() >= facts.notOnOrAfter) throw samlFault.expired();
    const provider = state.samlProviders.get(principalArn);
    if (!provider) throw samlFault.noProvider();
    if (provider.issuer !== undefined && provider.issuer !== facts.issuer) throw samlFault.issuer();
    if (!assertionOffers(facts, roleArn, principalArn)) throw samlFault.notAuthorizedSaml();
    const role = state.roles.get(roleArn);
    if (!role || !(role.trust.federated ?? []).includes(principalArn)) throw samlFault.notAuthorizedSaml();
    const sessionName = checkSessionAttributes(facts);
    state.samlUses.set(facts.responseId, (state.samlUses.get(facts.responseId) ?? 0) + 1);
    return { role, provider, sessionName };
  }

  function actionAssumeRoleWithSaml(params: Map<string, string>, call: StandinCall): string {
    const roleArn = required(params, 'RoleArn');
    const principalArn = required(params, 'PrincipalArn');
    const assertion = required(params, 'SAMLAssertion');
    for (const [v, f] of [[roleArn, 'roleArn'], [principalArn, 'principalArn']] as const) {
      if (v.length < 20) throw ERR.constraint(v, f, 'Member must have length greater than or equal to 20');
    }
    secretLength(assertion, 'sAMLAssertion', 4, 100_000);
    const duration = durationParam(params);
    const facts = readSamlAssertion(assertion);
    const { role, sessionName } = samlSession(facts, roleArn, principalArn);
    if (duration !== undefined && duration > role.maxSessionDuration) throw ERR.validation('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    // SessionDuration and SessionNotOnOrAfter can only shorten the session (IAM User Guide).
    let seconds = duration ?? 3600;
    if (facts.sessionDuration !== undefined) seconds = Math.min(seconds, facts.sessionDuration);
    if (facts.sessionNotOnOrAfter !== undefined) seconds = Math.min(seconds, Math.floor((facts.sessionNotOnOrAfter - clock()) / 1000));
    call.durationSeconds = seconds;
    const t = issueRoleTemp(role, sessionName, seconds);
    const providerName = principalArn.slice(principalArn.indexOf(':saml-provider/') + ':saml-provider/'.length);
    const format = facts.nameIdFormat?.replace(/^urn:oasis:names:tc:SAML:2\.0:nameid-format:/, '');
    return (
      `    <Issuer>${xmlEscape(facts.issuer)}</Issuer>\n` +
      `    <AssumedRoleUser>\n      <Arn>${xmlEscape(t.arn)}</Arn>\n      <AssumedRoleId>${xmlEscape(t.userId)}</AssumedRoleId>\n    </AssumedRoleUser>\n` +
      credentialsXml(t, false) +
      (facts.recipient ? `    <Audience>${xmlEscape(facts.recipient)}</Audience>\n` : '') +
      (format ? `    <SubjectType>${xmlEscape(format)}</SubjectType>\n` : '') +
      `    <NameQualifier>${nameQualifier(facts.issuer, role.account, providerName)}</NameQualifier>\n` +
      (facts.sourceIdentity ? `    <SourceIdentity>${xmlEscape(facts.sourceIdentity)}</SourceIdentity>\n` : '') +
      (facts.nameId ? `    <Subject>${xmlEscape(facts.nameId)}</Subject>\n` : '')
    );
  }

  function actionAssumeRoleWithWebIdentity(params: Map<string, string>, call: StandinCall): string {
    const roleArn = required(params, 'RoleArn');
    if (roleArn.length < 20) throw ERR.constraint(roleArn, 'roleArn', 'Member must have length greater than or equal to 20');
    const sessionName = validateSessionName(params.get('RoleSessionName'), 'roleSessionName', 64);
    const token = required(params, 'WebIdentityToken');
    secretLength(token, 'webIdentityToken', 4, 20_000);
    const duration = durationParam(params);
    const providerId = params.get('ProviderId');
    const jwt = readJwt(token);
    if (jwt.exp !== undefined && clock() >= jwt.exp) throw samlFault.expired();
    const role = state.roles.get(roleArn);
    const provider = state.oidcProviders.get(oidcProviderKey(jwt.iss));
    if (!provider || (role && provider.account !== role.account)) throw samlFault.noOidcProvider(jwt.iss);
    if (!jwt.aud.some((a) => provider.clientIds.includes(a))) throw samlFault.audience();
    if (!role || !(role.trust.federated ?? []).includes(provider.arn)) throw samlFault.notAuthorizedWeb();
    if (duration !== undefined && duration > role.maxSessionDuration) throw ERR.validation('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    const seconds = duration ?? 3600;
    call.durationSeconds = seconds;
    const t = issueRoleTemp(role, sessionName, seconds);
    const audience = jwt.aud.find((a) => provider.clientIds.includes(a))!;
    return (
      `    <SubjectFromWebIdentityToken>${xmlEscape(jwt.sub)}</SubjectFromWebIdentityToken>\n` +
      `    <Audience>${xmlEscape(audience)}</Audience>\n` +
      `    <AssumedRoleUser>\n      <Arn>${xmlEscape(t.arn)}</Arn>\n      <AssumedRoleId>${xmlEscape(t.userId)}</AssumedRoleId>\n    </AssumedRoleUser>\n` +
      credentialsXml(t, false) +
      `    <Provider>${xmlEscape(providerId ?? oidcProviderKey(jwt.iss))}</Provider>\n`
    );
  }

  /** `POST /saml`: AWS's sign-in receiving the IdP's SAMLResponse (or the role chooser's answer). */
  async function handleAcs(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const call: StandinCall = { at: clock(), kind: 'saml', action: 'saml', status: 200 };
    const page = (status: number, title: string, message: string) => {
      call.status = status;
      call.errorCode = title;
      sendHtml(req, res, status, title, `<h1 id="saml-error">${htmlEscape(message)}</h1>`);
      log(call);
    };
    if (req.method !== 'POST') return page(405, 'Method Not Allowed', 'The SAML endpoint accepts only POST.');
    const form = parseForm(await readBody(req));
    const samlResponse = (form.get('SAMLResponse') ?? '').replace(/\s+/g, '');
    const relayState = form.get('RelayState');
    let facts: SamlFacts;
    try {
      facts = readSamlAssertion(samlResponse);
    } catch {
      return page(400, 'Invalid SAML response', 'Your request included an invalid SAML response. To logout, click here.');
    }
    const pairs = assertionPairs(facts);
    if (pairs.length === 0) return page(400, 'Invalid SAML response', 'Your request included an invalid SAML response. To logout, click here.');
    const chosen = form.get('roleIndex');
    const pair = chosen !== undefined ? pairs.find((p) => p.roleArn === chosen) : pairs.length === 1 ? pairs[0] : undefined;
    if (!pair) {
      if (chosen !== undefined) return page(400, 'Invalid role', 'The selected role is not in the SAML response.');
      call.action = 'role-chooser';
      const body = roleChooserHtml(samlResponse, pairs, relayState);
      res.writeHead(200, { ...baseHeaders(req), 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
      res.end(body);
      log(call);
      return;
    }
    let session: ReturnType<typeof samlSession>;
    try {
      session = samlSession(facts, pair.roleArn, pair.principalArn);
    } catch (e) {
      if (!(e instanceof FederatedFault)) throw e;
      return page(e.status === 403 ? 403 : 400, e.code, `Error: ${e.message}`);
    }
    // The console session lasts SessionDuration (default 1 hour), as the IAM User Guide says.
    const seconds = facts.sessionDuration ?? 3600;
    const t = issueRoleTemp(session.role, session.sessionName, seconds);
    call.accessKeyId = t.accessKeyId;
    call.durationSeconds = seconds;
    const suffix = CONSOLE_SUFFIX[t.partition];
    const relay = relayState !== undefined ? /^https:\/\/([a-z0-9.-]+)(?:[/?#]|$)/.exec(relayState) : null;
    const destination = relay && (relay[1] === suffix || relay[1]!.endsWith('.' + suffix)) ? relayState! : `https://${suffix}/console/home`;
    const outcome = consoleState.login({ arn: t.arn, account: t.account, partition: t.partition, destination, credentialsExpireAt: t.expiresAt, sessionDuration: seconds });
    if (outcome.kind === 'error') return page(outcome.status, outcome.message, outcome.description);
    state.logins.push({
      at: clock(), method: 'POST', arn: t.arn, destination, sessionDuration: seconds, via: 'saml',
      outcome: outcome.kind === 'signed-in' ? (outcome.replaced ? 'replaced' : 'added') : 'limit',
      ...(outcome.kind === 'signed-in' ? { location: outcome.location } : {}),
    });
    if (outcome.kind === 'limit') {
      res.writeHead(outcome.status, { ...baseHeaders(req), 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(outcome.html);
    } else {
      res.writeHead(302, { ...baseHeaders(req), Location: outcome.location, 'Cache-Control': 'no-store' });
      res.end();
    }
    log(call);
  }

  // ---- request handling ----

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > 1_000_000) throw new StsFault('ValidationError', 400, 'Request too large');
      chunks.push(c as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  function log(call: StandinCall): void {
    state.calls.push(call);
    if (opts.log) {
      process.stderr.write(`[sts-standin] ${call.kind} ${call.action} ${call.region ?? ''} ${call.status}${call.errorCode ? ' ' + call.errorCode : ''}\n`);
    }
  }

  async function handleSts(req: IncomingMessage, res: ServerResponse, path: string, query: string): Promise<void> {
    const requestId = randomUUID();
    const body = await readBody(req);
    const params = parseForm(query);
    const ct = String(req.headers['content-type'] ?? '');
    if (req.method === 'POST' && (ct === '' || ct.startsWith('application/x-www-form-urlencoded'))) {
      for (const [k, v] of parseForm(body)) if (!params.has(k)) params.set(k, v);
    }
    const action = params.get('Action') ?? '';
    const call: StandinCall = { at: clock(), kind: 'sts', action, status: 200 };
    await held(action, res);
    try {
      const injected = failures.shift();
      if (injected) throw new StsFault(injected.code, injected.status, injected.message);
      if (action === 'AssumeRoleWithSAML' || action === 'AssumeRoleWithWebIdentity') {
        // Unsigned actions: the assertion / token is the proof; AWS ignores a signature if one is sent.
        if (params.get('Version') !== '2011-06-15') {
          throw new StsFault('InvalidAction', 400, `Could not find operation ${action} for version ${params.get('Version') ?? 'NO_VERSION_SPECIFIED'}`);
        }
        const inner = action === 'AssumeRoleWithSAML' ? actionAssumeRoleWithSaml(params, call) : actionAssumeRoleWithWebIdentity(params, call);
        sendXml(req, res, 200, successXml(action, inner, requestId), requestId);
        log(call);
        return;
      }
      const { caller, region, accessKeyId } = await authenticate(req, path, query, body);
      call.region = region;
      call.accessKeyId = accessKeyId;
      if (params.get('Version') !== '2011-06-15') {
        throw new StsFault('InvalidAction', 400, `Could not find operation ${action} for version ${params.get('Version') ?? 'NO_VERSION_SPECIFIED'}`);
      }
      if (disabledRegions.has(region)) {
        const account = caller.kind === 'long' ? caller.user.account : caller.t.account;
        throw new StsFault('RegionDisabledException', 403, `STS is not activated in this region for account:${account}. Your account administrator can activate STS in this region using the IAM Console.`);
      }
      let inner: string;
      switch (action) {
        case 'GetCallerIdentity':
          inner = actionGetCallerIdentity(caller);
          break;
        case 'GetSessionToken':
          inner = actionGetSessionToken(caller, params, call);
          break;
        case 'AssumeRole':
          inner = actionAssumeRole(caller, params, call);
          break;
        case 'GetFederationToken':
          inner = actionGetFederationToken(caller, params, call);
          break;
        default:
          throw new StsFault('InvalidAction', 400, `Could not find operation ${action} for version 2011-06-15`);
      }
      sendXml(req, res, 200, successXml(action, inner, requestId), requestId);
      log(call);
    } catch (e) {
      const f = e instanceof StsFault ? e : e instanceof FederatedFault ? new StsFault(e.code, e.status, e.message) : new StsFault('InternalFailure', 500, 'The request processing has failed because of an unknown error, exception or failure.');
      if (!(e instanceof StsFault) && opts.log) process.stderr.write(`[sts-standin] internal error: ${String(e)}\n`);
      call.status = f.status;
      call.errorCode = f.code;
      sendXml(req, res, f.status, errorXml(f.code, f.message, requestId), requestId);
      log(call);
    }
  }

  function federationError(req: IncomingMessage, res: ServerResponse, call: StandinCall, status: number, message: string, description: string): void {
    call.status = status;
    call.errorCode = message;
    sendHtml(req, res, status, `${status} ${message}`, `<h1>${status}: ${htmlEscape(message)}</h1>\n<p>${htmlEscape(description)}</p>`);
    log(call);
  }

  async function handleFederation(req: IncomingMessage, res: ServerResponse, query: string): Promise<void> {
    const body = req.method === 'POST' ? await readBody(req) : '';
    const params = parseForm(query);
    if (req.method === 'POST') for (const [k, v] of parseForm(body)) if (!params.has(k)) params.set(k, v);
    const action = params.get('Action') ?? '';
    const call: StandinCall = { at: clock(), kind: 'federation', action, status: 200 };
    await held(action, res);

    if (action === 'getSigninToken') {
      let session: Record<string, unknown>;
      try {
        session = JSON.parse(params.get('Session') ?? '') as Record<string, unknown>;
      } catch {
        return federationError(req, res, call, 400, 'Invalid Credentials Parameter', 'The request sent by the client was syntactically incorrect.');
      }
      const id = session['sessionId'];
      const t = typeof id === 'string' ? state.temps.get(id) : undefined;
      call.accessKeyId = typeof id === 'string' ? id : undefined;
      if (!t || t.revoked || t.secretAccessKey !== session['sessionKey'] || t.sessionToken !== session['sessionToken'] || t.expiresAt <= clock()) {
        return federationError(req, res, call, 400, 'Invalid Credentials Parameter', 'The request sent by the client was syntactically incorrect.');
      }
      const sd = params.get('SessionDuration');
      let sessionDuration: number | undefined;
      if (sd !== undefined) {
        sessionDuration = /^\d+$/.test(sd) ? Number(sd) : NaN;
        const allowed = t.kind === 'role' && t.fromLongTerm;
        if (!(sessionDuration >= 900 && sessionDuration <= 43_200) || !allowed) {
          return federationError(req, res, call, 400, 'Invalid Credentials Parameter', 'The request sent by the client was syntactically incorrect.');
        }
      }
      const token = randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', 742);
      state.signinTokens.set(token, { issuedAt: clock(), accessKeyId: t.accessKeyId, ...(sessionDuration !== undefined ? { sessionDuration } : {}) });
      const json = JSON.stringify({ SigninToken: token });
      res.writeHead(200, { ...baseHeaders(req), 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json), 'Cache-Control': 'no-store' });
      res.end(json);
      log(call);
      return;
    }

    if (action === 'login') {
      const token = params.get('SigninToken') ?? '';
      const destination = params.get('Destination') ?? '';
      const issuer = params.get('Issuer');
      const rec = state.signinTokens.get(token);
      const t = rec ? state.temps.get(rec.accessKeyId) : undefined;
      if (!rec || !t || clock() - rec.issuedAt > 15 * 60_000) {
        return federationError(req, res, call, 400, 'Invalid SigninToken', 'The sign-in token is missing, unknown or older than 15 minutes.');
      }
      call.accessKeyId = t.accessKeyId;
      if (t.kind === 'session') {
        return federationError(req, res, call, 400, 'Federation error', 'Only federation tokens or assume role tokens may be used for federated login. Please contact your administrator.');
      }
      const dm = /^https:\/\/([a-z0-9.-]+)(?:[/?#]|$)/.exec(destination);
      const suffix = CONSOLE_SUFFIX[t.partition];
      if (!dm || !(dm[1] === suffix || dm[1]!.endsWith('.' + suffix))) {
        return federationError(req, res, call, 400, 'Invalid Destination', `Destination must be an https URL on ${suffix}.`);
      }
      // the console decides what the login does: a new or replaced session, or the session-limit page
      const outcome = consoleState.login({
        arn: t.arn, account: t.account, partition: t.partition, destination, credentialsExpireAt: t.expiresAt,
        ...(rec.sessionDuration !== undefined ? { sessionDuration: rec.sessionDuration } : {}),
      });
      if (outcome.kind === 'error') return federationError(req, res, call, outcome.status, outcome.message, outcome.description);
      state.logins.push({
        at: clock(), method: req.method === 'POST' ? 'POST' : 'GET', arn: t.arn, destination,
        ...(issuer !== undefined ? { issuer } : {}), ...(rec.sessionDuration !== undefined ? { sessionDuration: rec.sessionDuration } : {}),
        outcome: outcome.kind === 'signed-in' ? (outcome.replaced ? 'replaced' : 'added') : 'limit',
        ...(outcome.kind === 'signed-in' ? { location: outcome.location } : {}),
      });
      if (outcome.kind === 'limit') {
        res.writeHead(outcome.status, { ...baseHeaders(req), 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end(outcome.html);
      } else if (loginMode === 'redirect') {
        res.writeHead(302, { ...baseHeaders(req), Location: outcome.location, 'Cache-Control': 'no-store' });
        res.end();
      } else {
        sendHtml(
          req,
          res,
          200,
          'Signed in — Sigvault STS stand-in',
          `<h1 id="signed-in">Signed in as ${htmlEscape(t.arn)}</h1>\n<p>This is the local STS stand-in, not AWS. A real sign-in would now open:</p>\n` +
            `<p><a id="destination" href="${htmlEscape(destination)}">${htmlEscape(destination)}</a></p>` +
            (issuer ? `\n<p>Issuer: <span id="issuer">${htmlEscape(issuer)}</span></p>` : ''),
          ` data-signed-in-arn="${htmlEscape(t.arn)}" data-destination="${htmlEscape(destination)}"`,
        );
      }
      log(call);
      return;
    }
    return federationError(req, res, call, 400, 'Invalid Action', 'Action must be getSigninToken or login.');
  }

  const switchRole = createSwitchRoleEmulation(clock);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const query = q < 0 ? '' : rawUrl.slice(q + 1);
    if (await switchRole.handle(req, res, path)) return;
    if (req.method === 'OPTIONS') {
      const h = baseHeaders(req);
      if (cors) {
        h['Access-Control-Allow-Methods'] = 'GET, POST, OPTIONS';
        const rh = req.headers['access-control-request-headers'];
        h['Access-Control-Allow-Headers'] = typeof rh === 'string' && rh !== '' ? rh : 'authorization, content-type, x-amz-date, x-amz-security-token, x-amz-user-agent';
        h['Access-Control-Max-Age'] = '600';
        if (req.headers['access-control-request-private-network'] === 'true') h['Access-Control-Allow-Private-Network'] = 'true';
      }
      res.writeHead(cors ? 204 : 403, h);
      res.end();
      log({ at: clock(), kind: 'preflight', action: 'OPTIONS', status: cors ? 204 : 403 });
      return;
    }
    // console pages, routed here by the test (harness routeConsole) with the host they were for
    const consoleHost = req.headers[CONSOLE_HOST_HEADER];
    if (typeof consoleHost === 'string' && consoleHost !== '') {
      const r = consoleState.page(consoleHost.toLowerCase(), rawUrl);
      res.writeHead(r.status, { ...baseHeaders(req), ...r.headers });
      res.end(r.body);
      return;
    }
    if (req.method === 'GET' && (path === '/oauth' || path.startsWith('/sessions/'))) {
      const r = consoleState.signin(rawUrl);
      if (r) {
        res.writeHead(r.status, { ...baseHeaders(req), ...r.headers });
        res.end(r.body);
        return;
      }
    }
    if (path === '/federation') return handleFederation(req, res, query);
    if (path === '/saml') return handleAcs(req, res);
    if (req.method === 'GET' && path.startsWith('/idp/')) {
      const p = idpPages.get(path.slice('/idp/'.length));
      if (!p) {
        res.writeHead(404, { ...baseHeaders(req), 'Content-Type': 'text/plain' });
        res.end('no such IdP page\n');
        return;
      }
      const body = idpPageHtml(p.samlResponse, p.acsUrl ?? `${standin.url}/saml`, p.relayState);
      res.writeHead(200, { ...baseHeaders(req), 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
      res.end(body);
      log({ at: clock(), kind: 'idp', action: 'idp-page', status: 200 });
      return;
    }
    if (req.method === 'POST' || (req.method === 'GET' && /(^|&)Action=/.test(query))) return handleSts(req, res, path, query);
    if (req.method === 'GET' && path === '/') {
      sendHtml(req, res, 200, 'Sigvault STS stand-in', '<h1>Sigvault STS stand-in</h1><p>POST STS Query API requests here; console federation at /federation.</p>');
      return;
    }
    res.writeHead(404, { ...baseHeaders(req), 'Content-Type': 'text/plain' });
    res.end('not found\n');
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (opts.log) process.stderr.write(`[sts-standin] ${String(e)}\n`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end();
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  signinHost = `127.0.0.1:${port}`;

  const standin: Standin = {
    url: `http://127.0.0.1:${port}`,
    port,
    state,
    switchRole,
    console: consoleState,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    issueUserKeys(o) {
      const partition = o.partition ?? 'aws';
      const account = o.account ?? '111111111111';
      if (!/^\d{12}$/.test(account)) throw new Error('account must be 12 digits');
      const accessKeyId = o.accessKeyId ?? newAccessKeyId('AKIA');
      const secretAccessKey = o.secretAccessKey ?? newSecret();
      const root = o.root === true;
      const rec: UserRecord = {
        accessKeyId,
        secretAccessKey,
        account,
        userName: root ? 'root' : o.userName,
        arn: root ? `arn:${partition}:iam::${account}:root` : `arn:${partition}:iam::${account}:user/${o.userName}`,
        userId: root ? account : newUniqueId('AIDA'),
        partition,
        root,
      };
      if (o.mfa) {
        rec.mfaSerial = o.mfa.serial ?? defaultMfaSerial(partition, account, o.userName);
        mfaCodes.set(rec.mfaSerial, o.mfa.code);
      }
      state.users.set(accessKeyId, rec);
      const out: IssuedUser = { accessKeyId, secretAccessKey, arn: rec.arn, userId: rec.userId, account, userName: rec.userName };
      if (rec.mfaSerial) out.mfaSerial = rec.mfaSerial;
      return out;
    },
    addRole(o) {
      const m = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/.exec(o.arn);
      if (!m) throw new Error(`not a role ARN: ${o.arn}`);
      const rec: RoleRecord = {
        arn: o.arn,
        partition: m[1] as StandinPartition,
        account: m[2]!,
        name: m[3]!,
        roleId: newUniqueId('AROA'),
        trust: o.trust,
        maxSessionDuration: o.maxSessionDuration ?? 3600,
        ...(o.issuedLifetimeSeconds !== undefined ? { issuedLifetimeSeconds: o.issuedLifetimeSeconds } : {}),
      };
      state.roles.set(o.arn, rec);
      return rec;
    },
    setMfaCode(serial, code) {
      mfaCodes.set(serial, code);
    },
    issueRoleSession(o) {
      const role = state.roles.get(o.roleArn) ?? standin.addRole({ arn: o.roleArn, trust: { principals: [] }, maxSessionDuration: 43_200 });
      const t = issueRoleTemp(role, o.sessionName, o.durationSeconds);
      return { accessKeyId: t.accessKeyId, secretAccessKey: t.secretAccessKey, sessionToken: t.sessionToken, expiresAt: t.expiresAt, arn: t.arn };
    },
    addSamlProvider(o) {
      if (!/^arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:saml-provider\/[\w.-]+$/.test(o.arn)) throw new Error(`not a SAML provider ARN: ${o.arn}`);
      const rec: SamlProviderRecord = { arn: o.arn, ...(o.issuer !== undefined ? { issuer: o.issuer } : {}) };
      state.samlProviders.set(o.arn, rec);
      return rec;
    },
    addOidcProvider(o) {
      const account = o.account ?? '111111111111';
      const key = oidcProviderKey(o.url);
      const rec: OidcProviderRecord = { arn: `arn:${o.partition ?? 'aws'}:iam::${account}:oidc-provider/${key}`, url: o.url, clientIds: [...o.clientIds], account };
      state.oidcProviders.set(key, rec);
      return rec;
    },
    idpPage(samlResponse, o = {}) {
      const id = randomUUID();
      idpPages.set(id, { samlResponse, ...(o.acsUrl !== undefined ? { acsUrl: o.acsUrl } : {}), ...(o.relayState !== undefined ? { relayState: o.relayState } : {}) });
      return `${standin.url}/idp/${id}`;
    },
    failNext(n, failure = {}) {
      for (let i = 0; i < n; i++) failures.push({ code: failure.code ?? 'Throttling', status: failure.status ?? 400, message: failure.message ?? 'Rate exceeded' });
    },
    throttleNext(n) {
      standin.failNext(n);
    },
    hold(action) {
      let arrive!: () => void;
      let gone!: (v: boolean) => void;
      let release!: () => void;
      const arrived = new Promise<void>((r) => { arrive = r; });
      const clientGone = new Promise<boolean>((r) => { gone = r; });
      const released = new Promise<void>((r) => { release = r; });
      holds.set(action, { arrive, gone, released });
      return { arrived, clientGone, release };
    },
    disableRegion(region) {
      disabledRegions.add(region);
    },
    enableRegion(region) {
      disabledRegions.delete(region);
    },
    setClockSkew(ms) {
      skew = ms;
    },
    now: clock,
    expire(accessKeyId) {
      const t = state.temps.get(accessKeyId);
      if (!t) throw new Error('unknown temporary access key');
      t.expiresAt = clock() - 1000;
    },
    revoke(accessKeyId) {
      const t = state.temps.get(accessKeyId);
      if (t) t.revoked = true;
      state.users.delete(accessKeyId);
    },
    temp(accessKeyId) {
      return state.temps.get(accessKeyId);
    },
  };
  return standin;
}

// ---------------------------------------------------------------------------------------------------
// Demo seed and CLI

export interface DemoSeed {
  url: string;
  stsEndpoint: string;
  signinEndpoint: string;
  mfaCode: string;
  user: IssuedUser & { label: string; region: string };
  roles: Array<{ label: string; roleArn: string; source: string; mfaSerial?: string; externalId?: string; durationSeconds?: number; region: string }>;
}

/**
 * Populate a stand-in with the demo identities: a user with an MFA device (fixed code), a
 * cross-account role that requires MFA, a role chained from it, and a role that requires an external ID.
 * `source` in each role names the label of its source identity.
 */
export function seedDemo(s: Standin, mfaCode = '123456'): DemoSeed {
  const user = s.issueUserKeys({ userName: 'demo-user', account: '111111111111', mfa: { code: mfaCode } });
  const admin = 'arn:aws:iam::222222222222:role/DemoAdmin';
  const readOnly = 'arn:aws:iam::333333333333:role/DemoReadOnly';
  const partner = 'arn:aws:iam::444444444444:role/DemoPartnerAudit';
  s.addRole({ arn: admin, trust: { principals: ['111111111111'], requireMfa: true }, maxSessionDuration: 43_200 });
  s.addRole({ arn: readOnly, trust: { principals: [admin] } });
  s.addRole({ arn: partner, trust: { principals: ['111111111111'], externalId: 'sigvault-demo-external-id' } });
  return {
    url: s.url,
    stsEndpoint: s.url,
    signinEndpoint: s.url,
    mfaCode,
    user: { ...user, label: 'Demo user', region: 'us-east-1' },
    roles: [
      { label: 'Demo admin (MFA, cross-account)', roleArn: admin, source: 'Demo user', mfaSerial: user.mfaSerial!, region: 'us-east-1' },
      { label: 'Demo read-only (chained)', roleArn: readOnly, source: 'Demo admin (MFA, cross-account)', durationSeconds: 7200, region: 'eu-west-1' },
      { label: 'Demo partner audit (external ID)', roleArn: partner, source: 'Demo user', externalId: 'sigvault-demo-external-id', region: 'us-east-1' },
    ],
  };
}

export interface MainIo {
  /** Where output goes (default: stdout). */
  write?: (text: string) => void;
  /** Stop on SIGINT/SIGTERM and exit (default true; false when embedding). */
  signals?: boolean;
}

/**
 * CLI: `tsx test/support/sts-standin.ts [--port N] [--demo] [--skew-ms N] [--json] [--redirect] [--log]`.
 * Prints the URL (and with --demo the demo identities, also as one `DEMO_JSON {…}` line; with --json
 * a single JSON line `{"url":…,"demo":{…}}` and nothing else). Returns the running stand-in.
 */
export async function main(argv: string[] = process.argv.slice(2), io: MainIo = {}): Promise<Standin> {
  const write = io.write ?? ((t: string) => void process.stdout.write(t));
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const port = Number(arg('--port') ?? 0);
  const skewMs = Number(arg('--skew-ms') ?? 0);
  const json = argv.includes('--json');
  const s = await startStandin({ port, clockSkewMs: skewMs, log: argv.includes('--log'), loginResponse: argv.includes('--redirect') ? 'redirect' : 'page' });
  const demo = argv.includes('--demo') ? seedDemo(s) : undefined;
  if (json) {
    write(JSON.stringify({ url: s.url, ...(demo ? { demo } : {}) }) + '\n');
  } else {
    write(`Sigvault STS stand-in listening on ${s.url}\n  STS endpoint:     ${s.url}\n  Sign-in endpoint: ${s.url}\n`);
    if (demo) {
      write(
        `\nDemo identities (local only — nothing here touches AWS):\n` +
          `  user "${demo.user.label}": access key ${demo.user.accessKeyId}\n` +
          `                    secret     ${demo.user.secretAccessKey}\n` +
          `                    MFA device ${demo.user.mfaSerial}  code: ${demo.mfaCode}\n` +
          demo.roles.map((r) => `  role "${r.label}": ${r.roleArn} (source: ${r.source}${r.externalId ? `, external ID ${r.externalId}` : ''})`).join('\n') +
          `\n\nDEMO_JSON ${JSON.stringify(demo)}\n`,
      );
    }
    write('Press Ctrl+C to stop.\n');
  }
  const shutdown = () => {
    void s.stop().then(() => process.exit(0));
  };
  if (io.signals !== false) {
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  }
  return s;
}

const invokedDirectly = (() => {
  try {
    return process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
  } catch {
    return false;
  }
})();
if (invokedDirectly) {
  main().catch((e: unknown) => {
    process.stderr.write(`sts-standin: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
