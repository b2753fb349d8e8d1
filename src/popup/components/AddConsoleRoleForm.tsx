import { useEffect, useRef, useState } from 'preact/hooks';
import type { IdentityEditModel, RequestPayload, ResponseOf } from '../../shared/protocol.ts';
import { checkNewConsoleRole, type FieldProblem } from '../../core/vault/identity.ts';
import { t } from '../../ui/i18n.ts';
import { errorText } from '../errors.ts';
import { errorsOf, focusFirstInvalid, problemOfError } from '../form-check.ts';
import { Field } from '../../ui/Field.tsx';

type ConsoleRoleEditModel = Extract<IdentityEditModel, { kind: 'console-role' }>;

interface Props {
  /** Edit mode: the console role's current settings (`identity.get`); the form then sends `onUpdate`. */
  initial?: ConsoleRoleEditModel;
  onAdd?(input: RequestPayload<'identity.addConsoleRole'>): Promise<ResponseOf<'identity.addConsoleRole'>>;
  onUpdate?(patch: Record<string, unknown>): Promise<unknown>;
  onDone(): void;
}

const FIELDS = ['label', 'account', 'roleName', 'displayName', 'color', 'region', 'sourceAccount'] as const;
type FieldName = (typeof FIELDS)[number];

/**
 * Add (or, with `initial`, edit) a console role: a role switched to inside a signed-in console, with no
 * keys and no source identity. Minimal on purpose: account, role name, and the optional display settings.
 */
export function AddConsoleRoleForm({ initial, onAdd, onUpdate, onDone }: Props) {
  const editing = initial !== undefined;
  const [values, setValues] = useState<Record<FieldName, string>>({
    label: initial?.label ?? '', account: initial?.account ?? '', roleName: initial?.roleName ?? '',
    displayName: initial?.displayName ?? '', color: initial?.color ?? '', region: initial?.region ?? '',
    sourceAccount: initial?.sourceAccount ?? '',
  });
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
    // every field at once, by the background's own rules
    const check = checkNewConsoleRole(values);
    if (!check.ok) return fail(check.problems);
    const v = check.value;
    setBusy(true);
    try {
      if (!editing) {
        await onAdd!(v);
      } else {
        await onUpdate!({
          label: v.label, account: v.account, roleName: v.roleName,
          displayName: v.displayName ?? null, color: v.color ?? null, region: v.region ?? null, sourceAccount: v.sourceAccount ?? null,
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

  return (
    <form class="screen" id={editing ? 'edit-console-role' : 'add-console-role'} ref={form} noValidate aria-busy={busy} onSubmit={submit}>
      <h2>{editing ? t('editRoleTitle', initial.label) : t('addConsoleRoleTitle')}</h2>
      <p class="hint">{t('addConsoleRoleHint')}</p>
      <Field id="label" label={t('field_label')} value={values.label} onInput={set('label')} error={err('label')} required autoFocus />
      <Field id="account" label={t('field_consoleAccount')} value={values.account} onInput={set('account')} error={err('account')} required placeholder="123456789012" />
      <Field id="roleName" label={t('field_consoleRoleName')} value={values.roleName} onInput={set('roleName')} error={err('roleName')} required placeholder="Admin" />
      <Field id="displayName" label={t('field_displayName')} value={values.displayName} onInput={set('displayName')} error={err('displayName')} hint={t('hintOptional')} />
      <Field id="region" label={t('field_region')} value={values.region} onInput={set('region')} error={err('region')} hint={t('hintOptional')} placeholder="us-east-1" />
      <Field id="color" label={t('field_color')} value={values.color} onInput={set('color')} error={err('color')} hint={t('hintColor')} placeholder="#1e88e5" />
      <Field id="sourceAccount" label={t('field_sourceAccount')} value={values.sourceAccount} onInput={set('sourceAccount')} error={err('sourceAccount')} hint={t('hintOptional')} />
      <p class="error" aria-live="polite" id="form-error">{error ?? ''}</p>
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? (editing ? t('saveBusy') : t('addBusy')) : editing ? t('saveButton') : t('addConsoleRoleButton')}
        </button>
        <button type="button" onClick={onDone}>{t('cancel')}</button>
      </div>
    </form>
  );
}
