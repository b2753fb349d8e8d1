import { consoleRoleHasNoCredentials } from '../../core/vault/identity.ts';
import { defaultRegion } from '../../core/sts/partition.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import { requireString } from '../validate.ts';
import { once, resolveOptions, resolver, stsClient } from '../sts/sessions.ts';
import * as vault from '../vault/service.ts';

/**
 * `identity.test { id, mfaCode? }` → `{ account, arn, userId, isRoot }` from GetCallerIdentity, made
 * with the identity's own credentials: an IAM user's long-term keys, or a role's temporary credentials
 * (resolving its chain, which may ask for an MFA code). A user's account and ARN are stored.
 */
export const identityTest: Handler<'identity.test'> = async (p) => {
  const guard = vault.lockGuard();
  const id = requireString(p, 'id', { max: 64 });
  const identity = await vault.identity(id);
  if (identity.kind === 'console-role') throw consoleRoleHasNoCredentials(identity.label);
  const { sts } = await stsClient(guard);
  if (identity.kind === 'user') {
    const region = identity.region ?? defaultRegion(identity.partition ?? 'aws');
    const who = await sts.getCallerIdentity({ accessKeyId: identity.accessKeyId, secretAccessKey: identity.secretAccessKey }, region);
    if (identity.account !== who.account || identity.arn !== who.arn || identity.isRoot !== who.isRoot) {
      await vault.saveIdentities([{ ...identity, account: who.account, arn: who.arn, isRoot: who.isRoot, updatedAt: Date.now() }]);
    }
    return { account: who.account, arn: who.arn, userId: who.userId, isRoot: who.isRoot };
  }
  const opts = await resolveOptions(p);
  const resolved = await once(`resolve:${id}`, async () => (await resolver(guard)).resolve(id, opts));
  const who = await sts.getCallerIdentity(resolved.credentials, resolved.region);
  return { account: who.account, arn: who.arn, userId: who.userId, isRoot: who.isRoot };
};
