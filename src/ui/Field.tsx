import { useFocusOnMount } from './use-focus.ts';

interface Props {
  id: string;
  label: string;
  value: string;
  onInput(value: string): void;
  /** Shown under the input and announced; marks the input invalid. */
  error?: string | undefined;
  /** Shown under the input and announced, without marking it invalid: something to know, not to fix. */
  warning?: string | undefined;
  hint?: string;
  type?: 'text' | 'password';
  required?: boolean;
  autoFocus?: boolean;
  autoComplete?: string;
  placeholder?: string;
}

/** A labelled input with an optional hint and a field-level error message. */
export function Field({ id, label, value, onInput, error, warning, hint, type = 'text', required = false, autoFocus = false, autoComplete = 'off', placeholder }: Props) {
  const ref = useFocusOnMount<HTMLInputElement>(autoFocus);
  const describedBy = [hint ? `${id}-hint` : '', warning ? `${id}-warning` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        name={id}
        ref={ref}
        // one literal for Preact's per-type input props; both kinds take the same attributes here
        type={type as 'text'}
        list={undefined}
        value={value}
        required={required}
        autoComplete={autoComplete}
        spellcheck={false}
        placeholder={placeholder}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      {hint && <small id={`${id}-hint`} class="hint">{hint}</small>}
      {warning && <small id={`${id}-warning`} class="field-warning" role="status">{warning}</small>}
      {error && <small id={`${id}-error`} class="field-error" role="alert">{error}</small>}
    </div>
  );
}
