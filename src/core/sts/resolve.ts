/**
 * Credential resolution: turn an identity id into temporary credentials, from the cache when they are
 * still valid for at least 5 minutes, else by walking the identity's chain
 * (user → [GetSessionToken with MFA] → AssumeRole → AssumeRole …).
 *
 * ## The chain
 * - A user resolves to a GetSessionToken session (with MFA when the user has an MFA device), cached
 *   under the user's id. Long-term keys are never handed out by `resolve`.
 * - A role's first hop is made from its source user:
 *   - user **with** an MFA device, role duration ≤ 3600 s (or unset): through the user's cached MFA
 *     session. One MFA prompt then serves every role sourced from that user for the session's lifetime
 *     (12 h by default). A GetSessionToken-with-MFA session satisfies `aws:MultiFactorAuthPresent`, so
 *     roles whose trust policy requires MFA need no new code (aws-vault does the same).
 *   - user with an MFA device, role duration > 3600 s: AWS treats AssumeRole called with *any*
 *     temporary credentials — GetSessionToken ones included — as role chaining and caps it at 1 hour
 *     (observed: `ValidationError … 1 hour session limit for roles assumed by role chaining` from
 *     GetSessionToken credentials; aws-vault #351/#867, aws-runas #11). So such a role is assumed
 *     directly from the long-term keys with SerialNumber/TokenCode: full duration, but a fresh code
 *     whenever its cached credentials run out.
 *   - user without an MFA device: directly from the long-term keys (SerialNumber/TokenCode sent when
 *     this role or any role later in the chain has an MFA device: see below).
 * - Later hops are role chaining: AWS caps them at 3600 s, so a longer configured duration is clamped
 *   and reported in `clampedDurationNotice` instead of failing.
 *
 * ## MFA: one code per chain, sent to the first call that needs it
 * An MFA code can only be validated against the *calling IAM user's* device, i.e. on a call made with
 * the user's long-term keys (GetSessionToken, or the first AssumeRole). So when any hop of the chain
 * has an MFA device, the code goes to the first call made with the long-term keys; the session it
 * creates is MFA-authenticated, and sessions derived from it by AssumeRole carry that context, so later
 * hops whose trust policies require MFA are satisfied without another code. (TOTP codes are single-use,
 * so a second code within the same chain could not work anyway.) A cached hop is reused as a starting
 * point only if it is MFA-authenticated whenever a later hop needs MFA.
 *
 * ## Cache
 * Every hop's result is cached under its identity id (see {@link CachedCredentials}; JSON-safe). The
 * lead's store encrypts it with the vault key. Entries carry a fingerprint of the identity's
 * settings, so editing a role (ARN, source, external ID, MFA, duration...) ignores older entries. If a
 * call made with cached credentials fails with ExpiredToken/InvalidClientTokenId, that entry is dropped
 * and the chain is walked again once.
 *
 * Expiry comparisons use the server's clock (`now() + sts.clockOffsetMs`): expirations are STS's.
 *
 * ## Console
 * A console session ends when the credentials it was opened with expire, so `resolveForConsole` never
 * returns a cached last hop with less than 15 minutes left ({@link CONSOLE_MIN_VALIDITY_MS}): it fetches
 * fresh credentials, from a cached earlier hop when one is usable as a source (≥ 5 minutes left), else
 * from the long-term keys. When even fresh credentials last less (a role whose duration is 900 s), the
 * console is opened anyway with a notice.
 * @module
 */

import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { SigvaultError } from '../errors.ts';
import { consoleRoleHasNoCredentials, isFederatedKind, type AssumedRole, type FederatedIdentity, type IamUser, type StoredIdentity } from '../vault/identity.ts';
import { isWrongMfaCode } from './errors.ts';
import { StsError, type AssumeRoleParams, type StsClient, type TemporaryCredentials } from './client.ts';
import { describePrincipal, fallbackRegion, parseRoleArn, partitionOfArn, partitionOfRegion, type Partition } from './partition.ts';

/** One cached hop. Plain JSON (strings, numbers, booleans). */
export interface CachedCredentials {
  credentials: TemporaryCredentials;
  /** Expiration in ms since the epoch, server clock (= credentials.expiration). */
  expiresAt: number;
  /** Assumed-role ARN, or the user's ARN for a session (when known). */
  arn?: string;
  /** 'session': GetSessionToken of a user; 'role': AssumeRole, or a federated identity's role session. */
  kind: 'session' | 'role';
  /** The session is MFA-authenticated (directly or through its source). */
  mfa: boolean;
  /** AssumeRole was called with long-term keys (console SessionDuration is allowed for these). */
  longTermSource: boolean;
  region: string;
  /** Fingerprint of the identity settings the entry was made with. */
  fingerprint: string;
  /** The clamp notice given when it was obtained. */
  notice?: string;
  /** When it was obtained (local clock, ms). */
  obtainedAt: number;
}

/** Where hops are cached. The lead implements it (encrypted with the vault key). */
export interface CredentialCache {
  get(id: string): Promise<CachedCredentials | undefined>;
  put(id: string, value: CachedCredentials): Promise<void>;
  delete(id: string): Promise<void>;
}

/** What a federated identity's provider hands back (Identity Center, AssumeRoleWithSAML / WithWebIdentity). */
export interface FederatedCredentials {
  credentials: TemporaryCredentials;
  /** The role session's ARN, when known. */
  arn?: string;
  /** Something the user should know (e.g. a duration lowered to the role's maximum). */
  notice?: string;
}

/**
 * Gets fresh credentials for a federated identity (the first hop of its chain). `region`: where its STS
 * calls go (the identity's region or its partition's default). Throws SIGN_IN_REQUIRED when only a new
 * sign-in at the identity provider can give more (an expired Identity Center session, a SAML role whose
 * credentials ran out).
 */
export type FederatedProvider = (identity: FederatedIdentity, region: string) => Promise<FederatedCredentials>;

/** The part of the STS client the resolver uses. */
export type StsForResolver = Pick<StsClient, 'getSessionToken' | 'assumeRole' | 'getFederationToken'> & { readonly clockOffsetMs?: number };

export interface ResolverDeps {
  sts: StsForResolver;
  cache: CredentialCache;
  /** Read an identity (with its secrets) from the vault; undefined when it does not exist. */
  getIdentity(id: string): Promise<StoredIdentity | undefined>;
  /** Credentials for federated identities (sso, saml, web-identity); without it they cannot be resolved. */
  federated?: FederatedProvider;
  /** Local clock (ms). Default Date.now. */
  now?: () => number;
  /** Reuse cached credentials only if they stay valid this long (default 5 minutes). */
  minValidityMs?: number;
  /**
   * `resolveForConsole`: the credentials a console is opened with must stay valid this long (default
   * 15 minutes, {@link CONSOLE_MIN_VALIDITY_MS}); a cached last hop with less is fetched again.
   */
  consoleMinValidityMs?: number;
  /** DurationSeconds for users' GetSessionToken (default: AWS's, 43200 s; root keys 3600). */
  sessionTokenDurationSeconds?: number;
  /**
   * Region for identities without one (the `defaultRegion` setting). Used for identities of its own
   * partition; others fall back to their partition's default region.
   */
  defaultRegion?: string;
}

export interface ResolveOptions {
  /** A 6-digit code, used by the first call that needs one. */
  mfaCode?: string;
  /**
   * Asked when a code is needed and `mfaCode` was not given (or was used up). Asked again, with `retry`,
   * when STS refuses a code it gave as wrong or already used ({@link MFA_ATTEMPTS} codes in all).
   */
  requestMfa?: (mfaSerial: string, identityId: string, retry?: MfaRetry) => Promise<string>;
  /**
   * Called once STS has answered the call that carried a code from `requestMfa` — accepted it, or failed
   * for a reason a new code cannot fix — and no new code will be asked for it.
   */
  mfaChecked?: () => void;
  /** Ignore every cached hop of the chain. */
  forceRefresh?: boolean;
}

/** Why a code is asked for again: STS's hint for people, and which attempt this is (2, 3…). */
export interface MfaRetry {
  error: string;
  attempt: number;
}

/** How many codes one request may try when STS calls them wrong (a typo, or a code already used). */
export const MFA_ATTEMPTS = 3;

export interface ResolvedCredentials {
  identityId: string;
  credentials: TemporaryCredentials;
  expiresAt: number;
  arn?: string;
  kind: 'session' | 'role';
  mfa: boolean;
  fromCache: boolean;
  /** Region of the STS endpoint that issued them (the identity's region or its partition's default). */
  region: string;
  partition: Partition;
  /** getSigninToken may send SessionDuration (role assumed directly with long-term keys). */
  sessionDurationAllowed: boolean;
  /** Set when AWS's 1-hour role-chaining cap shortened the configured duration. */
  clampedDurationNotice?: string;
}

export interface ConsoleOptions extends ResolveOptions {
  /** For IAM users (GetFederationToken). */
  federation?: {
    /** Federated user name (2–32 of `[\w+=,.@-]`); default: derived from the user's name. */
    name?: string;
    /** Session policy; default allow-all (AWS intersects it with the user's own policies). */
    policy?: string;
    /** Default 43200 (root keys: 3600). */
    durationSeconds?: number;
  };
}

export interface ConsoleCredentials extends ResolvedCredentials {
  credentialKind: 'role' | 'federation-token';
  /** Things the user should know (e.g. a GetFederationToken session carries no MFA). */
  notices: string[];
}

export interface Resolver {
  resolve(identityId: string, opts?: ResolveOptions): Promise<ResolvedCredentials>;
  /** Credentials for console sign-in: roles via {@link resolve}, users via GetFederationToken (not cached). */
  resolveForConsole(identityId: string, opts?: ConsoleOptions): Promise<ConsoleCredentials>;
  /** Drop an identity's cached hop. */
  forget(identityId: string): Promise<void>;
}

/** An MFA code is needed: ask the user for one for `mfaSerial`, then call again with `mfaCode`. */
export class MfaRequiredError extends SigvaultError {
  readonly mfaSerial: string;
  readonly identityId: string;
  constructor(mfaSerial: string, identityId: string, label: string) {
    super('MFA_REQUIRED', `An MFA code is needed to use "${label}".`, { recordId: identityId });
    this.name = 'MfaRequiredError';
    this.mfaSerial = mfaSerial;
    this.identityId = identityId;
  }
  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, recordId: this.identityId, mfaSerial: this.mfaSerial };
  }
}

export const ALLOW_ALL_POLICY = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';
export const CHAINED_ROLE_MAX_SECONDS = 3600;
const DEFAULT_MIN_VALIDITY_MS = 5 * 60_000;
/**
 * A console is never opened with credentials that have less than this left (server clock): the console
 * session ends with them, so the user would be signed out minutes later. Fresher ones are fetched.
 */
export const CONSOLE_MIN_VALIDITY_MS = 15 * 60_000;

/**
 * A session name from free text: characters outside `[\w+=,.@-]` become `-`, runs collapse, cut to
 * `max` (64 for RoleSessionName, 32 for a federated user name), at least 2 characters.
 * @example sanitizeSessionName('Jane Doe (prod)') // → 'Jane-Doe-prod'
 */
export function sanitizeSessionName(text: string, max = 64): string {
  let s = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^\w+=,.@-]+/g, '-').replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '');
  s = s.slice(0, max).replace(/-+$/, '');
  if (s.length < 2) s = ('sigvault' + (s ? '-' + s : '')).slice(0, max);
  return s;
}

function invalid(field: string, message: string, recordId?: string): SigvaultError {
  return new SigvaultError('INVALID_INPUT', message, recordId === undefined ? { field } : { field, recordId });
}

function fingerprint(parts: unknown[]): string {
  return bytesToHex(sha256(new TextEncoder().encode(JSON.stringify(parts)))).slice(0, 32);
}

/** The extra role fields the resolver understands beyond the stored model (see the report). */
type RoleLike = AssumedRole & { sourceIdentity?: string };

function userFingerprint(u: IamUser): string {
  return fingerprint(['user', u.accessKeyId, u.mfaSerial ?? null, u.region ?? null]);
}

function roleFingerprint(r: RoleLike): string {
  return fingerprint(['role', r.roleArn, r.sourceId, r.externalId ?? null, r.mfaSerial ?? null, r.sessionName ?? null, r.durationSeconds ?? null, r.region ?? null, r.sourceIdentity ?? null]);
}

function federatedFingerprint(f: FederatedIdentity): string {
  if (f.kind === 'sso') return fingerprint(['sso', f.sourceId, f.accountId, f.roleName, f.region ?? null]);
  // a SAML role's credentials cannot be fetched again without a new sign-in: its region (where its STS
  // calls and console go) does not decide whether the cached ones are still its own
  if (f.kind === 'saml') return fingerprint(['saml', f.roleArn, f.principalArn]);
  return fingerprint(['web-identity', f.roleArn, f.webIdentityToken, f.sessionName ?? null, f.durationSeconds ?? null, f.providerId ?? null, f.region ?? null]);
}

/**
 * The cache entry for a federated identity's credentials obtained outside a resolution (a SAML role's,
 * right after its sign-in was captured), as {@link createResolver} would have cached them: the resolver
 * finds it under the identity's id.
 */
export function federatedCacheEntry(identity: FederatedIdentity, got: FederatedCredentials, region: string, now: number): CachedCredentials {
  const entry: CachedCredentials = {
    credentials: got.credentials,
    expiresAt: got.credentials.expiration,
    kind: 'role',
    mfa: false,
    longTermSource: false,
    region,
    fingerprint: federatedFingerprint(identity),
    obtainedAt: now,
  };
  if (got.arn !== undefined) entry.arn = got.arn;
  if (got.notice !== undefined) entry.notice = got.notice;
  return entry;
}

/** A federated identity's partition: its role ARN's, or (Identity Center) the one its sync recorded. */
export function federatedPartition(f: FederatedIdentity): Partition {
  if (f.kind === 'sso') return f.partition ?? (f.region ? partitionOfRegion(f.region) : 'aws');
  return partitionOfArn(f.roleArn) ?? 'aws';
}

function userPartition(u: IamUser): Partition {
  return u.partition ?? (u.arn ? partitionOfArn(u.arn) : undefined) ?? (u.mfaSerial ? partitionOfArn(u.mfaSerial) : undefined) ?? (u.region ? partitionOfRegion(u.region) : 'aws');
}

function userDisplayName(u: IamUser): string {
  const p = u.arn ? describePrincipal(u.arn) : undefined;
  return p?.kind === 'user' && p.name ? p.name : u.label;
}

function isValidEntry(e: unknown): e is CachedCredentials {
  if (typeof e !== 'object' || e === null) return false;
  const c = (e as CachedCredentials).credentials;
  return (
    typeof c === 'object' && c !== null &&
    typeof c.accessKeyId === 'string' && typeof c.secretAccessKey === 'string' && typeof c.sessionToken === 'string' &&
    typeof (e as CachedCredentials).expiresAt === 'number' && typeof (e as CachedCredentials).fingerprint === 'string' &&
    typeof (e as CachedCredentials).mfa === 'boolean'
  );
}

/** A step of the plan. */
type Step =
  | { type: 'session'; id: string; user: IamUser; mfaSerial?: string; region: string; fingerprint: string }
  | { type: 'federated'; id: string; identity: FederatedIdentity; mfaSerial?: undefined; region: string; fingerprint: string }
  | {
      type: 'role';
      id: string;
      role: RoleLike;
      /** The call is made with the user's long-term keys (the first hop, not through the session). */
      fromLongTerm: boolean;
      /** Serial to send if a code must go with this call. */
      mfaSerial?: string;
      region: string;
      fingerprint: string;
    };

interface Plan {
  /** The chain's root: an IAM user (long-term keys) or a federated identity. */
  root: IamUser | FederatedIdentity;
  steps: Step[];
  target: StoredIdentity;
  partition: Partition;
}

export function createResolver(deps: ResolverDeps): Resolver {
  const { sts, cache, getIdentity } = deps;
  const now = deps.now ?? (() => Date.now());
  const minValidity = deps.minValidityMs ?? DEFAULT_MIN_VALIDITY_MS;
  const consoleMinValidity = Math.max(minValidity, deps.consoleMinValidityMs ?? CONSOLE_MIN_VALIDITY_MS);
  const regionOf = (user: IamUser, partition: Partition) => user.region ?? fallbackRegion(partition, deps.defaultRegion);
  const serverNow = () => now() + (sts.clockOffsetMs ?? 0);

  async function load(id: string, neededBy?: RoleLike): Promise<StoredIdentity> {
    const ident = await getIdentity(id);
    if (!ident) {
      throw new SigvaultError(
        'NOT_FOUND',
        neededBy ? `The source identity of "${neededBy.label}" no longer exists: choose another source.` : 'No identity with this id.',
        { recordId: id },
      );
    }
    return ident;
  }

  async function plan(identityId: string): Promise<Plan> {
    const target = await load(identityId);
    if (target.kind === 'console-role') throw consoleRoleHasNoCredentials(target.label);
    const roles: RoleLike[] = [];
    const seen = new Set<string>();
    let cur: StoredIdentity = target;
    while (cur.kind === 'role') {
      if (seen.has(cur.id)) {
        const names = [...roles].reverse().map((r) => `"${r.label}"`);
        throw invalid('sourceId', `The role chain loops back on itself (${names.join(' → ')} → "${cur.label}"): change a role's source.`, identityId);
      }
      seen.add(cur.id);
      roles.unshift(cur);
      cur = await load(cur.sourceId, cur);
    }
    if (cur.kind === 'console-role') {
      throw invalid('sourceId', `"${cur.label}" is a console role: it has no credentials; switch to it inside a signed-in console (it cannot be a role's source).`, cur.id);
    }
    if (isFederatedKind(cur.kind)) return federatedPlan(cur as FederatedIdentity, roles, target);
    if (cur.kind !== 'user') {
      throw invalid('sourceId', `"${cur.label}" is an identity kind this version cannot use as a source.`, cur.id);
    }
    const user = cur;
    const partition = userPartition(user);
    const steps: Step[] = [];
    let region = regionOf(user, partition);

    const laterMfa = (from: number) => roles.slice(from).find((r) => r.mfaSerial)?.mfaSerial;
    if (roles.length === 0) {
      const s: Step = { type: 'session', id: user.id, user, region, fingerprint: userFingerprint(user) };
      if (user.mfaSerial) s.mfaSerial = user.mfaSerial;
      steps.push(s);
    }
    roles.forEach((role, i) => {
      region = checkRoleHop(role, partition, 'its source user', region);
      const step: Step = { type: 'role', id: role.id, role, fromLongTerm: false, region, fingerprint: roleFingerprint(role) };
      if (i === 0) {
        const viaSession = !!user.mfaSerial && !(role.durationSeconds !== undefined && role.durationSeconds > CHAINED_ROLE_MAX_SECONDS);
        if (viaSession) {
          steps.push({ type: 'session', id: user.id, user, mfaSerial: user.mfaSerial!, region: regionOf(user, partition), fingerprint: userFingerprint(user) });
          if (role.mfaSerial) step.mfaSerial = role.mfaSerial; // only used if the session somehow lacks MFA
        } else {
          step.fromLongTerm = true;
          const serial = role.mfaSerial ?? user.mfaSerial ?? laterMfa(1);
          if (serial) step.mfaSerial = serial;
        }
      } else if (role.mfaSerial) {
        step.mfaSerial = role.mfaSerial;
      }
      steps.push(step);
    });
    return { root: user, steps, target, partition };
  }

  /** A role hop's partition and region checks; returns the region its call goes to. */
  function checkRoleHop(role: RoleLike, partition: Partition, rootName: string, region: string): string {
    const arn = parseRoleArn(role.roleArn);
    if (!arn) throw invalid('roleArn', `"${role.label}" has an invalid role ARN.`, role.id);
    if (arn.partition !== partition) {
      throw invalid('roleArn', `"${role.label}" is in the ${arn.partition} partition but ${rootName} is in ${partition}: roles can only be assumed within one partition.`, role.id);
    }
    if (role.region !== undefined) {
      if (partitionOfRegion(role.region) !== partition) throw invalid('region', `"${role.label}" has region ${role.region}, outside the ${partition} partition.`, role.id);
      return role.region;
    }
    return region;
  }

  /**
   * A chain rooted at a federated identity: its credentials come from its provider, then every role on
   * top is role chaining (temporary credentials: AWS's 1-hour cap; MFA codes cannot be validated).
   */
  function federatedPlan(root: FederatedIdentity, roles: RoleLike[], target: StoredIdentity): Plan {
    if (!deps.federated) throw invalid('id', `"${root.label}" is a federated identity, which this build cannot resolve.`, root.id);
    const partition = federatedPartition(root);
    if (root.region !== undefined && partitionOfRegion(root.region) !== partition) {
      throw invalid('region', `"${root.label}" has region ${root.region}, outside the ${partition} partition.`, root.id);
    }
    let region = root.region ?? fallbackRegion(partition, deps.defaultRegion);
    const steps: Step[] = [{ type: 'federated', id: root.id, identity: root, region, fingerprint: federatedFingerprint(root) }];
    for (const role of roles) {
      region = checkRoleHop(role, partition, `its source "${root.label}"`, region);
      const step: Step = { type: 'role', id: role.id, role, fromLongTerm: false, region, fingerprint: roleFingerprint(role) };
      if (role.mfaSerial) step.mfaSerial = role.mfaSerial;
      steps.push(step);
    }
    return { root, steps, target, partition };
  }

  /** Whether step i, given a source with MFA state `sourceMfa`, must send a code. */
  function needsCode(step: Step, sourceMfa: boolean): boolean {
    if (step.type === 'federated' || !step.mfaSerial) return false;
    if (step.type === 'session') return true;
    if (step.fromLongTerm) return true;
    return !sourceMfa;
  }

  /** A usable cache entry for `step`: same settings, and valid for at least `minMs` more (server clock). */
  async function cached(step: Step, ignore: ReadonlySet<string>, force: boolean, minMs: number): Promise<CachedCredentials | undefined> {
    if (force || ignore.has(step.id)) return undefined;
    let e: CachedCredentials | undefined;
    try {
      e = await cache.get(step.id);
    } catch (err) {
      if (err instanceof SigvaultError && err.code === 'CORRUPT_RECORD') return undefined;
      throw err;
    }
    if (!isValidEntry(e)) return undefined;
    if (e.fingerprint !== step.fingerprint) return undefined;
    if (e.kind !== (step.type === 'session' ? 'session' : 'role')) return undefined;
    if (step.type === 'federated' && e.longTermSource) return undefined;
    if (step.type === 'session' && step.mfaSerial && !e.mfa) return undefined;
    if (e.expiresAt - serverNow() < minMs) return undefined;
    return e;
  }

  function toResult(identityId: string, e: CachedCredentials, fromCache: boolean, partition: Partition): ResolvedCredentials {
    const out: ResolvedCredentials = {
      identityId,
      credentials: { ...e.credentials },
      expiresAt: e.expiresAt,
      kind: e.kind,
      mfa: e.mfa,
      fromCache,
      region: e.region,
      partition,
      sessionDurationAllowed: e.kind === 'role' && e.longTermSource,
    };
    if (e.arn !== undefined) out.arn = e.arn;
    if (e.notice !== undefined) out.clampedDurationNotice = e.notice;
    return out;
  }

  /**
   * One walk of the chain. `lastMinMs`: how long the last hop's cached credentials must still be valid to
   * be returned as they are (earlier hops, used only as the source of the next call, need `minValidity`).
   */
  async function resolveOnce(identityId: string, opts: ResolveOptions, ignore: Set<string>, codeState: { used: boolean }, lastMinMs: number): Promise<ResolvedCredentials> {
    const p = await plan(identityId);
    const { steps, root } = p;
    const last = steps.length - 1;
    const force = opts.forceRefresh === true;

    // Find the furthest usable cached hop.
    let start = -1;
    let startEntry: CachedCredentials | undefined;
    for (let i = last; i >= 0; i--) {
      const e = await cached(steps[i]!, ignore, force, i === last ? lastMinMs : minValidity);
      if (!e) continue;
      const later = steps.slice(i + 1);
      const laterNeedsMfa = later.some((s) => s.mfaSerial !== undefined);
      if (laterNeedsMfa && !e.mfa) continue;
      start = i;
      startEntry = e;
      break;
    }
    if (start === last && startEntry) return toResult(identityId, startEntry, true, p.partition);

    // Fail fast, before any network call, if a code is needed and there is no way to get one.
    {
      let mfa = startEntry?.mfa ?? false;
      for (let i = start + 1; i <= last; i++) {
        const s = steps[i]!;
        if (needsCode(s, mfa)) {
          if (opts.mfaCode === undefined && !opts.requestMfa) throw new MfaRequiredError(s.mfaSerial!, identityId, p.target.label);
          break;
        }
        // A session without a code, or a role assumed from the long-term keys, has no MFA context.
        mfa = s.type === 'role' && !s.fromLongTerm ? mfa : false;
      }
    }

    const getCode = async (serial: string): Promise<string> => {
      let code: string | undefined;
      if (!codeState.used && opts.mfaCode !== undefined) code = opts.mfaCode;
      else if (opts.requestMfa) code = await opts.requestMfa(serial, identityId);
      if (code === undefined) throw new MfaRequiredError(serial, identityId, p.target.label);
      code = String(code).trim();
      if (!/^\d{6}$/.test(code)) throw invalid('mfaCode', 'The MFA code must be 6 digits.', identityId);
      codeState.used = true;
      return code;
    };

    /**
     * Makes the STS call that carries a code: a code the user typed at a prompt that STS calls wrong is
     * asked for again (with STS's hint), up to MFA_ATTEMPTS codes; `mfaChecked` tells the prompt's
     * owner when the code is settled.
     */
    const callWithCode = async <R>(serial: string, call: (code: string) => Promise<R>): Promise<R> => {
      const prompted = codeState.used || opts.mfaCode === undefined;
      let code = await getCode(serial);
      for (let attempt = 1; ; attempt++) {
        try {
          const r = await call(code);
          if (prompted) opts.mfaChecked?.();
          return r;
        } catch (e) {
          if (prompted && opts.requestMfa && attempt < MFA_ATTEMPTS && isWrongMfaCode(e)) {
            code = String(await opts.requestMfa(serial, identityId, { error: e.hint, attempt: attempt + 1 })).trim();
            if (!/^\d{6}$/.test(code)) throw invalid('mfaCode', 'The MFA code must be 6 digits.', identityId);
            continue;
          }
          if (prompted) opts.mfaChecked?.();
          throw e;
        }
      }
    };

    // A federated root has no long-term keys: its first step replaces them before any role is assumed.
    const longTerm = root.kind === 'user' ? { accessKeyId: root.accessKeyId, secretAccessKey: root.secretAccessKey } : { accessKeyId: '', secretAccessKey: '' };
    let source: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = longTerm;
    let sourceMfa = false;
    let sourceTemp = false;
    let sourceCachedId: string | undefined;
    if (startEntry) {
      source = startEntry.credentials;
      sourceMfa = startEntry.mfa;
      sourceTemp = true;
      sourceCachedId = steps[start]!.id;
    }
    let lastEntry: CachedCredentials | undefined;
    let notice: string | undefined;

    for (let i = start + 1; i <= last; i++) {
      const step = steps[i]!;
      let entry: CachedCredentials;
      try {
        if (step.type === 'federated') {
          const r = await deps.federated!(step.identity, step.region);
          entry = {
            credentials: r.credentials,
            expiresAt: r.credentials.expiration,
            kind: 'role',
            mfa: false,
            longTermSource: false,
            region: step.region,
            fingerprint: step.fingerprint,
            obtainedAt: now(),
          };
          if (r.arn !== undefined) entry.arn = r.arn;
          if (r.notice !== undefined) notice = r.notice;
          if (i === last && notice !== undefined) entry.notice = notice;
          source = r.credentials;
          sourceMfa = false;
          sourceTemp = true;
        } else if (step.type === 'session') {
          const params: { durationSeconds?: number; serialNumber?: string; tokenCode?: string } = {};
          if (deps.sessionTokenDurationSeconds !== undefined) params.durationSeconds = deps.sessionTokenDurationSeconds;
          const usedCode = !!step.mfaSerial;
          let r: Awaited<ReturnType<StsClient['getSessionToken']>>;
          if (step.mfaSerial) {
            params.serialNumber = step.mfaSerial;
            r = await callWithCode(step.mfaSerial, (tokenCode) => sts.getSessionToken(longTerm, { ...params, tokenCode }, step.region));
          } else {
            r = await sts.getSessionToken(longTerm, params, step.region);
          }
          entry = {
            credentials: r.credentials,
            expiresAt: r.credentials.expiration,
            kind: 'session',
            mfa: usedCode,
            longTermSource: true,
            region: step.region,
            fingerprint: step.fingerprint,
            obtainedAt: now(),
          };
          if (step.user.arn) entry.arn = step.user.arn;
          source = r.credentials;
          sourceMfa = usedCode;
          sourceTemp = true;
        } else {
          const role = step.role;
          const callSource = step.fromLongTerm ? longTerm : source;
          const callTemp = step.fromLongTerm ? false : sourceTemp;
          const callMfa = step.fromLongTerm ? false : sourceMfa;
          const params: AssumeRoleParams = {
            roleArn: role.roleArn,
            roleSessionName: role.sessionName ?? sanitizeSessionName(root.kind === 'user' ? userDisplayName(root) : root.label),
          };
          let duration = role.durationSeconds;
          if (callTemp && duration !== undefined && duration > CHAINED_ROLE_MAX_SECONDS) {
            notice = `"${role.label}" is reached through temporary credentials (role chaining), which AWS limits to 1 hour: using 3600 s instead of the configured ${duration} s.`;
            duration = CHAINED_ROLE_MAX_SECONDS;
          }
          if (duration !== undefined) params.durationSeconds = duration;
          if (role.externalId !== undefined) params.externalId = role.externalId;
          if (role.sourceIdentity !== undefined) params.sourceIdentity = role.sourceIdentity;
          const usedCode = needsCode(step, callMfa);
          let r: Awaited<ReturnType<StsClient['assumeRole']>>;
          if (usedCode) {
            params.serialNumber = step.mfaSerial!;
            r = await callWithCode(step.mfaSerial!, (tokenCode) => sts.assumeRole(callSource, { ...params, tokenCode }, step.region));
          } else {
            r = await sts.assumeRole(callSource, params, step.region);
          }
          entry = {
            credentials: r.credentials,
            expiresAt: r.credentials.expiration,
            arn: r.assumedRoleUser.arn,
            kind: 'role',
            mfa: usedCode || callMfa,
            longTermSource: !callTemp,
            region: step.region,
            fingerprint: step.fingerprint,
            obtainedAt: now(),
          };
          if (i === last && notice !== undefined) entry.notice = notice;
          source = r.credentials;
          sourceMfa = entry.mfa;
          sourceTemp = true;
        }
      } catch (err) {
        const usedCachedSource = i === start + 1 && sourceCachedId !== undefined && step.type === 'role' && !step.fromLongTerm;
        if (usedCachedSource && err instanceof StsError && (err.category === 'expired-token' || err.category === 'invalid-client-token')) {
          throw new StaleSource(sourceCachedId!, err);
        }
        throw err;
      }
      sourceCachedId = undefined;
      await cache.put(step.id, entry);
      lastEntry = entry;
    }
    return toResult(identityId, lastEntry!, false, p.partition);
  }

  function resolve(identityId: string, opts: ResolveOptions = {}): Promise<ResolvedCredentials> {
    return resolveWith(identityId, opts, minValidity);
  }

  async function resolveWith(identityId: string, opts: ResolveOptions, lastMinMs: number): Promise<ResolvedCredentials> {
    if (typeof identityId !== 'string' || identityId === '') throw invalid('id', 'id is required');
    if (opts.mfaCode !== undefined && !/^\d{6}$/.test(String(opts.mfaCode).trim())) throw invalid('mfaCode', 'The MFA code must be 6 digits.', identityId);
    const ignore = new Set<string>();
    const codeState = { used: false };
    try {
      return await resolveOnce(identityId, opts, ignore, codeState, lastMinMs);
    } catch (err) {
      if (!(err instanceof StaleSource)) throw err;
      // Cached credentials that AWS no longer accepts (revoked, expired early): drop them, walk again once.
      await cache.delete(err.id);
      ignore.add(err.id);
      try {
        return await resolveOnce(identityId, opts, ignore, codeState, lastMinMs);
      } catch (err2) {
        throw err2 instanceof StaleSource ? err2.cause : err2;
      }
    }
  }

  /** A notice when even the credentials just obtained expire within the console floor (e.g. a 900 s role). */
  function shortLivedNotice(label: string, expiresAt: number): string | undefined {
    const left = expiresAt - serverNow();
    if (left >= consoleMinValidity) return undefined;
    const minutes = Math.floor(left / 60_000);
    const time = minutes >= 2 ? `${minutes} minutes` : minutes === 1 ? '1 minute' : 'less than a minute';
    return `AWS issued credentials for "${label}" that last only ${time}: the console may sign you out when they expire. A longer session duration avoids it.`;
  }

  async function resolveForConsole(identityId: string, opts: ConsoleOptions = {}): Promise<ConsoleCredentials> {
    const ident = await load(identityId);
    if (ident.kind === 'console-role') throw consoleRoleHasNoCredentials(ident.label);
    if (ident.kind === 'role' || isFederatedKind(ident.kind)) {
      // Never the cached last hop with under 15 minutes left: fetch fresh ones (cached sources may serve).
      const r = await resolveWith(identityId, opts, consoleMinValidity);
      const notices = r.clampedDurationNotice ? [r.clampedDurationNotice] : [];
      const short = shortLivedNotice(ident.label, r.expiresAt);
      if (short) notices.push(short);
      return { ...r, credentialKind: 'role', notices };
    }
    if (ident.kind !== 'user') throw invalid('id', `"${ident.label}" is an identity kind this version cannot open in the console.`, identityId);
    const user = ident;
    const partition = userPartition(user);
    const region = regionOf(user, partition);
    const fed = opts.federation ?? {};
    const name = fed.name ?? sanitizeSessionName(userDisplayName(user), 32);
    const durationSeconds = fed.durationSeconds ?? (user.isRoot ? 3600 : 43_200);
    const r = await sts.getFederationToken(
      { accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey },
      { name, policy: fed.policy ?? ALLOW_ALL_POLICY, durationSeconds },
      region,
    );
    const notices: string[] = [];
    if (user.mfaSerial) notices.push('Console sessions from IAM user keys come from GetFederationToken, which cannot carry MFA: policies that require MFA will deny actions in this session.');
    const short = shortLivedNotice(user.label, r.credentials.expiration);
    if (short) notices.push(short);
    return {
      identityId,
      credentials: r.credentials,
      expiresAt: r.credentials.expiration,
      arn: r.federatedUser.arn,
      kind: 'session',
      mfa: false,
      fromCache: false,
      region,
      partition,
      sessionDurationAllowed: false,
      credentialKind: 'federation-token',
      notices,
    };
  }

  return {
    resolve,
    resolveForConsole,
    forget: (id) => cache.delete(id),
  };
}

/** Internal: a call made with cached credentials was refused as expired/invalid. */
class StaleSource extends Error {
  readonly id: string;
  override readonly cause: StsError;
  constructor(id: string, cause: StsError) {
    super('stale cached source');
    this.id = id;
    this.cause = cause;
  }
}
