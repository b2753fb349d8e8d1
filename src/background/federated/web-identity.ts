/**
 * Credentials of `web-identity` identities: AssumeRoleWithWebIdentity (unsigned) with the sealed token.
 * A token past its `exp` is not sent: the user pastes a new one (Edit).
 * @module
 */
import { SigvaultError } from '../../core/errors.ts';
import { sanitizeSessionName } from '../../core/sts/resolve.ts';
import { registerFederatedProvider } from '../sts/sessions.ts';

registerFederatedProvider('web-identity', async (identity, { sts, region }) => {
  if (identity.tokenExpiresAt !== undefined && identity.tokenExpiresAt <= Date.now()) {
    throw new SigvaultError('INVALID_INPUT', `The web identity token of "${identity.label}" expired on ${new Date(identity.tokenExpiresAt).toISOString()}: edit the identity and paste a new one.`, { field: 'webIdentityToken', recordId: identity.id });
  }
  const r = await sts.assumeRoleWithWebIdentity(
    {
      roleArn: identity.roleArn,
      roleSessionName: identity.sessionName ?? sanitizeSessionName(identity.label),
      webIdentityToken: identity.webIdentityToken,
      ...(identity.durationSeconds !== undefined ? { durationSeconds: identity.durationSeconds } : {}),
      ...(identity.providerId !== undefined ? { providerId: identity.providerId } : {}),
    },
    region,
  );
  return { credentials: r.credentials, arn: r.assumedRoleUser.arn };
});
