/**
 * AssumeRoleWithSAML for `saml` identities with a captured assertion, and the resolver's answer when
 * their credentials ran out (only a new sign-in at the IdP helps).
 *
 * DurationSeconds: the identity's own choice, else the IdP's `SessionDuration`, never above the IdP's
 * (AWS refuses more); when the role's MaxSessionDuration is lower, AWS answers ValidationError and the
 * call is retried once at 3600 s (every role allows 1 hour), with a notice saying so.
 * @module
 */
import { SigvaultError } from '../../core/errors.ts';
import { isStsError } from '../../core/sts/client.ts';
import { fallbackRegion, partitionOfArn } from '../../core/sts/partition.ts';
import { federatedCacheEntry } from '../../core/sts/resolve.ts';
import type { SamlRole } from '../../core/vault/identity.ts';
import { readLocalSettings } from '../../platform/settings.ts';
import { putCached, registerFederatedProvider, stsClient } from '../sts/sessions.ts';
import type * as vault from '../vault/service.ts';

export const DEFAULT_SAML_SECONDS = 3600;

/** Gets and caches credentials for `identity` from `assertion`; returns a notice when the duration was lowered. */
export async function assumeWithAssertion(identity: SamlRole, assertion: string, guard: vault.LockGuard): Promise<{ notice?: string; expiresAt: number }> {
  const { sts } = await stsClient(guard);
  const partition = partitionOfArn(identity.roleArn) ?? 'aws';
  const region = identity.region ?? fallbackRegion(partition, (await readLocalSettings()).defaultRegion);
  const cap = identity.sessionDuration ?? 43_200;
  const wanted = Math.min(identity.durationSeconds ?? identity.sessionDuration ?? DEFAULT_SAML_SECONDS, cap);
  const call = (durationSeconds: number) => sts.assumeRoleWithSaml({ roleArn: identity.roleArn, principalArn: identity.principalArn, samlAssertion: assertion, durationSeconds }, region);
  let notice: string | undefined;
  let r;
  try {
    r = await call(wanted);
  } catch (e) {
    if (!(wanted > DEFAULT_SAML_SECONDS && isStsError(e) && e.awsCode === 'ValidationError' && /MaxSessionDuration|DurationSeconds/i.test(e.awsMessage))) throw e;
    notice = `"${identity.label}": the role allows less than the ${wanted} s the identity provider grants, so its session lasts 1 hour (3600 s).`;
    r = await call(DEFAULT_SAML_SECONDS);
  }
  const got = { credentials: r.credentials, arn: r.assumedRoleUser.arn, ...(notice ? { notice } : {}) };
  await putCached(identity.id, federatedCacheEntry(identity, got, region, Date.now()), guard);
  return { ...(notice ? { notice } : {}), expiresAt: r.credentials.expiration };
}

// The assertion is gone once used: when a saml identity's credentials run out, the user signs in again.
function hostOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).host : undefined;
  } catch {
    return undefined;
  }
}

registerFederatedProvider('saml', async (identity) => {
  const host = hostOf(identity.idpUrl);
  throw new SigvaultError(
    'SIGN_IN_REQUIRED',
    `The session of "${identity.label}" has ended: sign in at your identity provider again${host ? ` (${host})` : ''}; Sigvault picks up the new sign-in.`,
    { recordId: identity.id, ...(identity.idpUrl ? { url: identity.idpUrl } : {}) },
  );
});
