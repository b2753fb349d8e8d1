import { SigvaultError } from '../../core/errors.ts';
import { CLI_FORMATS, formatCredentials } from '../../core/sts/cli-export.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import { optionalBoolean, requireOneOf, requireString } from '../validate.ts';
import { once, resolveOptions, resolver } from '../sts/sessions.ts';
import * as vault from '../vault/service.ts';
import { assertHasCredentials } from '../vault/credentials-guard.ts';
import { recordUse } from '../vault/prefs.ts';

/**
 * `session.export { id, format, mfaCode?, forceRefresh? }` → `{ text, expiresAt }`: the identity's
 * temporary credentials as CLI text (`env`, `powershell`, `fish`, `credential_process`, `credentials`).
 *
 * `session.export { id, format, longTerm: true, passphrase }` → `{ text }`: an IAM user's long-term
 * access keys instead (what `aws-vault export --no-session` prints), for what a GetSessionToken session
 * cannot do (IAM without MFA; STS beyond AssumeRole and GetCallerIdentity). Only after the vault
 * passphrase is checked again, under the unlock backoff: an unlocked vault alone never hands a page
 * long-term keys. Refused for roles, whose credentials are always temporary.
 *
 * Sent to a page only because the user asked to copy them; pages put the text on the clipboard and ask
 * for `clipboard.clearLater`.
 */
export const sessionExport: Handler<'session.export'> = async (p) => {
  const guard = vault.lockGuard(); // a lock while this runs wins: nothing reaches the page after it
  const id = requireString(p, 'id', { max: 64 });
  const format = requireOneOf(p, 'format', CLI_FORMATS);
  optionalBoolean(p, 'forceRefresh');
  await assertHasCredentials(id);
  if (optionalBoolean(p, 'longTerm') === true) return exportLongTerm(id, format, requireString(p, 'passphrase', { max: 1024 }), guard);
  const opts = await resolveOptions(p);
  const r = await once(`resolve:${id}`, async () => (await resolver(guard)).resolve(id, opts));
  guard.check();
  const { views } = await vault.catalog();
  const label = views.get(id)?.label;
  const text = formatCredentials({ ...r.credentials, expiration: r.expiresAt }, format, { region: r.region, ...(label ? { profile: label } : {}) });
  await recordUse(id);
  return { text, expiresAt: r.expiresAt };
};

async function exportLongTerm(id: string, format: (typeof CLI_FORMATS)[number], passphrase: string, guard: vault.LockGuard): Promise<{ text: string }> {
  const before = await vault.identity(id); // LOCKED, NOT_FOUND before the passphrase is even checked
  if (before.kind !== 'user') {
    throw new SigvaultError('INVALID_INPUT', 'Only IAM users have long-term keys: a role\'s credentials are always temporary.', { field: 'longTerm' });
  }
  await vault.verifyPassphrase(passphrase);
  // A lock while the passphrase was being derived wins (LOCKED).
  guard.check();
  const user = await vault.identity(id);
  if (user.kind !== 'user') throw new SigvaultError('INVALID_INPUT', 'Only IAM users have long-term keys.', { field: 'longTerm' });
  const text = formatCredentials({ accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey }, format, {
    ...(user.region ? { region: user.region } : {}),
    profile: user.label,
  });
  await recordUse(id);
  return { text };
}
