import type { Handler } from '../../platform/background-messaging.ts';
import { requireString } from '../validate.ts';
import { once, resolveOptions, resolver } from '../sts/sessions.ts';
import * as vault from '../vault/service.ts';
import { assertHasCredentials } from '../vault/credentials-guard.ts';

/**
 * `session.resolve { id, mfaCode?, forceRefresh? }` → `{ expiresAt, arn?, fromCache, notice? }`.
 * Temporary credentials for the identity, from the encrypted cache when valid for 5 more minutes,
 * else by walking its chain. Without `mfaCode`, a needed code is asked from open pages
 * (`mfa.required` → `mfa.provide`). The credentials themselves stay in the background.
 */
export const sessionResolve: Handler<'session.resolve'> = async (p) => {
  const guard = vault.lockGuard(); // a lock while this runs wins: its exchanges are aborted, nothing is cached
  const id = requireString(p, 'id', { max: 64 });
  await assertHasCredentials(id);
  const opts = await resolveOptions(p);
  const r = await once(`resolve:${id}`, async () => (await resolver(guard)).resolve(id, opts));
  guard.check();
  return {
    expiresAt: r.expiresAt,
    ...(r.arn ? { arn: r.arn } : {}),
    fromCache: r.fromCache,
    ...(r.clampedDurationNotice ? { notice: r.clampedDurationNotice } : {}),
  };
};
