import { Fragment } from 'preact';
import type { Row } from '../core/request/compose.ts';
import { t } from '../ui/i18n.ts';

interface Props {
  rows: Row[];
  onChange: (rows: Row[]) => void;
  /** The class of the name input and of the value input (the tests and CSS find them by it). */
  classes: readonly [string, string];
  /** i18n keys of the name, value and remove labels: each takes the row's number (remove: its name, or number). */
  labels: { readonly name: string; readonly value: string; readonly remove: string };
}

/** Name/value rows (the headers, the form helper's fields): edit a row in place, remove one. */
export function Rows({ rows, onChange, classes, labels }: Props) {
  const set = (i: number, patch: Partial<Row>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <>
      {rows.map((r, i) => (
        <Fragment key={i}>
          <input type="text" aria-label={t(labels.name, String(i + 1))} class={classes[0]} spellcheck={false} value={r.name} onInput={(e) => set(i, { name: e.currentTarget.value })} />
          <input type="text" aria-label={t(labels.value, String(i + 1))} class={classes[1]} spellcheck={false} value={r.value} onInput={(e) => set(i, { value: e.currentTarget.value })} />
          <button type="button" class="small" aria-label={t(labels.remove, r.name || String(i + 1))} onClick={() => onChange(rows.filter((_, j) => j !== i))}>✕</button>
        </Fragment>
      ))}
    </>
  );
}
