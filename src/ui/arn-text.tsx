import type { JSX } from 'preact';

/**
 * An ARN (or any identifier made of `:` and `/` separated parts) with a line break allowed after each
 * separator only, so a long one wraps at `:` and `/` instead of inside a word (CSS keeps a part whole
 * unless it alone is wider than the line).
 * @example <ArnText text="arn:aws:iam::123456789012:role/Admin" />
 */
export function ArnText({ text }: { text: string }): JSX.Element {
  const parts = text.split(/(?<=[:/])/);
  return <>{parts.map((p, i) => (i === 0 ? p : <><wbr />{p}</>))}</>;
}
