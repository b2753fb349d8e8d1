import { useState } from 'preact/hooks';
import type { RequestPayload, ResponseOf } from '../../shared/protocol.ts';
import { t } from '../i18n.ts';
import { errorCode, errorText, invalidField } from '../errors.ts';
import { Field } from './Field.tsx';

interface Props {
  onAdd(input: RequestPayload<'identity.addUser'>): Promise<ResponseOf<'identity.addUser'>>;
  onDone(): void;
}

const FIELDS = ['label', 'accessKeyId', 'secretAccessKey', 'mfaSerial', 'region'] as const;
type FieldName = (typeof FIELDS)[number];

/** Add IAM user keys; the background checks them with GetCallerIdentity. Root keys need a confirmation. */
export function AddUserForm({ onAdd, onDone }: Props) {
  const [values, setValues] = useState<Record<FieldName, string>>({ label: '', accessKeyId: '', secretAccessKey: '', mfaSerial: '', region: '' });
  const [fieldError, setFieldError] = useState<{ field: string; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rootWarning, setRootWarning] = useState(false);
  const [busy, setBusy] = useState(false);
  const set = (k: FieldName) => (v: string) => {
    setValues({ ...values, [k]: v });
    if (fieldError?.field === k) setFieldError(null); // edited: the old message no longer applies
  };

  const submit = async (confirmRoot: boolean) => {
    setBusy(true);
    setError(null);
    setFieldError(null);
    try {
      await onAdd({
        label: values.label, accessKeyId: values.accessKeyId.trim(), secretAccessKey: values.secretAccessKey.trim(),
        ...(values.mfaSerial.trim() ? { mfaSerial: values.mfaSerial.trim() } : {}),
        ...(values.region.trim() ? { region: values.region.trim() } : {}),
        ...(confirmRoot ? { confirmRoot: true } : {}),
      });
      onDone();
    } catch (e) {
      setBusy(false);
      const field = invalidField(e);
      if (errorCode(e) === 'ROOT_KEYS') setRootWarning(true);
      else if (field && (FIELDS as readonly string[]).includes(field)) setFieldError({ field, text: t(`fieldErr_${field}`) });
      else setError(errorText(e));
    }
  };
  const err = (k: FieldName) => (fieldError?.field === k ? fieldError.text : undefined);

  return (
    <form class="screen" id="add-user" aria-busy={busy} onSubmit={(e) => { e.preventDefault(); void submit(false); }}>
      <h2>{t('addUserTitle')}</h2>
      <Field id="label" label={t('field_label')} value={values.label} onInput={set('label')} error={err('label')} required autoFocus />
      <Field id="accessKeyId" label={t('field_accessKeyId')} value={values.accessKeyId} onInput={set('accessKeyId')} error={err('accessKeyId')} required placeholder="AKIA…" />
      <Field id="secretAccessKey" label={t('field_secretAccessKey')} type="password" value={values.secretAccessKey} onInput={set('secretAccessKey')} error={err('secretAccessKey')} required />
      <Field id="mfaSerial" label={t('field_mfaSerial')} value={values.mfaSerial} onInput={set('mfaSerial')} error={err('mfaSerial')} hint={t('hintOptional')} placeholder="arn:aws:iam::123456789012:mfa/name" />
      <Field id="region" label={t('field_region')} value={values.region} onInput={set('region')} error={err('region')} hint={t('hintOptional')} placeholder="us-east-1" />
      {rootWarning && (
        <div class="warning" role="alert" id="root-warning">
          <p>{t('rootKeysWarning')}</p>
          <button type="button" class="danger" id="confirm-root" disabled={busy} onClick={() => void submit(true)}>{t('rootKeysConfirm')}</button>
        </div>
      )}
      <p class="error" aria-live="polite" id="form-error">{error ?? ''}</p>
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>{busy ? t('addBusy') : t('addUserButton')}</button>
        <button type="button" onClick={onDone}>{t('cancel')}</button>
      </div>
    </form>
  );
}
