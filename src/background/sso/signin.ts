/**
 * Identity Center sign-in with the OIDC device authorization flow, run by the background:
 * register a client (reused while AWS's registration lasts), start the device authorization, open
 * AWS's verification page in a tab, then poll CreateToken at AWS's interval until the user approves,
 * denies or the code expires. The tokens are sealed in the source's record; open pages hear
 * `sso.changed`. A source's first sign-in starts a sync.
 *
 * Why the device flow and not authorization code + PKCE (which the AWS CLI now prefers): PKCE needs a
 * redirect to a loopback URL that something receives. An extension has no listening socket; catching the
 * redirect means watching tab navigations to `http://127.0.0.1/…` — possible, but it would give Sigvault
 * a code from any tab that navigates there. The device flow needs nothing but HTTPS calls from the
 * background, and the user compares the code shown in the popup with AWS's page.
 * @module
 */
import { SigvaultError } from '../../core/errors.ts';
import { isSsoError } from '../../core/sso/errors.ts';
import type { DeviceAuthorization } from '../../core/sso/oidc.ts';
import { tokenFromGrant, type SsoToken } from '../../core/sso/token.ts';
import { browser } from '../../platform/browser.ts';
import { broadcast } from '../../platform/background-messaging.ts';
import * as vault from '../vault/service.ts';
import { ssoClients } from './clients.ts';
import { changeSource, readSource } from './store.ts';

/** Device sign-ins waiting for the user, by source (memory only: a restarted worker forgets them). */
const pending = new Map<string, { userCode: string; verificationUri: string; expiresAt: number; abort: AbortController }>();

/** The sign-in waiting for approval for a source, for `sso.sources`. */
export function signingIn(sourceId: string): { userCode: string; verificationUri: string; expiresAt: number } | undefined {
  const p = pending.get(sourceId);
  return p && p.expiresAt > Date.now() ? { userCode: p.userCode, verificationUri: p.verificationUri, expiresAt: p.expiresAt } : undefined;
}

vault.onLock(() => {
  for (const p of pending.values()) p.abort.abort();
  pending.clear();
});

/** Called after a first successful sign-in (the sync module registers itself: no import cycle). */
let afterFirstSignIn: ((sourceId: string) => void) | undefined;
export function onFirstSignIn(fn: (sourceId: string) => void): void {
  afterFirstSignIn = fn;
}

/**
 * Starts a device sign-in for the source and returns what the user must see; the rest runs in the
 * background. A sign-in already waiting for this source is replaced.
 */
export async function startSignIn(sourceId: string): Promise<{ userCode: string; verificationUri: string; expiresAt: number }> {
  const guard = vault.lockGuard();
  const source = await readSource(sourceId);
  pending.get(sourceId)?.abort.abort();
  const { oidc } = await ssoClients(source.region, guard);
  const now = Date.now();
  const reuse = source.token && source.token.clientSecretExpiresAt > now + 3600_000 ? source.token : undefined;
  const registration = reuse
    ? { clientId: reuse.clientId, clientSecret: reuse.clientSecret, clientSecretExpiresAt: reuse.clientSecretExpiresAt }
    : await oidc.registerClient(source.region, { clientName: 'Sigvault' });
  const auth: DeviceAuthorization = await oidc.startDeviceAuthorization(source.region, registration, source.startUrl);
  guard.check();
  const abort = new AbortController();
  const entry = { userCode: auth.userCode, verificationUri: auth.verificationUri, expiresAt: auth.expiresAt, abort };
  await browser.tabs.create({ url: auth.verificationUriComplete, active: true }); // nothing waits if this fails
  pending.set(sourceId, entry);
  void (async () => {
    const lock = guard.signal;
    const onLock = () => abort.abort();
    lock.addEventListener('abort', onLock, { once: true });
    try {
      // A client of its own for the wait: aborted by a lock or by a newer sign-in for this source.
      const signal = AbortSignal.any([lock, abort.signal]);
      const { oidc: poller } = await ssoClients(source.region, { signal, check: () => guard.check() });
      const result = await poller.pollDeviceToken(source.region, registration, auth);
      const token: SsoToken = tokenFromGrant(registration, result);
      const saved = await changeSource(sourceId, (s) => ({ ...s, token }), guard);
      if (!saved) return; // the source was removed meanwhile
      const first = saved.lastSync === undefined;
      broadcast('sso.changed', { sourceId, signedIn: true });
      if (first) afterFirstSignIn?.(sourceId);
    } catch (e) {
      if (abort.signal.aborted && !lock.aborted) return; // replaced by a newer sign-in
      const error = isSsoError(e) ? e.message : e instanceof SigvaultError ? e.message : 'The sign-in failed.';
      if (!lock.aborted) broadcast('sso.changed', { sourceId, signedIn: false, error });
    } finally {
      lock.removeEventListener('abort', onLock);
      if (pending.get(sourceId) === entry) pending.delete(sourceId);
    }
  })();
  return { userCode: auth.userCode, verificationUri: auth.verificationUri, expiresAt: auth.expiresAt };
}
