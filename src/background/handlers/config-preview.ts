import { planAesrImport, parseAesrConfig } from '../../core/config-import/aesr.ts';
import { parseAwsConfig, planAwsImport, toExistingIdentities, toPlanView, type VaultIdentityLike } from '../../core/config-import/aws-cli.ts';
import { SigvaultError } from '../../core/errors.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import { keepPlan } from '../config/pending.ts';
import { readSources } from '../sso/store.ts';
import { requireOneOf } from '../validate.ts';
import * as vault from '../vault/service.ts';

const MAX_TEXT = 2 * 1024 * 1024;

function text(p: object, field: string, required: boolean): string | undefined {
  const v = (p as Record<string, unknown>)[field];
  if (v === undefined || v === null || v === '') {
    if (required) throw new SigvaultError('INVALID_INPUT', `${field} is required`, { field });
    return undefined;
  }
  if (typeof v !== 'string') throw new SigvaultError('INVALID_INPUT', `${field} must be the file's text`, { field });
  if (v.length > MAX_TEXT) throw new SigvaultError('INVALID_INPUT', `${field} is larger than 2 MB`, { field });
  return v;
}

/**
 * `config.preview { config, credentials?, format: 'aws-cli' | 'aesr', defaultSource? }` →
 * `{ token, plan }`: what an import would create, update and skip (with reasons and line numbers), as
 * view models without secrets. IAM Identity Center profiles name their sources (`plan.ssoSources`: the vault's
 * source of the same start URL + region, or a new one). The plan itself stays in the background under `token` for `config.import`.
 */
export const configPreview: Handler<'config.preview'> = async (p) => {
  const format = requireOneOf(p, 'format', ['aws-cli', 'aesr'] as const);
  const config = text(p, 'config', format === 'aesr')!;
  const credentials = text(p, 'credentials', false);
  const defaultSource = text(p, 'defaultSource', false);
  const { identities } = await vault.allIdentities();
  const sources = await readSources();
  const existing = toExistingIdentities(identities.filter((i) => i.kind !== 'unknown') as unknown as VaultIdentityLike[], sources);
  const plan = format === 'aesr'
    ? planAesrImport(parseAesrConfig(config), existing, defaultSource ? { defaultSourceLabel: defaultSource } : {})
    : planAwsImport(parseAwsConfig(config ?? '', credentials), existing, sources);
  return { token: keepPlan(plan), plan: toPlanView(plan) };
};
