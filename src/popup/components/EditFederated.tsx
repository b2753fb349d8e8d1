import { useState } from 'preact/hooks';
import type { IdentityEditModel } from '../../shared/protocol.ts';
import { t } from '../../ui/i18n.ts';
import { errorText, invalidField } from '../errors.ts';
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
  const [fieldError, setFieldError] = useState<{ field: string; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: FieldName) => (v: string) => {
    setValues({ ...values, [k]: v });
    if (fieldError?.field === k) setFieldError(null);
  };
  const err = (k: FieldName) => (fieldError?.field === k ? fieldError.text : undefined);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setFieldError(null);
    setBusy(true);
    try {
      const token = values.webIdentityToken.trim();
      await onUpdate({ label: values.label, region: values.region.trim() || null, color: values.color.trim() || null, ...(token ? { webIdentityToken: token } : {}) });
      onDone();
    } catch (e) {
      setBusy(false);
      const field = invalidField(e);
      if (field && (FIELDS as readonly string[]).includes(field)) setFieldError({ field, text: errorText(e) });
      else setError(errorText(e));
    }
  };
  return (
    <form class="screen" id="edit-federated" aria-busy={busy} onSubmit={submit}>
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
