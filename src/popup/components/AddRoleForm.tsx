import { useState } from 'preact/hooks';
import type { IdentityView, RequestPayload, ResponseOf } from '../../shared/protocol.ts';
import { t } from '../i18n.ts';
import { errorText, invalidField } from '../errors.ts';
import { Field } from './Field.tsx';

interface Props {
  identities: IdentityView[];
  onAdd(input: RequestPayload<'identity.addRole'>): Promise<ResponseOf<'identity.addRole'>>;
  onDone(): void;
}

const FIELDS = ['label', 'roleArn', 'sourceId', 'externalId', 'mfaSerial', 'sessionName', 'durationSeconds', 'region'] as const;
type FieldName = (typeof FIELDS)[number];

/** Add a role assumed from another identity (the source), with the optional AssumeRole parameters. */
export function AddRoleForm({ identities, onAdd, onDone }: Props) {
  const sources = identities.filter((v) => v.kind !== 'unknown');
  const [values, setValues] = useState<Record<FieldName, string>>({
    label: '', roleArn: '', sourceId: sources[0]?.id ?? '', externalId: '', mfaSerial: '', sessionName: '', durationSeconds: '', region: '',
  });
  const [fieldError, setFieldError] = useState<{ field: string; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: FieldName) => (v: string) => {
    setValues({ ...values, [k]: v });
    if (fieldError?.field === k) setFieldError(null); // edited: the old message no longer applies
  };
  const err = (k: FieldName) => (fieldError?.field === k ? fieldError.text : undefined);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setFieldError(null);
    const duration = values.durationSeconds.trim();
    if (duration !== '' && !/^\d+$/.test(duration)) return setFieldError({ field: 'durationSeconds', text: t('fieldErr_durationSeconds') });
    const optional = (k: FieldName) => (values[k].trim() ? { [k]: values[k].trim() } : {});
    setBusy(true);
    try {
      await onAdd({
        label: values.label, roleArn: values.roleArn.trim(), sourceId: values.sourceId,
        ...optional('externalId'), ...optional('mfaSerial'), ...optional('sessionName'), ...optional('region'),
        ...(duration ? { durationSeconds: Number(duration) } : {}),
      });
      onDone();
    } catch (e) {
      setBusy(false);
      const field = invalidField(e);
      if (field && (FIELDS as readonly string[]).includes(field)) setFieldError({ field, text: t(`fieldErr_${field}`) });
      else setError(errorText(e));
    }
  };

  return (
    <form class="screen" id="add-role" aria-busy={busy} onSubmit={submit}>
      <h2>{t('addRoleTitle')}</h2>
      <Field id="label" label={t('field_label')} value={values.label} onInput={set('label')} error={err('label')} required autoFocus />
      <Field id="roleArn" label={t('field_roleArn')} value={values.roleArn} onInput={set('roleArn')} error={err('roleArn')} required placeholder="arn:aws:iam::123456789012:role/Name" />
      <div class="field">
        <label for="sourceId">{t('field_sourceId')}</label>
        <select id="sourceId" value={values.sourceId} aria-invalid={err('sourceId') ? 'true' : undefined}
          aria-describedby={err('sourceId') ? 'sourceId-error' : undefined}
          onChange={(e) => set('sourceId')(e.currentTarget.value)}>
          {sources.map((v) => <option key={v.id} value={v.id}>{v.label}</option>)}
        </select>
        {err('sourceId') && <small id="sourceId-error" class="field-error" role="alert">{err('sourceId')}</small>}
      </div>
      <Field id="externalId" label={t('field_externalId')} value={values.externalId} onInput={set('externalId')} error={err('externalId')} hint={t('hintOptional')} />
      <Field id="mfaSerial" label={t('field_mfaSerial')} value={values.mfaSerial} onInput={set('mfaSerial')} error={err('mfaSerial')} hint={t('hintOptional')} />
      <Field id="sessionName" label={t('field_sessionName')} value={values.sessionName} onInput={set('sessionName')} error={err('sessionName')} hint={t('hintOptional')} />
      <Field id="durationSeconds" label={t('field_durationSeconds')} value={values.durationSeconds} onInput={set('durationSeconds')} error={err('durationSeconds')} hint={t('hintDuration')} />
      <Field id="region" label={t('field_region')} value={values.region} onInput={set('region')} error={err('region')} hint={t('hintOptional')} placeholder="us-east-1" />
      <p class="error" aria-live="polite" id="form-error">{error ?? ''}</p>
      <div class="actions">
        <button type="submit" class="primary" disabled={busy || sources.length === 0}>{busy ? t('addBusy') : t('addRoleButton')}</button>
        <button type="button" onClick={onDone}>{t('cancel')}</button>
      </div>
    </form>
  );
}
