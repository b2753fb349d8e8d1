import { CLI_FORMATS, formatCredentials } from '../../core/sts/cli-export.ts';
import type { Handler } from '../../platform/messaging.ts';
import { optionalBoolean, requireOneOf, requireString } from '../validate.ts';
import { once, resolveOptions, resolver } from '../sts/sessions.ts';
import * as vault from '../vault/service.ts';
import { recordUse } from '../vault/prefs.ts';

/**
 * `session.export { id, format, mfaCode?, forceRefresh? }` → `{ text, expiresAt }`: the identity's
 * temporary credentials as CLI text (`env`, `powershell`, `fish`, `credential_process`, `credentials`).
 * Sent to a page only because the user asked to copy them; pages put the text on the clipboard and ask
 * for `clipboard.clearLater`.
 */
export const sessionExport: Handler<'session.export'> = async (p) => {
  const id = requireString(p, 'id', { max: 64 });
  const format = requireOneOf(p, 'format', CLI_FORMATS);
  optionalBoolean(p, 'forceRefresh');
  const opts = await resolveOptions(p);
  const r = await once(`resolve:${id}`, async () => (await resolver()).resolve(id, opts));
  const { views } = await vault.catalog();
  const label = views.get(id)?.label;
  const text = formatCredentials({ ...r.credentials, expiration: r.expiresAt }, format, { region: r.region, ...(label ? { profile: label } : {}) });
  await recordUse(id);
  return { text, expiresAt: r.expiresAt };
};
