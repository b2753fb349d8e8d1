/**
 * The popup forms' side of the checks they share with the background (`checkNewUser`, `checkNewRole`, …
 * in src/core/vault/identity.ts): every problem at once, in the user's words, and the first bad field
 * focused. Imported by the (lazy) form screens only, so the checks stay out of the popup's first paint.
 * @module
 */
import type { FieldProblem } from '../core/vault/identity.ts';
import { t } from '../ui/i18n.ts';

/** Fields and reasons with their own explanation in the locale file (`fieldErr_<key>`). */
const EXPLAINED = new Set([
  'label', 'accessKeyId', 'secretAccessKey', 'mfaSerial', 'region', 'roleArn', 'sourceId', 'externalId', 'sessionName',
  'durationSeconds', 'color', 'sourceIdentity', 'account', 'roleName', 'displayName', 'sourceAccount',
  'keysTogether', 'regionUnknown', 'regionPartition', 'durationFormat', 'durationRange',
]);

/** A problem in the user's words: its reason's or its field's explanation, else the background's message. */
export function problemText(p: FieldProblem): string {
  const key = p.reason ?? p.field;
  return EXPLAINED.has(key) ? t(`fieldErr_${key}`, ...(p.params ?? [])) : p.message;
}

/** Each field's first problem, as text. */
export function errorsOf(problems: readonly FieldProblem[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of problems) out[p.field] ??= problemText(p);
  return out;
}

/** The field problem of a background INVALID_INPUT (a check only the background can make: a loop of sources, a token). */
export function problemOfError(e: unknown): FieldProblem | undefined {
  const err = e as { code?: string; message?: string; details?: { field?: string; reason?: string; params?: string[] } } | undefined;
  const field = err?.code === 'INVALID_INPUT' ? err.details?.field : undefined;
  if (field === undefined) return undefined;
  const p: FieldProblem = { field, message: err!.message ?? '' };
  if (err!.details?.reason !== undefined) p.reason = err!.details.reason;
  if (Array.isArray(err!.details?.params)) p.params = err!.details.params;
  return p;
}

/** Focuses the form's first input marked invalid (document order: the order the user reads). */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Identity pickers: by label, naturally (`role 2` before `role 10`, case aside), then by id for equal labels. */
export function byLabel<T extends { label: string; id: string }>(a: T, b: T): number {
  return collator.compare(a.label, b.label) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
