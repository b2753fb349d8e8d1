import { useState } from 'preact/hooks';
import type { IdentityEditModel, IdentityView, RequestPayload, ResponseOf } from '../../shared/protocol.ts';
import { t } from '../../ui/i18n.ts';
import { errorText, invalidField } from '../errors.ts';
import { Field } from '../../ui/Field.tsx';
import { ContainerField, type ContainerChoice } from './ContainerField.tsx';

type RoleEditModel = Extract<IdentityEditModel, { kind: 'role' }>;

interface Props {
  identities: IdentityView[];
  /** Edit mode: the role's current settings (`identity.get`); the form then sends `onUpdate`. */
  initial?: RoleEditModel;
  onAdd?(input: RequestPayload<'identity.addRole'>): Promise<ResponseOf<'identity.addRole'>>;
  /** Edit mode: an `identity.update` patch (`null` clears a field). */
  onUpdate?(patch: Record<string, unknown>): Promise<unknown>;
  onDone(): void;
  /** Edit mode, where the browser has containers (Firefox): offer the identity's container choice. */
  containers?: boolean;
}

const FIELDS = ['label', 'roleArn', 'sourceId', 'externalId', 'mfaSerial', 'sessionName', 'durationSeconds', 'region', 'color', 'sourceIdentity'] as const;
type FieldName = (typeof FIELDS)[number];

/**
 * Add a role assumed from another identity (the source), with the optional AssumeRole parameters; or,
 * with `initial`, edit one. The external id is never sent to the popup: when one is set, a blank field
 * keeps it, a typed one replaces it, and "Clear" removes it.
 */
export function AddRoleForm({ containers = false, identities, initial, onAdd, onUpdate, onDone }: Props) {
  const editing = initial !== undefined;
  // a role cannot be its own source (deeper loops are the background's INVALID_INPUT on sourceId)
  // a console role has no credentials: it is no source (the background refuses it too)
  const sources = identities.filter((v) => v.kind !== 'unknown' && v.kind !== 'console-role' && v.id !== initial?.id);
  const [values, setValues] = useState<Record<FieldName, string>>({
    label: initial?.label ?? '', roleArn: initial?.roleArn ?? '', sourceId: initial?.sourceId ?? sources[0]?.id ?? '',
    externalId: '', mfaSerial: initial?.mfaSerial ?? '', sessionName: initial?.sessionName ?? '',
    durationSeconds: initial?.durationSeconds !== undefined ? String(initial.durationSeconds) : '', region: initial?.region ?? '',
    color: initial?.color ?? '', sourceIdentity: initial?.sourceIdentity ?? '',
  });
  const [clearExternalId, setClearExternalId] = useState(false);
  const [container, setContainer] = useState<ContainerChoice>(initial?.container ?? 'default');
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
    setBusy(true);
    try {
      if (!editing) {
        const optional = (k: FieldName) => (values[k].trim() ? { [k]: values[k].trim() } : {});
        await onAdd!({
          label: values.label, roleArn: values.roleArn.trim(), sourceId: values.sourceId,
          ...optional('externalId'), ...optional('mfaSerial'), ...optional('sessionName'), ...optional('region'),
          ...optional('color'), ...optional('sourceIdentity'),
          ...(duration ? { durationSeconds: Number(duration) } : {}),
        });
      } else {
        const orNull = (k: FieldName) => values[k].trim() || null;
        const externalId = values.externalId.trim();
        await onUpdate!({
          label: values.label, roleArn: values.roleArn.trim(), sourceId: values.sourceId,
          mfaSerial: orNull('mfaSerial'), sessionName: orNull('sessionName'), region: orNull('region'),
          color: orNull('color'), sourceIdentity: orNull('sourceIdentity'),
          durationSeconds: duration ? Number(duration) : null,
          ...(containers ? { container } : {}),
          // blank keeps the stored one (the popup never had it); typed replaces; Clear removes
          ...(externalId !== '' ? { externalId } : clearExternalId ? { externalId: null } : {}),
        });
      }
      onDone();
    } catch (e) {
      setBusy(false);
      const field = invalidField(e);
      if (field && (FIELDS as readonly string[]).includes(field)) setFieldError({ field, text: t(`fieldErr_${field}`) });
      else setError(errorText(e));
    }
  };

  const externalHint = editing && initial.hasExternalId ? t('hintExternalIdSet') : t('hintOptional');
  return (
    <form class="screen" id={editing ? 'edit-role' : 'add-role'} aria-busy={busy} onSubmit={submit}>
      <h2>{editing ? t('editRoleTitle', initial.label) : t('addRoleTitle')}</h2>
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
      {clearExternalId ? (
        <p class="hint" id="externalId-cleared">{t('externalIdCleared')}</p>
      ) : (
        <Field id="externalId" label={t('field_externalId')} value={values.externalId} onInput={set('externalId')} error={err('externalId')} hint={externalHint} />
      )}
      {editing && initial.hasExternalId && (
        <div class="field check">
          <label><input type="checkbox" id="clear-external-id" checked={clearExternalId}
            onChange={(e) => { setClearExternalId(e.currentTarget.checked); set('externalId')(''); }} /> {t('clearExternalId')}</label>
        </div>
      )}
      <Field id="mfaSerial" label={t('field_mfaSerial')} value={values.mfaSerial} onInput={set('mfaSerial')} error={err('mfaSerial')} hint={t('hintOptional')} />
      <Field id="sessionName" label={t('field_sessionName')} value={values.sessionName} onInput={set('sessionName')} error={err('sessionName')} hint={t('hintOptional')} />
      <Field id="durationSeconds" label={t('field_durationSeconds')} value={values.durationSeconds} onInput={set('durationSeconds')} error={err('durationSeconds')} hint={t('hintDuration')} />
      <Field id="region" label={t('field_region')} value={values.region} onInput={set('region')} error={err('region')} hint={t('hintOptional')} placeholder="us-east-1" />
      <Field id="color" label={t('field_color')} value={values.color} onInput={set('color')} error={err('color')} hint={t('hintColor')} placeholder="#1e88e5" />
      {editing && containers && <ContainerField value={container} onChange={setContainer} />}
      <Field id="sourceIdentity" label={t('field_sourceIdentity')} value={values.sourceIdentity} onInput={set('sourceIdentity')} error={err('sourceIdentity')} hint={t('hintOptional')} />
      <p class="error" aria-live="polite" id="form-error">{error ?? ''}</p>
      <div class="actions">
        <button type="submit" class="primary" disabled={busy || sources.length === 0}>
          {busy ? (editing ? t('saveBusy') : t('addBusy')) : editing ? t('saveButton') : t('addRoleButton')}
        </button>
        <button type="button" onClick={onDone}>{t('cancel')}</button>
      </div>
    </form>
  );
}
