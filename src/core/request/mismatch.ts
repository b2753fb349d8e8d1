/**
 * `SignatureDoesNotMatch`, read: AWS quotes the canonical request (and string to sign) it computed —
 * S3 in `<CanonicalRequest>` / `<StringToSign>` of its XML error, the JSON and query services inside the
 * message ("The Canonical String for this request should have been\n'…'\n\nThe String-to-Sign should
 * have been\n'…'"). Set against the request console's own (the signing view), the first line and column
 * where they part says what went wrong: a header changed on the way, a path encoded differently, a
 * query parameter added. Pure.
 * @module
 */

/** Does this answer say the signature did not match (S3, JSON services, the query services)? */
export function isSignatureMismatch(status: number, body: string): boolean {
  if (status !== 403 && status !== 400) return false;
  return /SignatureDoesNotMatch|InvalidSignatureException|signature we calculated does not match/.test(body);
}

function xmlText(s: string): string {
  return s
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-f]+);/gi, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}

/** The message text of a JSON error (`message` / `Message`), or of an XML one (`<Message>`), else the body. */
function messageOf(body: string): string {
  const t = body.trim();
  if (t.startsWith('{')) {
    try {
      const j = JSON.parse(t) as Record<string, unknown>;
      const m = j['message'] ?? j['Message'];
      if (typeof m === 'string') return m;
    } catch { /* fall through: search the raw text */ }
  }
  const x = /<Message>([\s\S]*?)<\/Message>/.exec(body);
  return x ? xmlText(x[1]!) : body;
}

/** AWS's canonical request and string to sign from a `SignatureDoesNotMatch` body; absent parts were not quoted. */
export function awsSigningFromError(body: string): { canonicalRequest?: string; stringToSign?: string } {
  const out: { canonicalRequest?: string; stringToSign?: string } = {};
  const cr = /<CanonicalRequest>([\s\S]*?)<\/CanonicalRequest>/.exec(body);
  const sts = /<StringToSign>([\s\S]*?)<\/StringToSign>/.exec(body);
  if (cr) out.canonicalRequest = xmlText(cr[1]!);
  if (sts) out.stringToSign = xmlText(sts[1]!);
  if (cr) return out;
  const msg = messageOf(body);
  const q = /The Canonical String for this request should have been\n'([\s\S]*?)'\n\nThe String-to-Sign should have been\n'([\s\S]*?)'\n?/.exec(msg);
  if (q) {
    out.canonicalRequest = q[1]!;
    out.stringToSign = q[2]!;
  }
  return out;
}

/** Where two texts first differ: 0-based line and column (in the line), or undefined when they are equal. */
export interface FirstDifference {
  line: number;
  column: number;
}

/** The first place `ours` and `theirs` differ, by line then column; a missing line differs at column 0. */
export function firstDifference(ours: string, theirs: string): FirstDifference | undefined {
  if (ours === theirs) return undefined;
  const a = ours.split('\n');
  const b = theirs.split('\n');
  for (let line = 0; line < Math.max(a.length, b.length); line++) {
    const x = a[line];
    const y = b[line];
    if (x === y) continue;
    if (x === undefined || y === undefined) return { line, column: 0 };
    let column = 0;
    while (column < x.length && column < y.length && x[column] === y[column]) column++;
    return { line, column };
  }
  return undefined; // not reached: unequal texts differ on some line
}

/** One line of a side-by-side view: its text split at the first difference (`before` same on both sides). */
export interface DiffLine {
  text: string;
  /** On the first differing line: the text before the difference and from it on. */
  split?: { before: string; from: string };
}

/** Both texts as lines, the first differing line split where it parts. */
export function sideBySide(ours: string, theirs: string): { ours: DiffLine[]; theirs: DiffLine[]; at: FirstDifference | undefined } {
  const at = firstDifference(ours, theirs);
  const lines = (text: string): DiffLine[] => text.split('\n').map((l, i) => (
    at && i === at.line ? { text: l, split: { before: l.slice(0, at.column), from: l.slice(at.column) } } : { text: l }
  ));
  return { ours: lines(ours), theirs: lines(theirs), at };
}
