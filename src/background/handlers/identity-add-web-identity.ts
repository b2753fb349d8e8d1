import { validateNewWebIdentity, toView, type WebIdentityRole } from '../../core/vault/identity.ts';
import { newRecordId } from '../../core/vault/format.ts';
import { readWebIdentityToken } from '../../core/web-identity/token.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import * as vault from '../vault/service.ts';

/**
 * `identity.addWebIdentity { label, roleArn, webIdentityToken, … }` → the view. The token is read for its
 * expiry and issuer (refused when it is not a JWT or has expired) and sealed like a secret key; no call is
 * made until the identity is used (AssumeRoleWithWebIdentity).
 */
export const identityAddWebIdentity: Handler<'identity.addWebIdentity'> = async (p) => {
  const input = validateNewWebIdentity(p);
  const claims = readWebIdentityToken(input.webIdentityToken, { now: Date.now() });
  const now = Date.now();
  const identity: WebIdentityRole = { ...input, kind: 'web-identity', id: newRecordId(), tokenIssuer: claims.iss.slice(0, 512), createdAt: now, updatedAt: now };
  if (claims.exp !== undefined) identity.tokenExpiresAt = claims.exp;
  await vault.saveIdentities([identity]);
  return toView(identity);
};
