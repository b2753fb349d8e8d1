import { useEffect, useRef, useState } from 'preact/hooks';
import type { IdentityEditModel, IdentityView, RequestPayload, ResponseOf } from '../../shared/protocol.ts';
import { checkNewRole, type FieldProblem } from '../../core/vault/identity.ts';
import { chainedDurationTooLong } from '../../core/vault/chain.ts';
import { parseDuration } from '../../core/vault/duration.ts';
import { t } from '../../ui/i18n.ts';
import { errorText } from '../errors.ts';
import { byLabel, errorsOf, focusFirstInvalid, problemOfError } from '../form-check.ts';
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
  // by label, naturally ("role 2" before "role 10")
  const sources = identities.filter((v) => v.kind !== 'unknown' && v.kind !== 'console-role' && v.id !== initial?.id).sort(byLabel);
  const [values, setValues] = useState<Record<FieldName, string>>({
    label: initial?.label ?? '', roleArn: initial?.roleArn ?? '', sourceId: initial?.sourceId ?? sources[0]?.id ?? '',
    externalId: '', mfaSerial: initial?.mfaSerial ?? '', sessionName: initial?.sessionName ?? '',
    durationSeconds: initial?.durationSeconds !== undefined ? String(initial.durationSeconds) : '', region: initial?.region ?? '',
    color: initial?.color ?? '', sourceIdentity: initial?.sourceIdentity ?? '',
  });
  const [clearExternalId, setClearExternalId] = useState(false);
  const [container, setContainer] = useState<ContainerChoice>(initial?.container ?? 'default');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failures, setFailures] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => { if (failures) focusFirstInvalid(form.current); }, [failures]);
  const set = (k: FieldName) => (v: string) => {
    setValues({ ...values, [k]: v });
    if (errors[k]) { const { [k]: _, ...rest } = errors; setErrors(rest); } // edited: the old message no longer applies
  };
  const err = (k: FieldName) => errors[k];
  const fail = (problems: FieldProblem[]) => {
    setErrors(errorsOf(problems));
    setFailures((n) => n + 1);
  };
  // AWS gives a chained role (its source's credentials are a role's) at most 1 hour: said, not refused
  const sourceKind = identities.find((v) => v.id === values.sourceId)?.kind;
  const chainedWarning = chainedDurationTooLong(sourceKind, parseDuration(values.durationSeconds)) ? t('warnChainedDuration') : undefined;

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setErrors({});
    // every field at once, by the background's own rules (the duration as aws-vault takes it: 1h, 90m, 1h30m, seconds)
    const check = checkNewRole(clearExternalId ? { ...values, externalId: '' } : values);
    if (!check.ok) return fail(check.problems);
    const v = check.value;
    setBusy(true);
    try {
      if (!editing) {
        const { container: _c, ...input } = v;
        await onAdd!(input);
      } else {
        await onUpdate!({
          label: v.label, roleArn: v.roleArn, sourceId: v.sourceId,
          mfaSerial: v.mfaSerial ?? null, sessionName: v.sessionName ?? null, region: v.region ?? null,
          color: v.color ?? null, sourceIdentity: v.sourceIdentity ?? null, durationSeconds: v.durationSeconds ?? null,
          ...(containers ? { container } : {}),
          // blank keeps the stored one (the popup never had it); typed replaces; Clear removes
          ...(v.externalId !== undefined ? { externalId: v.externalId } : clearExternalId ? { externalId: null } : {}),
        });
      }
      onDone();
    } catch (e) {
      setBusy(false);
      const problem = problemOfError(e);
      if (problem && (FIELDS as readonly string[]).includes(problem.field)) fail([problem]);
      else setError(errorText(e));
    }
  };

  const externalHint = editing && initial.hasExternalId ? t('hintExternalIdSet') : t('hintOptional');
  return (
    <form class="screen" id={editing ? 'edit-role' : 'add-role'} ref={form} noValidate aria-busy={busy} onSubmit={submit}>
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
      <Field id="durationSeconds" label={t('field_sessionDuration')} value={values.durationSeconds} onInput={set('durationSeconds')} error={err('durationSeconds')} warning={chainedWarning} hint={t('hintDurationUnits')} placeholder="1h" />
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
