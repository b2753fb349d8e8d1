/**
 * Import of AWS Extend Switch Roles (AESR) configuration text.
 *
 * AESR holds no credentials: it switches roles from whatever the browser is signed in as. An AESR target
 * becomes a Sigvault role assumed from an identity ALREADY in the vault when there is one, else a console
 * role (switched to inside a signed-in console, as AESR itself does):
 * - a target with `source_profile = BASE` uses the vault identity labelled `BASE` (normally an IAM user
 *   added under the AESR base profile's name); when the vault has none, it is a console role switched from
 *   the base account (`sourceAccount`: the base's `aws_account_id`, else its `aws_account_alias`);
 * - a target without `source_profile` (AESR's "simple configuration") uses `options.defaultSourceLabel`;
 *   with none chosen it is a console role;
 * - a target whose `aws_account_id` is an account alias cannot become a role ARN: always a console role
 *   (the console's switch accepts an alias).
 * Base profiles (those named by another profile's `source_profile`) are not imported themselves: they are
 * where the user signs in.
 *
 * The dialect follows AESR's parser (`aesr-config`): `[profile NAME]` and `[NAME]` both name a profile,
 * `;` / `#` start comments anywhere on a line (here only at the start or after a space, so a `#` inside a
 * value such as `color = #ffaaee` is kept), `key = value`. Targets give `role_arn`, or `aws_account_id` +
 * `role_name` (default: the base's `target_role_name`); `region` (default: the base's `target_region`),
 * `color` (hex, normalised to `#rrggbb`) and `image` (not used by Sigvault) are optional.
 * @module
 */

import { ROLE_ARN_PATTERN, validateLabel, validateNewConsoleRole, validateNewRole, type Partition } from '../vault/identity.ts';
import { displayKey, parseIni } from './ini.ts';
import {
  byPosition,
  invalidSkip,
  resolvePlan,
  showName,
  uniqueLabel,
  type Candidate,
  type ConfigImportPlan,
  type ExistingIdentity,
  type ImportWarning,
  type ParsedProfile,
  type ParsedSetting,
  type PlannedConsoleRole,
  type PlannedRole,
  type SkippedProfile,
  type AesrBase,
} from './aws-cli.ts';

export interface ParsedAesrConfig {
  profiles: ParsedProfile[];
  warnings: ImportWarning[];
}

export const KNOWN_AESR_SETTINGS: ReadonlySet<string> = new Set([
  'aws_account_id',
  'aws_account_alias',
  'role_name',
  'role_arn',
  'source_profile',
  'target_role_name',
  'target_region',
  'region',
  'color',
  'image',
]);

/**
 * Parse AESR configuration text. Never throws. As AESR does, every section is its own profile: two sections
 * with one name are two profiles (AESR lists both, e.g. the same target name under two base accounts).
 */
export function parseAesrConfig(text: string): ParsedAesrConfig {
  const doc = parseIni(typeof text === 'string' ? text : '', { dialect: 'aesr' });
  const warnings: ImportWarning[] = doc.warnings.map((w) => ({ ...w, file: 'aesr' as const }));
  const profiles: ParsedProfile[] = [];
  for (const s of doc.sections) {
    const name = s.name.replace(/^profile\s+/i, '').trim();
    if (name === '') {
      warnings.push({ line: s.line, file: 'aesr', message: 'profile without a name; ignored' });
      continue;
    }
    const p: ParsedProfile = { name, line: s.line, file: 'aesr', settings: Object.create(null) as Record<string, ParsedSetting> };
    profiles.push(p);
    for (const e of s.entries) {
      if (!KNOWN_AESR_SETTINGS.has(e.key)) {
        // AESR's setting names are case-sensitive: `Color` is not `color`.
        const lower = e.key.toLowerCase();
        const k = displayKey(e.key);
        const message = lower !== e.key && KNOWN_AESR_SETTINGS.has(lower)
          ? `unknown setting '${e.key}' (ignored; AESR setting names are lower-case)`
          : k ? `unknown setting '${k}' (ignored)` : 'unknown setting (ignored; name not shown)';
        warnings.push({ line: e.line, file: 'aesr', message });
      }
      p.settings[e.key] = { value: unquote(e.value), line: e.line, file: 'aesr' };
    }
  }
  warnings.sort(byPosition);
  return { profiles, warnings };
}

function unquote(v: string): string {
  const m = /^"(.*)"$/.exec(v) ?? /^'(.*)'$/.exec(v);
  return m ? (m[1] as string) : v;
}

/** `ffaaee`, `#FFAAEE`, `fae` → `#ffaaee`; anything else → undefined. */
export function normalizeColor(value: string): string | undefined {
  const v = value.trim().replace(/^#/, '');
  if (/^[0-9a-fA-F]{6}$/.test(v)) return `#${v.toLowerCase()}`;
  if (/^[0-9a-fA-F]{3}$/.test(v)) return `#${[...v.toLowerCase()].map((c) => c + c).join('')}`;
  return undefined;
}

export interface AesrPlanOptions {
  /** Vault label of the identity to switch from for targets without `source_profile`. */
  defaultSourceLabel?: string;
  /** Partition for ARNs built from `aws_account_id` + `role_name`. Default `aws`. */
  partition?: Partition;
  /**
   * Base profile name → the vault label of the identity its targets are assumed from (`''`: none, they import
   * as console roles). A base not listed uses the vault identity labelled like it, if any.
   */
  baseSources?: Readonly<Record<string, string>>;
}

const AESR_FIELD_TO_KEY: Record<string, string> = {
  label: 'profile name',
  roleArn: 'role_arn',
  region: 'region',
  color: 'color',
  account: 'aws_account_id',
  roleName: 'role_name',
  sourceAccount: 'aws_account_id of the base profile',
};

/**
 * Plan the import of parsed AESR profiles as roles. Pure; never throws.
 * @example
 * const plan = planAesrImport(parseAesrConfig(text), vaultIdentities.map(toExisting), { defaultSourceLabel: 'me' });
 */
export function planAesrImport(parsed: ParsedAesrConfig, existing: readonly ExistingIdentity[], options: AesrPlanOptions = {}): ConfigImportPlan {
  const warnings = [...parsed.warnings];
  const partition = options.partition ?? 'aws';
  // AESR resolves a source_profile to the first profile of that name (its ConfigLoader groups by name).
  const byName = new Map<string, ParsedProfile>();
  for (const p of parsed.profiles) if (!byName.has(p.name)) byName.set(p.name, p);
 const vaultLabels = new Set(existing.map((e) => e.label));
  // a console role has no credentials: it is no base's source
  const sourceLabels = new Set(existing.filter((e) => e.kind !== 'console-role').map((e) => e.label));
  /** The vault identity a base's targets are assumed from: the one the user mapped it to, else the one labelled like it. */
  const sourceOfBase = (base: string): string | undefined => {
    const mapped = options.baseSources && Object.hasOwn(options.baseSources, base) ? options.baseSources[base] : undefined;
    if (mapped !== undefined) return mapped !== '' && sourceLabels.has(mapped) ? mapped : undefined;
    return vaultLabels.has(base) ? base : undefined;
  };
  const val = (p: ParsedProfile, k: string): ParsedSetting | undefined => {
    const s = p.settings[k];
    return s && s.value.trim() !== '' ? s : undefined;
  };
  const bases = new Set<string>();
  for (const p of parsed.profiles) {
    const src = val(p, 'source_profile')?.value.trim();
    if (src !== undefined) bases.add(src);
  }
  /** A base account: the first profile of a name some source_profile names, without a source of its own. */
  const isBase = (p: ParsedProfile) => bases.has(p.name) && byName.get(p.name) === p && !val(p, 'source_profile');

  // Labels: a name used once is the label. AESR keeps every section, so a name used again (the same target
  // name under two base accounts) gets its base in the label, or a number.
  const count = new Map<string, number>();
  for (const p of parsed.profiles) count.set(p.name, (count.get(p.name) ?? 0) + 1);
  const taken = new Set(parsed.profiles.filter((p) => count.get(p.name) === 1 || isBase(p)).map((p) => p.name));
  const labelOf = new Map<ParsedProfile, string>();
  for (const p of parsed.profiles) {
    if (count.get(p.name) === 1 || isBase(p)) {
      labelOf.set(p, p.name);
      continue;
    }
    const label = uniqueLabel(p.name, val(p, 'source_profile')?.value.trim(), taken);
    labelOf.set(p, label);
    const first = byName.get(p.name) as ParsedProfile;
    if (first !== p) {
      warnings.push({
        line: p.line,
        file: 'aesr',
        message: `profile '${showName(p.name)}' is defined again (first at line ${first.line}); AESR keeps both: this one is labelled '${showName(label)}', the first '${showName(labelOf.get(first) ?? first.name)}'`,
      });
    }
  }
  warnings.sort(byPosition);

  const candidates: Candidate[] = [];
  const baseSkips: SkippedProfile[] = [];
  const aesrBases: AesrBase[] = [];
  for (const p of parsed.profiles) {
    const label = labelOf.get(p) ?? p.name;
    try {
      if (isBase(p)) {
        // A base account: where AESR signs in. Its vault identity (same label) is the targets' source.
        const n = parsed.profiles.filter((t) => val(t, 'source_profile')?.value.trim() === p.name).length;
        const where = baseAccountOf(p, val);
        const source = sourceOfBase(p.name);
        const base: AesrBase = { name: p.name, line: p.line, targets: n };
        if (where !== undefined) base.account = where;
        if (source !== undefined) base.source = source;
        aesrBases.push(base);
        baseSkips.push({
          label: p.name,
          code: 'base_profile',
          reason: source !== undefined
            ? `base profile: its ${n} target role(s) use the vault identity '${showName(source)}'`
            : `base profile: where you sign in${where ? ` (account ${showName(where)})` : ''}; ${options.baseSources && Object.hasOwn(options.baseSources, p.name) ? 'no vault identity is chosen for it' : `no identity labelled '${showName(p.name)}' is in the vault`}, so its ${n} target role(s) import as console roles, switched to inside a console signed in to it`,
          line: p.line,
          file: 'aesr',
        });
        continue;
      }
      candidates.push(aesrCandidate(p, label, byName, labelOf, val, partition, options.defaultSourceLabel, vaultLabels, sourceOfBase, warnings));
    } catch {
      candidates.push({ ok: false, skip: { label, code: 'invalid', reason: 'could not be read', line: p.line, file: 'aesr' } });
    }
  }
  const plan = resolvePlan(candidates, existing, warnings);
  plan.skip.push(...baseSkips);
  plan.skip.sort(byPosition);
  if (aesrBases.length > 0) plan.aesrBases = aesrBases;
  return plan;
}

/** A base profile's account, as a console role's `sourceAccount`: its `aws_account_id`, else its `aws_account_alias`. */
function baseAccountOf(base: ParsedProfile, val: (p: ParsedProfile, k: string) => ParsedSetting | undefined): string | undefined {
  const id = val(base, 'aws_account_id')?.value.trim();
  if (id !== undefined && /^\d{12}$/.test(id)) return id;
  const alias = val(base, 'aws_account_alias')?.value.trim();
  return alias !== undefined && /^[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]$/.test(alias) ? alias : undefined;
}

function aesrCandidate(
  p: ParsedProfile,
  label: string,
  byName: Map<string, ParsedProfile>,
  labelOf: Map<ParsedProfile, string>,
  val: (p: ParsedProfile, k: string) => ParsedSetting | undefined,
  partition: Partition,
  defaultSource: string | undefined,
  vaultLabels: Set<string>,
  sourceOfBase: (base: string) => string | undefined,
  warnings: ImportWarning[],
): Candidate {
  const fail = (reason: string, line = p.line, code: SkippedProfile['code'] = 'invalid'): Candidate => ({
    ok: false,
    skip: { label, code, reason, line, file: 'aesr' },
  });
  try {
    validateLabel(label);
  } catch (e) {
    return { ok: false, skip: invalidSkip(e, label, p.line, 'aesr', () => p.line, AESR_FIELD_TO_KEY) };
  }
  const srcSetting = val(p, 'source_profile');
  const src = srcSetting?.value.trim();
  const base = src !== undefined ? byName.get(src) : undefined;

  // The role: role_arn, or aws_account_id (an id, or an alias) + role_name (default: the base's target_role_name).
  const arnSetting = val(p, 'role_arn');
  const account = val(p, 'aws_account_id');
  const roleName = val(p, 'role_name') ?? (base ? val(base, 'target_role_name') : undefined);
  let roleArn: string | undefined;
  let arnLine: number;
  /** The console's view of the role: account (id or alias) and path/name. */
  let consoleAccount: string;
  let consoleRoleName: string;
  if (arnSetting) {
    if (account || val(p, 'role_name')) {
      return fail('role_arn and aws_account_id / role_name are both set (AESR refuses this); keep one', arnSetting.line);
    }
    roleArn = arnSetting.value.trim();
    arnLine = arnSetting.line;
    if (!ROLE_ARN_PATTERN.test(roleArn)) return fail('role_arn must look like arn:aws:iam::123456789012:role/name', arnLine);
    const m = /^arn:[\w-]+:iam::(\d{12}):role\/(.+)$/.exec(roleArn)!;
    consoleAccount = m[1]!;
    consoleRoleName = m[2]!;
  } else {
    if (!account) return fail("no role: set role_arn, or aws_account_id and role_name");
    if (!roleName) {
      return fail('role_name is missing (and the base profile has no target_role_name)', account.line);
    }
    consoleAccount = account.value.trim();
    consoleRoleName = roleName.value.trim();
    arnLine = roleName.line;
    if (/^\d{12}$/.test(consoleAccount)) {
      roleArn = `arn:${partition}:iam::${consoleAccount}:role/${consoleRoleName}`;
      if (!ROLE_ARN_PATTERN.test(roleArn)) return fail('role_name is not a valid IAM role name', arnLine);
    }
    // an alias: no role ARN (a console role, below)
  }

  const region = val(p, 'region') ?? (base ? val(base, 'target_region') : undefined);
  const colorSetting = val(p, 'color');
  let color: string | undefined;
  if (colorSetting) {
    color = normalizeColor(colorSetting.value);
    if (color === undefined) warnings.push({ line: colorSetting.line, file: 'aesr', message: `color of '${showName(label)}' is not a hex RGB color like ffaaee; ignored` });
  }

  /** A console role: switched to inside a console signed in to the base account (or any, without one). */
  const consoleRole = (why?: string): Candidate => {
    let v;
    try {
      v = validateNewConsoleRole({ label, account: consoleAccount, roleName: consoleRoleName, region: region?.value, color, sourceAccount: base ? baseAccountOf(base, val) : undefined });
    } catch (e) {
      const lines: Record<string, number | undefined> = { account: account?.line ?? arnLine, roleName: arnLine, region: region?.line, color: colorSetting?.line, label: p.line, sourceAccount: base?.line };
      return { ok: false, skip: invalidSkip(e, label, p.line, 'aesr', (f) => lines[f], AESR_FIELD_TO_KEY) };
    }
    if (why) warnings.push({ line: p.line, file: 'aesr', message: `'${showName(label)}' ${why}: it imports as a console role` });
    const identity: PlannedConsoleRole = { kind: 'console-role', label: v.label, account: v.account, roleName: v.roleName, line: p.line, file: 'aesr' };
    if (v.region !== undefined) identity.region = v.region;
    if (v.color !== undefined) identity.color = v.color;
    if (v.sourceAccount !== undefined) identity.sourceAccount = v.sourceAccount;
    return { ok: true, identity };
  };

  // Source: the base profile's vault identity, or the default; none: a console role.
  let sourceLabel: string;
  let sourceLine: number;
  if (src !== undefined && srcSetting) {
    const chained = base !== undefined && val(base, 'source_profile') !== undefined;
    // A source that is itself a target (a chain) is resolved by the planner, like the AWS CLI's chains.
    const baseSource = chained ? undefined : base !== undefined ? sourceOfBase(src) : vaultLabels.has(src) ? src : undefined;
    if (!chained && baseSource === undefined) {
      if (!byName.has(src)) {
        return fail(`source_profile '${showName(src)}' is not defined here and no identity with that label is in the vault`, srcSetting.line, 'source_missing');
      }
      // the base account is where the user signs in (AESR): switch inside that console
      return consoleRole();
    }
    // A chain's source is the first profile of that name (its label); a base's is the vault identity mapped to it.
    sourceLabel = chained && base ? (labelOf.get(base) ?? src) : (baseSource as string);
    sourceLine = srcSetting.line;
  } else if (defaultSource !== undefined && defaultSource !== '') {
    if (!vaultLabels.has(defaultSource)) return fail(`no identity labelled '${showName(defaultSource)}' (the chosen source) is in the vault`, p.line, 'source_missing');
    sourceLabel = defaultSource;
    sourceLine = p.line;
  } else {
    return consoleRole();
  }
  if (roleArn === undefined) return consoleRole('names its account by alias (a role ARN needs the 12-digit id)');
  let v;
  try {
    v = validateNewRole({ label, roleArn, sourceId: 'source', region: region?.value, color });
  } catch (e) {
    const lines: Record<string, number | undefined> = { roleArn: arnLine, region: region?.line, color: colorSetting?.line, label: p.line };
    return { ok: false, skip: invalidSkip(e, label, p.line, 'aesr', (f) => lines[f], AESR_FIELD_TO_KEY) };
  }
  const identity: PlannedRole = { kind: 'role', label: v.label, roleArn: v.roleArn, sourceLabel, line: p.line, file: 'aesr' };
  if (v.region !== undefined) identity.region = v.region;
  if (v.color !== undefined) identity.color = v.color;
  return { ok: true, identity, sourceProfile: sourceLabel, sourceLine };
}
