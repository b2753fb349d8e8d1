/**
 * What the popup's edit screen needs to prefill an identity's form: its current non-secret settings.
 * Not part of {@link IdentityView} on purpose: views go to the popup list for thousands of identities
 * and stay small, while this model is asked for one identity at a time (`identity.get`).
 *
 * Like `toView`, an explicit allow-list: no secret access key, no full access key id, and no external
 * id (treated as sensitive: only whether one is set).
 * @module
 */

import { SigvaultError } from '../errors.ts';
import type { ContainerPreference } from '../containers.ts';
import { partitionOfArn, type Partition } from '../sts/partition.ts';
import { maskAccessKeyId, type FederatedKind, type StoredIdentity } from './identity.ts';

interface EditBase {
  id: string;
  label: string;
  region?: string;
  color?: string;
  mfaSerial?: string;
  /** Firefox containers: the identity's own choice; absent = 'default' (the global setting). */
  container?: ContainerPreference;
}
export interface UserEditModel extends EditBase {
  kind: 'user';
  /** e.g. `AKIA…MPLE`: which keys are stored, to say what replacing them means. */
  accessKeyIdMasked: string;
  isRoot?: boolean;
  /** What STS said on its keys (its region must lie in it). */
  partition?: Partition;
}
export interface RoleEditModel extends EditBase {
  kind: 'role';
  roleArn: string;
  sourceId: string;
  /** The external id itself never leaves the background. */
  hasExternalId: boolean;
  sessionName?: string;
  durationSeconds?: number;
  sourceIdentity?: string;
}
export interface ConsoleRoleEditModel extends EditBase {
  kind: 'console-role';
  account: string;
  roleName: string;
  displayName?: string;
  sourceAccount?: string;
}
/** Federated identities: only what the user sets on any identity (their role comes from the federation). */
export interface FederatedEditModel extends EditBase {
  kind: FederatedKind;
  /** Its role's partition (its region must lie in it), when known. */
  partition?: Partition;
}
export type IdentityEditModel = UserEditModel | RoleEditModel | ConsoleRoleEditModel | FederatedEditModel;

/**
 * The edit model of a stored identity.
 * @throws SigvaultError INVALID_INPUT (field `id`) for a kind this build cannot edit
 */
export function toEditModel(identity: StoredIdentity): IdentityEditModel {
  if (identity.kind === 'unknown') throw new SigvaultError('INVALID_INPUT', 'This identity was written by a newer version of Sigvault.', { field: 'id' });
  const base: EditBase = { id: identity.id, label: identity.label };
  if (identity.container === 'own' || identity.container === 'none') base.container = identity.container;
  if (identity.region !== undefined) base.region = identity.region;
  if (identity.color !== undefined) base.color = identity.color;
  if (identity.kind === 'console-role') {
    const m: ConsoleRoleEditModel = { ...base, kind: 'console-role', account: identity.account, roleName: identity.roleName };
    if (identity.displayName !== undefined) m.displayName = identity.displayName;
    if (identity.sourceAccount !== undefined) m.sourceAccount = identity.sourceAccount;
    return m;
  }
  if (identity.kind === 'sso' || identity.kind === 'saml' || identity.kind === 'web-identity') {
    const partition = identity.kind === 'sso' ? identity.partition : partitionOfArn(identity.roleArn);
    return { ...base, kind: identity.kind, ...(partition ? { partition } : {}) };
  }
  if (identity.mfaSerial !== undefined) base.mfaSerial = identity.mfaSerial;
  if (identity.kind === 'user') {
    const m: UserEditModel = { ...base, kind: 'user', accessKeyIdMasked: maskAccessKeyId(identity.accessKeyId) };
    if (identity.isRoot !== undefined) m.isRoot = identity.isRoot;
    if (identity.partition !== undefined) m.partition = identity.partition;
    return m;
  }
  const m: RoleEditModel = { ...base, kind: 'role', roleArn: identity.roleArn, sourceId: identity.sourceId, hasExternalId: !!identity.externalId };
  if (identity.sessionName !== undefined) m.sessionName = identity.sessionName;
  if (identity.durationSeconds !== undefined) m.durationSeconds = identity.durationSeconds;
  if (identity.sourceIdentity !== undefined) m.sourceIdentity = identity.sourceIdentity;
  return m;
}
