/**
 * The credentials a request console signature is made with: an IAM user's own long-term keys (as
 * `identity.test` and the AWS CLI with a plain profile use them), or a role's temporary credentials from
 * the resolver (its chain, the sealed cache, MFA prompts), as `session.export` gets them. They never
 * leave the background: callers sign with them and return signing views.
 * @module
 */
import { consoleRoleHasNoCredentials } from '../../core/vault/identity.ts';
import { defaultRegion } from '../../core/sts/partition.ts';
import type { Credentials } from '../../core/sigv4/index.ts';
import { once, resolveOptions, resolver } from '../sts/sessions.ts';
import * as vault from '../vault/service.ts';
import { recordUse } from '../vault/prefs.ts';

export interface SigningCredentials {
  creds: Credentials;
  /** When temporary credentials expire (ms); undefined for long-term keys. */
  expiresAt?: number;
  /** The identity's region (or its partition's default): the region a request falls back to. */
  region: string;
}

/**
 * @param id - identity id
 * @param payload - the page's request (`mfaCode`, `forceRefresh`, `interactive`), for the resolver
 * @throws SigvaultError LOCKED, NOT_FOUND, INVALID_INPUT (a console role has no keys), MFA_REQUIRED, STS_ERROR, NETWORK
 */
export async function signingCredentials(id: string, payload: object, guard: vault.LockGuard): Promise<SigningCredentials> {
  const identity = await vault.identity(id);
  if (identity.kind === 'console-role') throw consoleRoleHasNoCredentials(identity.label);
  if (identity.kind === 'user') {
    const region = identity.region ?? defaultRegion(identity.partition ?? 'aws');
    void recordUse(id);
    return { creds: { accessKeyId: identity.accessKeyId, secretAccessKey: identity.secretAccessKey }, region };
  }
  const opts = await resolveOptions(payload);
  const r = await once(`resolve:${id}`, async () => (await resolver(guard)).resolve(id, opts));
  guard.check();
  void recordUse(id);
  return {
    creds: { accessKeyId: r.credentials.accessKeyId, secretAccessKey: r.credentials.secretAccessKey, sessionToken: r.credentials.sessionToken },
    expiresAt: r.expiresAt,
    region: r.region,
  };
}
