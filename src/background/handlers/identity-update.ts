import { SigvaultError } from '../../core/errors.ts';
import { assertChainValid } from '../../core/vault/chain.ts';
import { toView, updateUser, validateFederated, validateNewConsoleRole, validateNewRole, validateNewUser, type FederatedIdentity, type StoredIdentity } from '../../core/vault/identity.ts';
import { readWebIdentityToken } from '../../core/web-identity/token.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import { optionalBoolean, requireString } from '../validate.ts';
import { forgetSession } from '../sts/sessions.ts';
import { checkUserKeys } from './identity-add-user.ts';
import * as vault from '../vault/service.ts';

const USER_FIELDS = ['label', 'accessKeyId', 'secretAccessKey', 'mfaSerial', 'region', 'color', 'container'] as const;
/** Not stored: how new keys of a user are checked, as on `identity.addUser`. */
const USER_KEY_OPTIONS = ['check', 'confirmRoot'] as const;
const CONSOLE_ROLE_FIELDS = ['label', 'account', 'roleName', 'displayName', 'color', 'region', 'sourceAccount'] as const;
const ROLE_FIELDS = ['label', 'roleArn', 'sourceId', 'externalId', 'mfaSerial', 'sessionName', 'durationSeconds', 'region', 'color', 'sourceIdentity', 'container'] as const;
/** Federated identities: their role comes from the federation; the user sets only these. */
const FEDERATED_FIELDS = ['label', 'region', 'color', 'container'] as const;

/** The profile name an identity was imported under survives its edits (export keeps writing it). */
function keptProfileName(current: { profileName?: string }): { profileName?: string } {
  return current.profileName !== undefined ? { profileName: current.profileName } : {};
}

/** Whether an edit of a federated identity changed what its credentials are made from. */
function credentialsChanged(before: StoredIdentity, after: StoredIdentity): boolean {
  const keys = ['region', 'webIdentityToken', 'sessionName', 'durationSeconds'] as const;
  const b = before as unknown as Record<string, unknown>;
  const a = after as unknown as Record<string, unknown>;
  return keys.some((k) => b[k] !== a[k]) && before.kind !== 'saml';
}

/**
 * `identity.update { id, ...fields }` → the new view. Fields are validated exactly as on add; `null`
 * clears an optional field. A user's keys change together (both fields); new keys
 * are checked with GetCallerIdentity like on add (account and ARN recorded; root-user keys need
 * `confirmRoot: true`, else ROOT_KEYS), or with `check: false` stored unchecked (account and ARN cleared
 * until `identity.test`). Cached credentials of the identity are dropped.
 */
export const identityUpdate: Handler<'identity.update'> = async (p) => {
  const id = requireString(p, 'id', { max: 64 });
  const current = await vault.identity(id);
  if (current.kind === 'unknown') throw new SigvaultError('INVALID_INPUT', 'This identity was written by a newer version of Sigvault.', { field: 'id' });
  const patch = p as Record<string, unknown>;
  const federated = current.kind === 'sso' || current.kind === 'saml' || current.kind === 'web-identity';
  const allowed: readonly string[] = current.kind === 'user' ? USER_FIELDS : current.kind === 'console-role' ? CONSOLE_ROLE_FIELDS
    : current.kind === 'web-identity' ? [...FEDERATED_FIELDS, 'webIdentityToken', 'sessionName', 'durationSeconds'] : federated ? FEDERATED_FIELDS : ROLE_FIELDS;
  const options: readonly string[] = current.kind === 'user' ? USER_KEY_OPTIONS : [];
  for (const k of Object.keys(patch)) {
    if (k !== 'id' && k !== 'type' && !allowed.includes(k) && !options.includes(k)) throw new SigvaultError('INVALID_INPUT', `${k.slice(0, 40)} cannot be changed on a ${current.kind}.`, { field: k.slice(0, 40) });
  }
  const merged: Record<string, unknown> = {};
  for (const k of allowed) {
    const v = k in patch ? patch[k] : (current as unknown as Record<string, unknown>)[k];
    if (v !== null && v !== undefined) merged[k] = v;
  }
  let next: StoredIdentity;
  if (current.kind === 'user') {
    const keysChanged = 'accessKeyId' in patch || 'secretAccessKey' in patch;
    if (keysChanged && !('accessKeyId' in patch && 'secretAccessKey' in patch)) {
      throw new SigvaultError('INVALID_INPUT', 'Change the access key id and the secret access key together.', { field: 'accessKeyId' in patch ? 'secretAccessKey' : 'accessKeyId' });
    }
    // the colour is checked there too (#rrggbb); the region against what STS said on the keys, while they stay
    const v = validateNewUser(merged, { partition: keysChanged ? undefined : current.partition });
    const color = v.color;
    const check = optionalBoolean(patch, 'check') ?? true;
    const confirmRoot = optionalBoolean(patch, 'confirmRoot') ?? false;
    const user = updateUser(current, v, { keysChanged, color: color as string | undefined });
    if (keysChanged && check) await checkUserKeys(user, confirmRoot);
    next = user;
  } else if (current.kind === 'sso' || current.kind === 'saml' || current.kind === 'web-identity') {
    const rest: Record<string, unknown> = { ...current };
    for (const k of allowed) delete rest[k];
    if (current.kind === 'web-identity' && 'webIdentityToken' in patch) {
      // a new token: its expiry and issuer replace the old one's
      const claims = readWebIdentityToken(String(merged['webIdentityToken'] ?? ''), { now: Date.now() });
      delete rest['tokenExpiresAt'];
      rest['tokenIssuer'] = claims.iss.slice(0, 512);
      if (claims.exp !== undefined) rest['tokenExpiresAt'] = claims.exp;
    }
    next = validateFederated({ ...rest, ...merged, updatedAt: Date.now() } as unknown as FederatedIdentity);
  } else if (current.kind === 'console-role') {
    next = { kind: 'console-role', id, createdAt: current.createdAt, ...keptProfileName(current), ...validateNewConsoleRole(merged), updatedAt: Date.now() };
  } else {
    const v = validateNewRole(merged);
    const { views } = await vault.catalog();
    assertChainValid(views, id, v.sourceId);
    next = { kind: 'role', id, createdAt: current.createdAt, ...keptProfileName(current), ...v, updatedAt: Date.now() };
  }
  await vault.saveIdentities([next]);
  // A federated identity's credentials stay good through a new label, colour or container (a SAML role's
  // could not be fetched again without a new sign-in at the IdP); what they were made from drops them.
  if (!federated || credentialsChanged(current, next)) await forgetSession(id);
  return toView(next);
};
