import { exportAwsConfig, type ExportableIdentity } from '../../core/config-import/export.ts';
import type { Handler } from '../../platform/messaging.ts';
import * as vault from '../vault/service.ts';

/**
 * `config.export` → `{ text }`: the vault's non-secret configuration as `~/.aws/config` text (roles with
 * role_arn/source_profile/mfa_serial/external_id/…; users as profiles without keys).
 */
export const configExport: Handler<'config.export'> = async () => {
  const { identities } = await vault.allIdentities();
  const exportable = identities.filter((i) => i.kind !== 'unknown') as unknown as ExportableIdentity[];
  return { text: exportAwsConfig(exportable) };
};
