import { useEffect, useRef, useState } from 'preact/hooks';
import type { IdentityEditModel } from '../../shared/protocol.ts';
import { checkCommon, type FieldProblem } from '../../core/vault/identity.ts';
import { t } from '../../ui/i18n.ts';
import { errorText } from '../errors.ts';
import { errorsOf, focusFirstInvalid, problemOfError } from '../form-check.ts';
import { Field } from '../../ui/Field.tsx';

type FederatedEditModel = Extract<IdentityEditModel, { kind: 'sso' | 'saml' | 'web-identity' }>;

const FIELDS = ['label', 'region', 'color', 'webIdentityToken'] as const;
type FieldName = (typeof FIELDS)[number];

/**
 * Edit a federated identity (Identity Center, SAML, web identity): only what the user sets on any
 * identity. Its role comes from the federation (a sync, a SAML sign-in) and is not edited here.
 */
export function EditFederated({ model, onUpdate, onDone }: { model: FederatedEditModel; onUpdate(patch: Record<string, unknown>): Promise<unknown>; onDone(): void }) {
  const [values, setValues] = useState<Record<FieldName, string>>({ label: model.label, region: model.region ?? '', color: model.color ?? '', webIdentityToken: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failures, setFailures] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => { if (failures) focusFirstInvalid(form.current); }, [failures]);
  const set = (k: FieldName) => (v: string) => {
    setValues({ ...values, [k]: v });
    if (errors[k]) { const { [k]: _, ...rest } = errors; setErrors(rest); }
  };
  const err = (k: FieldName) => errors[k];
  const fail = (problems: FieldProblem[]) => {
    setErrors(errorsOf(problems));
    setFailures((n) => n + 1);
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setErrors({});
    // label, region (in the role's partition) and colour at once, by the background's own rules; the token is the background's to read
    const check = checkCommon({ label: values.label, region: values.region, color: values.color }, model.partition);
    if (!check.ok) return fail(check.problems);
    const v = check.value;
    setBusy(true);
    try {
      const token = values.webIdentityToken.trim();
      await onUpdate({ label: v.label, region: v.region ?? null, color: v.color ?? null, ...(token ? { webIdentityToken: token } : {}) });
      onDone();
    } catch (e) {
      setBusy(false);
      const problem = problemOfError(e);
      if (problem && (FIELDS as readonly string[]).includes(problem.field)) fail([problem]);
      else setError(errorText(e));
    }
  };
  return (
    <form class="screen" id="edit-federated" ref={form} noValidate aria-busy={busy} onSubmit={submit}>
      <h2>{t('editRoleTitle', model.label)}</h2>
      <p class="hint">{t('editFederatedHint')}</p>
      <Field id="label" label={t('field_label')} value={values.label} onInput={set('label')} error={err('label')} required autoFocus />
      <Field id="region" label={t('field_region')} value={values.region} onInput={set('region')} error={err('region')} hint={t('hintOptional')} placeholder="us-east-1" />
      <Field id="color" label={t('field_color')} value={values.color} onInput={set('color')} error={err('color')} hint={t('hintColor')} placeholder="#1e88e5" />
      {model.kind === 'web-identity' && (
        <Field id="webIdentityToken" type="password" autoComplete="off" label={t('field_newWebIdentityToken')} value={values.webIdentityToken} onInput={set('webIdentityToken')} error={err('webIdentityToken')} hint={t('hintKeepToken')} />
      )}
      <p class="error" aria-live="polite" id="form-error">{error ?? ''}</p>
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>{busy ? t('saveBusy') : t('saveButton')}</button>
        <button type="button" onClick={onDone}>{t('cancel')}</button>
      </div>
    </form>
  );
}
