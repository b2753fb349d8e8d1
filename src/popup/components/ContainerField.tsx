import type { IdentityEditModel } from '../../shared/protocol.ts';
import { t } from '../../ui/i18n.ts';

export type ContainerChoice = NonNullable<IdentityEditModel['container']>;
const CHOICES: readonly ContainerChoice[] = ['default', 'own', 'none'];

interface Props {
  value: ContainerChoice;
  onChange(value: ContainerChoice): void;
  error?: string | undefined;
}

/**
 * Firefox containers: where this identity's console opens — as the global setting says, always in its
 * own container, or never in one. Shown only where containers exist (`console.containers` says
 * supported).
 */
export function ContainerField({ value, onChange, error }: Props) {
  const describedBy = ['container-hint', error ? 'container-error' : ''].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for="container">{t('field_container')}</label>
      <select id="container" value={value} aria-describedby={describedBy} aria-invalid={error ? 'true' : undefined}
        onChange={(e) => onChange(e.currentTarget.value as ContainerChoice)}>
        {CHOICES.map((c) => <option key={c} value={c}>{t(`container_${c}`)}</option>)}
      </select>
      <small id="container-hint" class="hint">{t('hintContainer')}</small>
      {error && <small id="container-error" class="field-error" role="alert">{error}</small>}
    </div>
  );
}
