import { SigvaultError } from '../../core/errors.ts';
import { fallbackRegion, partitionOfArn } from '../../core/sts/partition.ts';
import { createUser, validateNewUser, type IamUser } from '../../core/vault/identity.ts';
import { distinctColor } from '../../core/vault/palette.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import { optionalBoolean } from '../validate.ts';
import { stsClient } from '../sts/sessions.ts';
import * as vault from '../vault/service.ts';

/** AWS's advice, repeated where root keys are refused or stored. */
export const ROOT_WARNING =
  'These are root-user access keys of an AWS account. AWS advises using the root user only to create an administrator, ' +
  'and to create IAM users or roles for everything else (and to delete root access keys). Confirm to store them anyway.';

/**
 * Checks `user`'s keys with GetCallerIdentity (in its region, else the configured default within its
 * partition when known) and records the account, ARN, root flag and partition on it. Root-user keys are
 * refused with ROOT_KEYS unless `confirmRoot`. Used on add and when an edit replaces the keys.
 */
export async function checkUserKeys(user: IamUser, confirmRoot: boolean): Promise<void> {
  const { sts, settings } = await stsClient();
  const region = user.region ?? (user.partition ? fallbackRegion(user.partition, settings.defaultRegion) : settings.defaultRegion);
  const who = await sts.getCallerIdentity({ accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey }, region);
  if (who.isRoot && !confirmRoot) throw new SigvaultError('ROOT_KEYS', ROOT_WARNING, { field: 'confirmRoot' });
  user.account = who.account;
  user.arn = who.arn;
  user.isRoot = who.isRoot;
  const partition = partitionOfArn(who.arn);
  if (partition) user.partition = partition;
}

/**
 * `identity.addUser { label, accessKeyId, secretAccessKey, mfaSerial?, region?, confirmRoot?, check? }`.
 * Shapes are checked (INVALID_INPUT names the field); then the keys are checked with
 * GetCallerIdentity, which records the account and ARN. Root-user keys (ARN `…:root`) are stored only
 * with `confirmRoot: true` (ROOT_KEYS otherwise). `check: false` skips the STS call (offline entry).
 * Without a colour it gets the palette's least used one (core/vault/palette.ts).
 */
export const identityAddUser: Handler<'identity.addUser'> = async (p) => {
  const input = validateNewUser(p);
  const check = optionalBoolean(p, 'check') ?? true;
  const confirmRoot = optionalBoolean(p, 'confirmRoot') ?? false;
  const { views } = await vault.catalog();
  const user: IamUser = createUser({ ...input, color: input.color ?? distinctColor(views.values()) });
  if (check) await checkUserKeys(user, confirmRoot);
  await vault.saveIdentities([user]);
  return { id: user.id, ...(user.account ? { account: user.account, arn: user.arn!, isRoot: !!user.isRoot } : {}) };
};
