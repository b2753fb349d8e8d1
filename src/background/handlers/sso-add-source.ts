import { SigvaultError } from '../../core/errors.ts';
import { MAX_SOURCES, validateNewSource } from '../../core/sso/sources.ts';
import { newRecordId } from '../../core/vault/format.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import { changeSources } from '../sso/store.ts';
import * as vault from '../vault/service.ts';

/** `sso.addSource { label, startUrl, region }` → `{ id }`: an IAM Identity Center instance, not signed in yet. */
export const ssoAddSource: Handler<'sso.addSource'> = async (p) => {
  const input = validateNewSource(p);
  const guard = vault.lockGuard();
  const id = `sso_${newRecordId()}`;
  await changeSources((all) => {
    if (all.length >= MAX_SOURCES) throw new SigvaultError('INVALID_INPUT', `A vault holds at most ${MAX_SOURCES} IAM Identity Center sources.`, { field: 'startUrl' });
    if (all.some((s) => s.startUrl === input.startUrl && s.region === input.region)) {
      throw new SigvaultError('INVALID_INPUT', 'This start URL is already a source: sign in to it or sync it.', { field: 'startUrl' });
    }
    return [...all, { id, ...input, createdAt: Date.now() }];
  }, guard);
  return { id };
};
