import { useEffect, useRef, useState } from 'preact/hooks';
import type { IdentityEditModel, RequestPayload, ResponseOf } from '../../shared/protocol.ts';
import { checkNewUser, type FieldProblem } from '../../core/vault/identity.ts';
import { t } from '../../ui/i18n.ts';
import { errorCode, errorText } from '../errors.ts';
import { errorsOf, focusFirstInvalid, problemOfError } from '../form-check.ts';
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
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failures, setFailures] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [rootWarning, setRootWarning] = useState(false);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => { if (failures) focusFirstInvalid(form.current); }, [failures]);
  const set = (k: FieldName) => (v: string) => {
    setValues({ ...values, [k]: v });
    if (errors[k]) { const { [k]: _, ...rest } = errors; setErrors(rest); } // edited: the old message no longer applies
  };
  const fail = (problems: FieldProblem[]) => {
    setErrors(errorsOf(problems));
    setFailures((n) => n + 1);
  };

  const request = (confirmRoot: boolean): Promise<unknown> | null => {
    // every field at once, by the background's own rules (a blank key pair keeps the stored keys on edit)
    // the partition STS reported holds only while the keys stay (as the background has it)
    const keepsKeys = values.accessKeyId.trim() === '' && values.secretAccessKey.trim() === '';
    const check = checkNewUser(values, editing ? { keysOptional: true, partition: keepsKeys ? initial.partition : undefined } : {});
    if (!check.ok) {
      fail(check.problems);
      return null;
    }
    const v = check.value;
    if (!editing) {
      return onAdd!({
        label: v.label, accessKeyId: v.accessKeyId, secretAccessKey: v.secretAccessKey,
        ...(v.mfaSerial !== undefined ? { mfaSerial: v.mfaSerial } : {}),
        ...(v.region !== undefined ? { region: v.region } : {}),
        ...(v.color !== undefined ? { color: v.color } : {}),
        ...(confirmRoot ? { confirmRoot: true } : {}),
      });
    }
    return onUpdate!({
      label: v.label, mfaSerial: v.mfaSerial ?? null, region: v.region ?? null, color: v.color ?? null,
      ...(editing && containers ? { container } : {}),
      ...(v.accessKeyId !== '' ? { accessKeyId: v.accessKeyId, secretAccessKey: v.secretAccessKey } : {}),
      ...(confirmRoot ? { confirmRoot: true } : {}),
    });
  };

  const submit = async (confirmRoot: boolean) => {
    setError(null);
    setErrors({});
    const pending = request(confirmRoot);
    if (!pending) return;
    setBusy(true);
    try {
      await pending;
      onDone();
    } catch (e) {
      setBusy(false);
      const problem = problemOfError(e);
      if (errorCode(e) === 'ROOT_KEYS') setRootWarning(true);
      else if (problem && (FIELDS as readonly string[]).includes(problem.field)) fail([problem]);
      else setError(errorText(e));
    }
  };
  const err = (k: FieldName) => errors[k];
  const idle = editing ? t('saveButton') : t('addUserButton');

  return (
    <form class="screen" id={editing ? 'edit-user' : 'add-user'} ref={form} noValidate aria-busy={busy} onSubmit={(e) => { e.preventDefault(); void submit(false); }}>
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
