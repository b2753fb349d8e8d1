import { useState } from 'preact/hooks';
import type { IdentityEditModel, RequestPayload, ResponseOf } from '../../shared/protocol.ts';
import { t } from '../../ui/i18n.ts';
import { errorText, invalidField } from '../errors.ts';
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
      if (!editing) {
        const optional = (k: FieldName) => (values[k].trim() ? { [k]: values[k].trim() } : {});
        await onAdd!({
          label: values.label, account: values.account.trim(), roleName: values.roleName.trim(),
          ...optional('displayName'), ...optional('color'), ...optional('region'), ...optional('sourceAccount'),
        });
      } else {
        const orNull = (k: FieldName) => values[k].trim() || null;
        await onUpdate!({
          label: values.label, account: values.account.trim(), roleName: values.roleName.trim(),
          displayName: orNull('displayName'), color: orNull('color'), region: orNull('region'), sourceAccount: orNull('sourceAccount'),
        });
      }
      onDone();
    } catch (e) {
      setBusy(false);
      const field = invalidField(e);
      if (field && (FIELDS as readonly string[]).includes(field)) setFieldError({ field, text: errorText(e) });
      else setError(errorText(e));
    }
  };

  return (
    <form class="screen" id={editing ? 'edit-console-role' : 'add-console-role'} aria-busy={busy} onSubmit={submit}>
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
