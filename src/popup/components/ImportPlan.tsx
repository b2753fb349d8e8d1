import type { ConfigImportPlanView, IdentityView } from '../../shared/protocol.ts';
import { t } from '../../ui/i18n.ts';

type IdentityPlanView = ConfigImportPlanView['create'][number];
type UpdateView = ConfigImportPlanView['update'][number];

interface Props {
  plan: ConfigImportPlanView;
  /** Labels of updates the user unticked: left out of the import. */
  skipped?: ReadonlySet<string>;
  onToggleUpdate?(label: string, apply: boolean): void;
  /** Identities an AESR base profile may be mapped to (sorted by label here). */
  sources?: readonly IdentityView[];
  onBaseSource?(base: string, label: string): void;
  disabled?: boolean;
}

const SKIP_CODES = new Set([
  'credential_process', 'login_session', 'sso', 'web_identity', 'credential_source', 'session_token', 'no_credentials', 'invalid',
  'source_missing', 'source_skipped', 'cycle', 'conflict', 'duplicate_key', 'duplicate_sso', 'unchanged', 'base_profile',
]);

/** `config:42` — where a profile, skip or warning comes from. */
const where = (v: { file: string; line: number }) => `${v.file}:${v.line}`;

/** One planned identity: kind, label, and its non-secret details (a masked key id, or role ARN and source). */
function Planned({ v, update, unchecked, toggle }: { v: IdentityPlanView; update?: UpdateView; unchecked?: boolean; toggle?: { apply: boolean; onChange(apply: boolean): void; disabled: boolean } }) {
  const changes = update?.changes;
  const details = v.kind === 'user'
    ? [t('kindUser'), v.accessKeyIdMasked, v.region ?? '']
    : v.kind === 'console-role'
      // no source identity: switched to inside a signed-in console (docs/config-import.md)
      ? [t('kindConsoleRole'), `${v.roleName}@${v.account}`, v.sourceAccount ? t('importConsoleFrom', v.sourceAccount) : '', v.region ?? '']
      : v.kind === 'sso'
        ? [t('kindSso'), `${v.roleName}@${v.accountId}`, t('importFrom', v.sourceLabel), v.region ?? '']
        : [t('kindRole'), v.roleArn, t('importFrom', v.sourceLabel), v.region ?? ''];
  return (
    <li data-label={v.label} data-kind={v.kind} data-target={update?.target} data-unchecked={unchecked ? 'true' : undefined}>
      <span class="plan-head"><strong class="plan-label">{v.label}</strong> <span class="plan-where">{where(v)}</span></span>
      <span class="plan-sub">{details.filter(Boolean).join(' · ')}</span>
      {update?.target !== undefined && (
        <span class="plan-sub" data-match>{t('importMatched', update.target, t(`importMatchedBy_${update.matchedBy ?? 'role'}`))}</span>
      )}
      {changes && <span class="plan-sub" data-changes>{t('importChanges', changes.join(', '))}</span>}
      {toggle && (
        <label class="plan-toggle">
          <input type="checkbox" data-update-toggle checked={toggle.apply} disabled={toggle.disabled} aria-label={t('importUpdateNamed', update?.target ?? v.label)}
            onChange={(e) => toggle.onChange(e.currentTarget.checked)} /> {t('importUpdateThis')}
        </label>
      )}
    </li>
  );
}

/** What an import would do: created, updated and skipped profiles (with reasons), and warnings by line. */
export function ImportPlan({ plan, skipped, onToggleUpdate, sources = [], onBaseSource, disabled = false }: Props) {
  const nothing = plan.create.length + plan.update.length === 0;
  const unchecked = new Set(plan.uncheckedKeys ?? []);
  const bases = plan.aesrBases ?? [];
  const sorted = bases.length > 0 ? [...sources].sort((a, b) => a.label.localeCompare(b.label)) : [];
  return (
    <section class="plan" id="import-plan" aria-labelledby="import-plan-title">
      <h3 id="import-plan-title">{t('importPlanTitle')}</h3>
      {nothing && <p id="import-nothing" class="plan-nothing">{t('importNothing')}</p>}
      {plan.ssoSources && plan.ssoSources.length > 0 && (
        <>
          <h4 id="plan-sso-title">{t('importSsoSourcesHead', String(plan.ssoSources.length))}</h4>
          <ul id="plan-sso" class="plan-list" aria-labelledby="plan-sso-title">
            {plan.ssoSources.map((s) => (
              <li key={`sso-${s.startUrl}-${s.region}`} data-start-url={s.startUrl} data-existing={s.existing ? 'true' : 'false'}>
                <span class="plan-head"><strong class="plan-label">{s.label}</strong></span>
                <span class="plan-sub">{[s.startUrl, s.region, t(s.existing ? 'importSsoSourceExisting' : 'importSsoSourceNew')].join(' · ')}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {bases.length > 0 && (
        <>
          <h4 id="plan-bases-title">{t('importBasesHead', String(bases.length))}</h4>
          <p class="hint" id="plan-bases-hint">{t('importBasesHint')}</p>
          <ul id="plan-bases" class="plan-list" aria-labelledby="plan-bases-title">
            {bases.map((b, i) => (
              <li key={`b-${b.name}`} data-base={b.name}>
                <label class="plan-head" for={`import-base-${i}`}><strong class="plan-label">{b.name}</strong> <span class="plan-where">{where({ file: 'aesr', line: b.line })}</span></label>
                <span class="plan-sub" id={`import-base-${i}-about`}>{[t('importBaseRoles', String(b.targets)), b.account ? t('importBaseAccount', b.account) : ''].filter(Boolean).join(' · ')}</span>
                <select id={`import-base-${i}`} data-base={b.name} value={b.source ?? ''} disabled={disabled}
                  aria-describedby={`import-base-${i}-about plan-bases-hint`}
                  onChange={(e) => onBaseSource?.(b.name, e.currentTarget.value)}>
                  <option value="">{t('importBaseNone')}</option>
                  {sorted.map((v) => <option key={v.id} value={v.label}>{v.label}</option>)}
                </select>
              </li>
            ))}
          </ul>
        </>
      )}
      {unchecked.size > 0 && (
        <p class="hint plan-unchecked" id="plan-unchecked">{t('importKeysUnchecked', [...unchecked].join(', '))}</p>
      )}
      {plan.create.length > 0 && (
        <>
          <h4 id="plan-create-title">{t('importCreateHead', String(plan.create.length))}</h4>
          <ul id="plan-create" class="plan-list" aria-labelledby="plan-create-title">
            {plan.create.map((v) => <Planned key={`c-${v.label}`} v={v} unchecked={v.kind === 'user' && unchecked.has(v.label)} />)}
          </ul>
        </>
      )}
      {plan.update.length > 0 && (
        <>
          <h4 id="plan-update-title">{t('importUpdateHead', String(plan.update.length))}</h4>
          <ul id="plan-update" class="plan-list" aria-labelledby="plan-update-title">
            {plan.update.map((u) => (
              <Planned key={`u-${u.identity.label}`} v={u.identity} update={u} unchecked={u.identity.kind === 'user' && unchecked.has(u.identity.label)}
                toggle={onToggleUpdate ? { apply: !skipped?.has(u.identity.label), disabled, onChange: (apply) => onToggleUpdate(u.identity.label, apply) } : undefined} />
            ))}
          </ul>
        </>
      )}
      {plan.skip.length > 0 && (
        <>
          <h4 id="plan-skip-title">{t('importSkipHead', String(plan.skip.length))}</h4>
          <ul id="plan-skip" class="plan-list" aria-labelledby="plan-skip-title">
            {plan.skip.map((s, i) => (
              <li key={`s-${i}`} data-label={s.label} data-code={s.code}>
                <span class="plan-head"><strong class="plan-label">{s.label}</strong> <span class="plan-where">{where(s)}</span></span>
                <span class="plan-code">{SKIP_CODES.has(s.code) ? t(`importSkip_${s.code}`) : s.code}</span>
                <span class="plan-sub plan-reason">{s.reason}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {plan.warnings.length > 0 && (
        <>
          <h4 id="plan-warnings-title">{t('importWarningsHead', String(plan.warnings.length))}</h4>
          <ul id="plan-warnings" class="plan-list warnings" aria-labelledby="plan-warnings-title">
            {plan.warnings.map((w, i) => (
              <li key={`w-${i}`} data-file={w.file} data-line={w.line}>
                <span class="plan-where">{where(w)}</span> {w.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
