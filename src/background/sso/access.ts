/**
 * Access tokens of Identity Center sources: the sealed one while it is valid, refreshed with the
 * refresh token (CreateToken, grant `refresh_token`) within 5 minutes of its end, and dropped — with
 * `SIGN_IN_REQUIRED` — when AWS no longer accepts it (the user then signs in again). Credentials of
 * `sso` identities (GetRoleCredentials) for the resolver.
 * @module
 */
import { SigvaultError } from '../../core/errors.ts';
import { isSsoError } from '../../core/sso/errors.ts';
import type { SsoSource } from '../../core/sso/sources.ts';
import { canRefresh, needsRefresh, tokenFromGrant } from '../../core/sso/token.ts';
import type { FederatedCredentials } from '../../core/sts/resolve.ts';
import type { SsoRole } from '../../core/vault/identity.ts';
import { broadcast } from '../../platform/background-messaging.ts';
import { once, registerFederatedProvider } from '../sts/sessions.ts';
import * as vault from '../vault/service.ts';
import { ssoClients, type SsoClients } from './clients.ts';
import { changeSource, readSource } from './store.ts';

/** The error for a source whose sign-in ended. */
export function signInRequired(source: Pick<SsoSource, 'id' | 'label'>): SigvaultError {
  return new SigvaultError('SIGN_IN_REQUIRED', `Your IAM Identity Center session for "${source.label}" has ended: sign in again.`, { recordId: source.id });
}

/**
 * Forgets a source's tokens after AWS refused `refused` (the registration goes too: a new sign-in
 * registers again) — unless a newer sign-in or refresh sealed other tokens meanwhile.
 */
async function dropSignIn(source: SsoSource, refused: string, guard: vault.LockGuard): Promise<void> {
  let dropped = false;
  await changeSource(source.id, (s) => {
    if (s.token?.accessToken !== refused) return s;
    dropped = true;
    const { token: _t, ...rest } = s;
    return rest;
  }, guard);
  if (dropped) broadcast('sso.changed', { sourceId: source.id, signedIn: false });
}

/**
 * Runs `fn` with a usable access token of the source; a portal answer that the token is no longer
 * valid drops the sign-in and gives SIGN_IN_REQUIRED.
 */
export async function withAccessToken<T>(sourceId: string, guard: vault.LockGuard, fn: (token: string, source: SsoSource, clients: SsoClients) => Promise<T>): Promise<T> {
  let { source, token, clients } = await once(`sso-token:${sourceId}`, () => freshToken(sourceId, guard, undefined));
  try {
    return await fn(token, source, clients);
  } catch (e) {
    if (!(isSsoError(e) && e.category === 'sign-in-again')) throw e;
    // The portal refused a token our clock still calls valid (revoked, or ended early): refresh it once
    // (its own queue: joining a plain lookup in flight would hand back the refused token).
    const refused = token;
    if (source.token && canRefresh(source.token, Date.now())) {
      ({ source, token, clients } = await once(`sso-refresh:${sourceId}`, () => freshToken(sourceId, guard, refused)));
      try {
        return await fn(token, source, clients);
      } catch (e2) {
        if (!(isSsoError(e2) && e2.category === 'sign-in-again')) throw e2;
      }
    }
    await dropSignIn(source, token, guard);
    throw signInRequired(source);
  }
}

/**
 * The source's access token, refreshed when it is near its end — or when it is `refused` (the portal
 * answered 401 to it) and still the sealed one.
 */
async function freshToken(sourceId: string, guard: vault.LockGuard, refused: string | undefined): Promise<{ source: SsoSource; token: string; clients: SsoClients }> {
  const source = await readSource(sourceId);
  const clients = await ssoClients(source.region, guard);
  const t = source.token;
  const now = Date.now();
  if (!t) throw signInRequired(source);
  const force = refused !== undefined && t.accessToken === refused;
  if (!force && !needsRefresh(t, now)) return { source, token: t.accessToken, clients };
  if (!canRefresh(t, now)) {
    if (t.accessTokenExpiresAt > now) return { source, token: t.accessToken, clients };
    await dropSignIn(source, t.accessToken, guard);
    throw signInRequired(source);
  }
  try {
    const result = await clients.oidc.createToken(source.region, { grantType: 'refresh_token', clientId: t.clientId, clientSecret: t.clientSecret, refreshToken: t.refreshToken! });
    const next = tokenFromGrant(t, result, t.refreshToken);
    const saved = await changeSource(source.id, (s) => ({ ...s, token: next }), guard);
    return { source: saved ?? source, token: next.accessToken, clients };
  } catch (e) {
    if (isSsoError(e) && (e.category === 'sign-in-again' || e.category === 'register-again')) {
      if (!force && t.accessTokenExpiresAt > Date.now()) return { source, token: t.accessToken, clients };
      await dropSignIn(source, t.accessToken, guard);
      throw signInRequired(source);
    }
    throw e;
  }
}

/** GetRoleCredentials for an `sso` identity: the resolver's federated provider for this kind. */
export async function ssoRoleCredentials(identity: SsoRole, guard: vault.LockGuard): Promise<FederatedCredentials> {
  return withAccessToken(identity.sourceId, guard, async (token, source, { portal }) => {
    const credentials = await portal.getRoleCredentials(token, source.region, identity.accountId, identity.roleName);
    return { credentials };
  }).catch((e: unknown) => {
    if (e instanceof SigvaultError && e.code === 'NOT_FOUND' && e.details.recordId === identity.sourceId) {
      throw new SigvaultError('NOT_FOUND', `"${identity.label}" came from an IAM Identity Center source that was removed: add the source again and sync.`, { recordId: identity.id });
    }
    throw e;
  });
}

registerFederatedProvider('sso', (identity, { guard }) => ssoRoleCredentials(identity, guard));
