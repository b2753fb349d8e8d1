import { planAesrImport, parseAesrConfig } from '../../core/config-import/aesr.ts';
import { parseAwsConfig, planAwsImport, toExistingIdentities, toPlanView, type VaultIdentityLike } from '../../core/config-import/aws-cli.ts';
import { SigvaultError } from '../../core/errors.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import { keepPlan } from '../config/pending.ts';
import { readPrefs } from '../vault/prefs.ts';
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

/** `baseSources`: base profile name → vault label (`''`: none); at most 500, names and labels of 1-64 characters. */
function baseSourcesOf(p: object): Record<string, string> | undefined {
  const v = (p as Record<string, unknown>)['baseSources'];
  if (v === undefined || v === null) return undefined;
  const bad = () => new SigvaultError('INVALID_INPUT', 'baseSources must map base profile names to identity labels', { field: 'baseSources' });
  if (typeof v !== 'object' || Array.isArray(v)) throw bad();
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length > 500) throw bad();
  const out = Object.create(null) as Record<string, string>;
  for (const [base, label] of entries) {
    if (base.length < 1 || base.length > 256 || typeof label !== 'string' || label.length > 256) throw bad();
    out[base] = label;
  }
  return out;
}

/**
 * `config.preview { config, credentials?, format: 'aws-cli' | 'aesr', defaultSource?, baseSources? }` →
 * `{ token, plan }`: what an import would create, update and skip (with reasons and line numbers), as
 * view models without secrets. IAM Identity Center profiles name their sources (`plan.ssoSources`: the vault's
 * source of the same start URL + region, or a new one). AESR: each base profile's targets are assumed from the
 * identity `baseSources` maps it to, else the one the last import mapped it to (prefs `aesrBases`), else the
 * one labelled like it (`plan.aesrBases` says which). The plan itself stays in the background under `token` for `config.import`.
 */
export const configPreview: Handler<'config.preview'> = async (p) => {
  const format = requireOneOf(p, 'format', ['aws-cli', 'aesr'] as const);
  const config = text(p, 'config', format === 'aesr')!;
  const credentials = text(p, 'credentials', false);
  const defaultSource = text(p, 'defaultSource', false);
  const chosen = baseSourcesOf(p);
  const { identities } = await vault.allIdentities();
  const sources = await readSources();
  const existing = toExistingIdentities(identities.filter((i) => i.kind !== 'unknown') as unknown as VaultIdentityLike[], sources);
  let plan;
  if (format === 'aesr') {
    // what the last import mapped each base to (by id: it follows a rename), then what the user chose now
    const labelOf = new Map(identities.map((i) => [i.id, i.label]));
    const baseSources = Object.create(null) as Record<string, string>;
    for (const [base, id] of Object.entries((await readPrefs()).aesrBases ?? {})) {
      const label = labelOf.get(id);
      if (label !== undefined) baseSources[base] = label;
    }
    if (chosen) Object.assign(baseSources, chosen);
    plan = planAesrImport(parseAesrConfig(config), existing, { ...(defaultSource ? { defaultSourceLabel: defaultSource } : {}), baseSources });
  } else {
    plan = planAwsImport(parseAwsConfig(config ?? '', credentials), existing, sources);
  }
  return { token: keepPlan(plan), plan: toPlanView(plan) };
};
