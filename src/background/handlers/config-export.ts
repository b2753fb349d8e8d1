import { exportAwsConfig, type ExportableIdentity } from '../../core/config-import/export.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import { readSources } from '../sso/store.ts';
import * as vault from '../vault/service.ts';

/**
 * `config.export` → `{ text }`: the vault's non-secret configuration as `~/.aws/config` text (roles with
 * role_arn/source_profile/mfa_serial/external_id/…; users as profiles without keys; IAM Identity Center roles
 * as sso_session profiles with their [sso-session] sections; SAML and web identity roles in comments only).
 */
export const configExport: Handler<'config.export'> = async () => {
  const { identities } = await vault.allIdentities();
  const exportable = identities.filter((i) => i.kind !== 'unknown') as unknown as ExportableIdentity[];
  const sources = (await readSources()).map((s) => ({ id: s.id, label: s.label, startUrl: s.startUrl, region: s.region }));
  return { text: exportAwsConfig(exportable, sources) };
};
