import type { ConfigImportPlanView } from '../../shared/protocol.ts';
import { t } from '../../ui/i18n.ts';

type IdentityPlanView = ConfigImportPlanView['create'][number];

interface Props {
  plan: ConfigImportPlanView;
}

const SKIP_CODES = new Set([
  'credential_process', 'login_session', 'sso', 'web_identity', 'credential_source', 'session_token', 'no_credentials', 'invalid',
  'source_missing', 'source_skipped', 'cycle', 'conflict', 'duplicate_key', 'duplicate_sso', 'unchanged', 'base_profile',
]);

/** `config:42` — where a profile, skip or warning comes from. */
const where = (v: { file: string; line: number }) => `${v.file}:${v.line}`;

/** One planned identity: kind, label, and its non-secret details (a masked key id, or role ARN and source). */
function Planned({ v, changes }: { v: IdentityPlanView; changes?: string[] }) {
  const details = v.kind === 'user'
    ? [t('kindUser'), v.accessKeyIdMasked, v.region ?? '']
    : v.kind === 'console-role'
      // no source identity: switched to inside a signed-in console (docs/config-import.md)
      ? [t('kindConsoleRole'), `${v.roleName}@${v.account}`, v.sourceAccount ? t('importConsoleFrom', v.sourceAccount) : '', v.region ?? '']
      : v.kind === 'sso'
        ? [t('kindSso'), `${v.roleName}@${v.accountId}`, t('importFrom', v.sourceLabel), v.region ?? '']
        : [t('kindRole'), v.roleArn, t('importFrom', v.sourceLabel), v.region ?? ''];
  return (
    <li data-label={v.label} data-kind={v.kind}>
      <span class="plan-head"><strong class="plan-label">{v.label}</strong> <span class="plan-where">{where(v)}</span></span>
      <span class="plan-sub">{details.filter(Boolean).join(' · ')}</span>
      {changes && <span class="plan-sub" data-changes>{t('importChanges', changes.join(', '))}</span>}
    </li>
  );
}

/** What an import would do: created, updated and skipped profiles (with reasons), and warnings by line. */
export function ImportPlan({ plan }: Props) {
  const nothing = plan.create.length + plan.update.length === 0;
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
      {plan.create.length > 0 && (
        <>
          <h4 id="plan-create-title">{t('importCreateHead', String(plan.create.length))}</h4>
          <ul id="plan-create" class="plan-list" aria-labelledby="plan-create-title">
            {plan.create.map((v) => <Planned key={`c-${v.label}`} v={v} />)}
          </ul>
        </>
      )}
      {plan.update.length > 0 && (
        <>
          <h4 id="plan-update-title">{t('importUpdateHead', String(plan.update.length))}</h4>
          <ul id="plan-update" class="plan-list" aria-labelledby="plan-update-title">
            {plan.update.map((u) => <Planned key={`u-${u.identity.label}`} v={u.identity} changes={u.changes} />)}
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
