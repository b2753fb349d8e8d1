import { useState } from 'preact/hooks';
import type { IdentityEditModel, RequestPayload, ResponseOf } from '../../shared/protocol.ts';
import { t } from '../../ui/i18n.ts';
import { errorCode, errorText, invalidField } from '../errors.ts';
import { Field } from '../../ui/Field.tsx';
import { ContainerField, type ContainerChoice } from './ContainerField.tsx';

type UserEditModel = Extract<IdentityEditModel, { kind: 'user' }>;

interface Props {
  /** Edit mode: the user's current settings (`identity.get`); the form then sends `onUpdate`. */
  initial?: UserEditModel;
  onAdd?(input: RequestPayload<'identity.addUser'>): Promise<ResponseOf<'identity.addUser'>>;
  /** Edit mode: an `identity.update` patch (`null` clears a field; keys only when both are given). */
  onUpdate?(patch: Record<string, unknown>): Promise<unknown>;
  onDone(): void;
  /** Edit mode, where the browser has containers (Firefox): offer the identity's container choice. */
  containers?: boolean;
}

const FIELDS = ['label', 'accessKeyId', 'secretAccessKey', 'mfaSerial', 'region', 'color'] as const;
type FieldName = (typeof FIELDS)[number];

/**
 * Add IAM user keys (the background checks them with GetCallerIdentity; root keys need a confirmation),
 * or, with `initial`, edit a user: its settings are prefilled, the keys never are — both key fields
 * together replace them (checked the same way), both blank keep them.
 */
export function AddUserForm({ containers = false, initial, onAdd, onUpdate, onDone }: Props) {
  const editing = initial !== undefined;
  const [values, setValues] = useState<Record<FieldName, string>>({
    label: initial?.label ?? '', accessKeyId: '', secretAccessKey: '', mfaSerial: initial?.mfaSerial ?? '',
    region: initial?.region ?? '', color: initial?.color ?? '',
  });
  const [container, setContainer] = useState<ContainerChoice>(initial?.container ?? 'default');
  const [fieldError, setFieldError] = useState<{ field: string; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rootWarning, setRootWarning] = useState(false);
  const [busy, setBusy] = useState(false);
  const set = (k: FieldName) => (v: string) => {
    setValues({ ...values, [k]: v });
    if (fieldError?.field === k) setFieldError(null); // edited: the old message no longer applies
  };

  const request = (confirmRoot: boolean): Promise<unknown> | null => {
    const accessKeyId = values.accessKeyId.trim();
    const secretAccessKey = values.secretAccessKey.trim();
    if (!editing) {
      return onAdd!({
        label: values.label, accessKeyId, secretAccessKey,
        ...(values.mfaSerial.trim() ? { mfaSerial: values.mfaSerial.trim() } : {}),
        ...(values.region.trim() ? { region: values.region.trim() } : {}),
        ...(values.color.trim() ? { color: values.color.trim() } : {}),
        ...(confirmRoot ? { confirmRoot: true } : {}),
      });
    }
    if ((accessKeyId === '') !== (secretAccessKey === '')) {
      setFieldError({ field: accessKeyId === '' ? 'accessKeyId' : 'secretAccessKey', text: t('fieldErr_keysTogether') });
      return null;
    }
    const orNull = (k: FieldName) => values[k].trim() || null;
    return onUpdate!({
      label: values.label, mfaSerial: orNull('mfaSerial'), region: orNull('region'), color: orNull('color'),
      ...(editing && containers ? { container } : {}),
      ...(accessKeyId !== '' ? { accessKeyId, secretAccessKey } : {}),
      ...(confirmRoot ? { confirmRoot: true } : {}),
    });
  };

  const submit = async (confirmRoot: boolean) => {
    setError(null);
    setFieldError(null);
    const pending = request(confirmRoot);
    if (!pending) return;
    setBusy(true);
    try {
      await pending;
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
  const idle = editing ? t('saveButton') : t('addUserButton');

  return (
    <form class="screen" id={editing ? 'edit-user' : 'add-user'} aria-busy={busy} onSubmit={(e) => { e.preventDefault(); void submit(false); }}>
      <h2>{editing ? t('editUserTitle', initial.label) : t('addUserTitle')}</h2>
      <Field id="label" label={t('field_label')} value={values.label} onInput={set('label')} error={err('label')} required autoFocus />
      {editing && <p class="hint" id="keys-hint">{t('editKeysHint', initial.accessKeyIdMasked)}</p>}
      <Field id="accessKeyId" label={editing ? t('field_newAccessKeyId') : t('field_accessKeyId')} value={values.accessKeyId} onInput={set('accessKeyId')} error={err('accessKeyId')} required={!editing} placeholder="AKIA…" />
      <Field id="secretAccessKey" label={editing ? t('field_newSecretAccessKey') : t('field_secretAccessKey')} type="password" value={values.secretAccessKey} onInput={set('secretAccessKey')} error={err('secretAccessKey')} required={!editing} />
      <Field id="mfaSerial" label={t('field_mfaSerial')} value={values.mfaSerial} onInput={set('mfaSerial')} error={err('mfaSerial')} hint={t('hintOptional')} placeholder="arn:aws:iam::123456789012:mfa/name" />
      <Field id="region" label={t('field_region')} value={values.region} onInput={set('region')} error={err('region')} hint={t('hintOptional')} placeholder="us-east-1" />
      <Field id="color" label={t('field_color')} value={values.color} onInput={set('color')} error={err('color')} hint={t('hintColor')} placeholder="#1e88e5" />
      {editing && containers && <ContainerField value={container} onChange={setContainer} />}
      {rootWarning && (
        <div class="warning" role="alert" id="root-warning">
          <p>{t('rootKeysWarning')}</p>
          <button type="button" class="danger" id="confirm-root" disabled={busy} onClick={() => void submit(true)}>{t('rootKeysConfirm')}</button>
        </div>
      )}
      <p class="error" aria-live="polite" id="form-error">{error ?? ''}</p>
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>{busy ? (editing ? t('saveBusy') : t('addBusy')) : idle}</button>
        <button type="button" onClick={onDone}>{t('cancel')}</button>
      </div>
    </form>
  );
}
