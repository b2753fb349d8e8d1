/**
 * Temporary credentials for identities: the STS client configured from settings, the resolver over the
 * vault, the encrypted credential cache, the MFA prompt round trip, and de-duplication of concurrent
 * requests for the same identity.
 *
 * - Cached hops are sealed `session` records in IndexedDB (AES-GCM under the vault key, like any secret)
 *   and also kept in memory until the vault locks. A lock drops the memory copy and every pending MFA
 *   prompt.
 * - Credentials never leave the background except inside the console login URL a tab navigates to.
 * @module
 */
import { SigvaultError } from '../../core/errors.ts';
import { createStsClient, type HttpFetch, type StsClient } from '../../core/sts/client.ts';
import { partitionOfRegion, PARTITIONS, type Partition } from '../../core/sts/partition.ts';
import { createResolver, type CachedCredentials, type CredentialCache, type FederatedCredentials, type FederatedProvider, type MfaRetry, type Resolver, type ResolveOptions } from '../../core/sts/resolve.ts';
import { parseEndpoint, settingsFieldName, type LocalSettings, type VaultSettings } from '../../core/settings.ts';
import { openRecord, sealRecord } from '../../core/vault/record.ts';
import type { FederatedIdentity, StoredIdentity } from '../../core/vault/identity.ts';
import { browser } from '../../platform/browser.ts';
import { broadcast } from '../../platform/background-messaging.ts';
import type { Events } from '../../shared/protocol.ts';
import { readLocalSettings } from '../../platform/settings.ts';
import { readRecord, writeRecords } from '../../platform/vault-store.ts';
import * as vault from '../vault/service.ts';
import { readVaultSettings } from '../vault/settings.ts';

/** The worker's fetch, bound (a bare `fetch` reference throws "Illegal invocation" in some engines). */
export const httpFetch: HttpFetch = (url, init) => fetch(url, init);

/** Server − local clock, learned from STS's Date header; kept for the worker's life. */
let clockOffsetMs = 0;

/** AWS's clock as STS last told it (local clock + the learned offset): what other signatures are dated by. */
export function serverNow(): number {
  return Date.now() + clockOffsetMs;
}

/** Checks that a custom endpoint's host may be reached: loopback always, others need the optional permission. */
export async function assertHostAllowed(endpoint: string, field: string): Promise<void> {
  if (!endpoint) return;
  const { origin, loopback } = parseEndpoint(endpoint, field);
  if (loopback) return;
  const pattern = `${origin.replace(/:\d+$/, '')}/*`;
  if (!(await browser.permissions.contains({ origins: [pattern] }))) {
    throw new SigvaultError('PERMISSION_REQUIRED', `Sigvault needs permission to reach ${origin} (${settingsFieldName(field).replace(/^The /, 'the ')}). Grant it in the options page.`, { field, origin: pattern });
  }
}

/**
 * The STS client for one request: the vault's endpoint overrides per partition (each with its signing
 * region), every exchange aborted by the next lock (`guard`).
 */
export async function stsClient(guard: vault.LockGuard = vault.lockGuard()): Promise<{ sts: StsClient; settings: LocalSettings; vaultSettings: VaultSettings }> {
  const [settings, vaultSettings] = await Promise.all([readLocalSettings(), readVaultSettings()]);
  const endpoints: Partial<Record<Partition, { url: string; signingRegion?: string }>> = {};
  for (const p of PARTITIONS) {
    const o = vaultSettings.endpoints[p];
    if (o.sts) endpoints[p] = { url: o.sts, ...(o.stsSigningRegion ? { signingRegion: o.stsSigningRegion } : {}) };
  }
  const base = createStsClient({ fetch: httpFetch, clockOffsetMs, endpoints, signal: guard.signal });
  // Before each call: the override of the call's partition must be reachable; after it, keep the corrected clock.
  const wrap = <A extends unknown[], R>(fn: (...a: A) => Promise<R>, regionAt: number) => async (...a: A): Promise<R> => {
    const region = a[regionAt] as string;
    const p = partitionOfRegion(region);
    await assertHostAllowed(vaultSettings.endpoints[p].sts, `endpoints.${p}.sts`);
    try {
      return await fn(...a);
    } finally {
      clockOffsetMs = base.clockOffsetMs;
    }
  };
  const sts: StsClient = {
    getCallerIdentity: wrap(base.getCallerIdentity, 1),
    getSessionToken: wrap(base.getSessionToken, 2),
    assumeRole: wrap(base.assumeRole, 2),
    getFederationToken: wrap(base.getFederationToken, 2),
    assumeRoleWithSaml: wrap(base.assumeRoleWithSaml, 1),
    assumeRoleWithWebIdentity: wrap(base.assumeRoleWithWebIdentity, 1),
    endpointFor: (r) => base.endpointFor(r),
    get clockOffsetMs() { return base.clockOffsetMs; },
    serverNow: () => base.serverNow(),
  };
  return { sts, settings, vaultSettings };
}

/** The sign-in (federation) base for a partition: its override, or undefined for AWS's own host. */
export async function signinBase(partition: Partition): Promise<string | undefined> {
  const o = (await readVaultSettings()).endpoints[partition];
  await assertHostAllowed(o.signin, `endpoints.${partition}.signin`);
  return o.signin || undefined;
}

// ---- the encrypted credential cache ----

const sessionRecordId = (identityId: string) => `s_${identityId}`;
let memoryCache = new Map<string, CachedCredentials>();

/**
 * The cache a resolution writes to, bound to its lock guard: credentials obtained before a lock are
 * neither kept in memory nor written (even if the vault was unlocked again meanwhile), and writes run in
 * the catalog's queue, so a re-key cannot leave one sealed under the replaced key.
 */
function cacheFor(guard: vault.LockGuard): CredentialCache {
  return {
    async get(id) {
      guard.check();
      const hit = memoryCache.get(id);
      if (hit) return hit;
      const u = await vault.requireUnlocked();
      const rec = await readRecord(sessionRecordId(id));
      if (!rec) return undefined;
      let value: CachedCredentials;
      try {
        value = (await openRecord(u.key, u.vaultId, rec, { id: rec.id, kind: 'session' })) as CachedCredentials;
      } catch {
        // Only a cache: one that does not open (damaged) is a miss, and is dropped so the credentials
        // are fetched again.
        await writeRecords({ remove: [rec.id], expectedVaultId: u.vaultId }).catch(() => undefined);
        return undefined;
      }
      guard.check();
      memoryCache.set(id, value);
      return value;
    },
    async put(id, value) {
      guard.check();
      await vault.writeSealed(async (u) => [await sealRecord(u.key, u.vaultId, 'session', sessionRecordId(id), value)], guard);
      guard.check();
      memoryCache.set(id, value);
    },
    async delete(id) {
      memoryCache.delete(id);
      const u = await vault.requireUnlocked();
      await writeRecords({ remove: [sessionRecordId(id)], expectedVaultId: u.vaultId });
    },
  };
}

/** Caches credentials obtained outside a resolution (a captured SAML sign-in), sealed like any hop. */
export async function putCached(identityId: string, entry: CachedCredentials, guard: vault.LockGuard): Promise<void> {
  await cacheFor(guard).put(identityId, entry);
}

/** When an identity's cached credentials end (ms), or `undefined` when none are cached. */
export async function cachedEnd(identityId: string): Promise<number | undefined> {
  return (await cacheFor(vault.lockGuard()).get(identityId))?.expiresAt;
}

/** Drops an identity's cached credentials (after an edit or removal). */
export async function forgetSession(identityId: string): Promise<void> {
  await cacheFor(vault.lockGuard()).delete(identityId);
}

/** The record id holding an identity's cached credentials (removed with the identity). */
export { sessionRecordId };

// ---- MFA prompts ----

const MFA_TIMEOUT_MS = 3 * 60_000;
/** How long `mfa.provide` waits for STS's verdict on the code before answering anyway. */
const MFA_VERDICT_MS = 90_000;
/** What `mfa.provide` answers once STS has seen the code: `retry` is the new prompt when it was wrong. */
export interface MfaVerdict { retry?: Events['mfa.required'] }
interface PendingMfa { resolve(code: string): Promise<MfaVerdict>; reject(e: Error): void; timer: ReturnType<typeof setTimeout> }
const pendingMfa = new Map<string, PendingMfa>();

/**
 * Asks open pages for a code (`mfa.required`) and waits for `mfa.provide`, for one request. The answer
 * to `mfa.provide` waits until STS has seen the code (`mfaChecked`), or until the code was called wrong
 * and a new prompt for the same identity went out (the answer then carries it as `retry`).
 */
function mfaPrompter(label: (id: string) => string): Pick<ResolveOptions, 'requestMfa' | 'mfaChecked'> {
  let settle: ((v: MfaVerdict) => void) | undefined;
  const settled = (v: MfaVerdict) => { const s = settle; settle = undefined; s?.(v); };
  const requestMfa = (mfaSerial: string, identityId: string, retry?: MfaRetry): Promise<string> =>
    new Promise<string>((resolve, reject) => {
      const requestId = crypto.randomUUID();
      const timer = setTimeout(() => {
        pendingMfa.delete(requestId);
        reject(new SigvaultError('MFA_REQUIRED', 'No MFA code was entered in time.', { recordId: identityId }));
      }, MFA_TIMEOUT_MS);
      const prompt: Events['mfa.required'] = { requestId, identityId, label: label(identityId), mfaSerial, ...(retry ? { error: retry.error, attempt: retry.attempt } : {}) };
      pendingMfa.set(requestId, {
        resolve: (code) => new Promise<MfaVerdict>((done) => {
          const verdictTimer = setTimeout(() => settled({}), MFA_VERDICT_MS);
          settle = (v) => { clearTimeout(verdictTimer); done(v); };
          resolve(code);
        }),
        reject,
        timer,
      });
      broadcast('mfa.required', prompt);
      if (retry) settled({ retry: prompt }); // the previous code was wrong: its mfa.provide answers with this prompt
    });
  return { requestMfa, mfaChecked: () => settled({}) };
}

/** Answers a pending prompt; `undefined` when none waits under `requestId`. Resolves once STS has seen the code. */
export function provideMfa(requestId: string, code: string): Promise<MfaVerdict> | undefined {
  const p = pendingMfa.get(requestId);
  if (!p) return undefined;
  pendingMfa.delete(requestId);
  clearTimeout(p.timer);
  return p.resolve(code);
}

const inFlight = new Map<string, Promise<unknown>>();

/** On lock: forget cached credentials in memory and cancel every pending prompt. */
export function forgetAllSessions(): void {
  memoryCache = new Map();
  inFlight.clear();
  for (const [id, p] of pendingMfa) {
    clearTimeout(p.timer);
    p.reject(new SigvaultError('LOCKED', 'The vault was locked.'));
    pendingMfa.delete(id);
  }
}

vault.onLock(forgetAllSessions);

// ---- the resolver ----

async function getIdentity(id: string): Promise<StoredIdentity | undefined> {
  try {
    return await vault.identity(id);
  } catch (e) {
    if (e instanceof SigvaultError && e.code === 'NOT_FOUND') return undefined;
    throw e;
  }
}

/**
 * How each federated kind gets its credentials (the chain's first hop). The modules that know a kind
 * register themselves (background/sso/access.ts, background/federated/*): this module imports none of
 * them. A kind with no provider is a clear error.
 */
type KindProvider<K extends FederatedIdentity['kind']> = (identity: Extract<FederatedIdentity, { kind: K }>, ctx: { region: string; sts: StsClient; guard: vault.LockGuard }) => Promise<FederatedCredentials>;
const federatedProviders: { [K in FederatedIdentity['kind']]?: KindProvider<K> } = {};
export function registerFederatedProvider<K extends FederatedIdentity['kind']>(kind: K, provider: KindProvider<K>): void {
  (federatedProviders as Record<string, unknown>)[kind] = provider;
}

/** A resolver for one request; its STS calls and cache writes end with the next lock. */
export async function resolver(guard: vault.LockGuard = vault.lockGuard()): Promise<Resolver> {
  const { sts, settings } = await stsClient(guard);
  const federated: FederatedProvider = (identity, region) => {
    const provide = federatedProviders[identity.kind] as KindProvider<typeof identity.kind> | undefined;
    if (!provide) throw new SigvaultError('INVALID_INPUT', `"${identity.label}" is a ${identity.kind} identity, which this build cannot resolve.`, { field: 'id', recordId: identity.id });
    return provide(identity as never, { region, sts, guard });
  };
  return createResolver({ sts, cache: cacheFor(guard), getIdentity, defaultRegion: settings.defaultRegion, federated });
}

/** Resolve options for a page request: the code if given, otherwise a prompt to open pages. */
export async function resolveOptions(payload: { mfaCode?: unknown; forceRefresh?: unknown; interactive?: unknown }): Promise<ResolveOptions> {
  const { views } = await vault.catalog();
  // interactive: false — no prompt: a needed code is MFA_REQUIRED, before any network call
  const opts: ResolveOptions = payload.interactive === false ? {} : mfaPrompter((id) => views.get(id)?.label ?? id);
  if (payload.mfaCode !== undefined) {
    if (typeof payload.mfaCode !== 'string' || !/^\d{6}$/.test(payload.mfaCode)) {
      throw new SigvaultError('INVALID_INPUT', 'An MFA code is 6 digits.', { field: 'mfaCode' });
    }
    opts.mfaCode = payload.mfaCode;
  }
  if (payload.forceRefresh === true) opts.forceRefresh = true;
  return opts;
}

/** Runs one resolution per key at a time: a second caller waits for the first (one MFA prompt). */
export function once<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const running = inFlight.get(key) as Promise<T> | undefined;
  if (running) return running;
  const p = fn().finally(() => inFlight.delete(key));
  inFlight.set(key, p);
  return p;
}
