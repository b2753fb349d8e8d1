/**
 * The request console's answer body, pretty-printed for reading: JSON indented by two spaces, XML one
 * element per line (text-only elements kept on theirs), anything else unchanged. Chosen by the
 * `Content-Type` first, then by the body's first character; a body that does not parse as the type it
 * claims is shown as it came. Pure; nothing here executes or resolves the body (no entities expanded, no
 * DOM).
 * @module
 */

export type BodyKind = 'json' | 'xml' | 'text';

/** Which pretty-printer fits: the content type's, else a guess from the first character. */
export function bodyKind(contentType: string | undefined, body: string): BodyKind {
  const ct = (contentType ?? '').toLowerCase();
  if (/\bjson\b|\+json|x-amz-json/.test(ct)) return 'json';
  if (/\bxml\b|\+xml/.test(ct)) return 'xml';
  const first = body.trimStart()[0];
  if (first === '{' || first === '[') return 'json';
  if (first === '<') return 'xml';
  return 'text';
}

/** JSON indented by two spaces, or undefined when `text` is not JSON. */
export function prettyJson(text: string): string | undefined {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return undefined;
  }
}

/**
 * XML with one element per line, indented by two spaces per level; an element holding only text stays
 * on one line (`<Key>a.txt</Key>`). Comments, CDATA, processing instructions and the declaration are
 * kept as they are. Undefined when the tags do not nest (not XML, or cut short).
 */
export function prettyXml(text: string): string | undefined {
  const tokens = text.trim().match(/<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<![^>]*>|<[^>]+>|[^<]+/g);
  if (!tokens) return undefined;
  const out: string[] = [];
  const stack: string[] = [];
  const pad = () => '  '.repeat(stack.length);
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    if (!tok.startsWith('<')) {
      const t = tok.trim();
      if (t) out.push(pad() + t);
      continue;
    }
    if (tok.startsWith('<?') || tok.startsWith('<!')) {
      out.push(pad() + tok);
      continue;
    }
    if (tok.startsWith('</')) {
      const name = /^<\/\s*([^\s>]+)/.exec(tok)?.[1];
      if (name === undefined || stack.pop() !== name) return undefined;
      out.push(pad() + tok);
      continue;
    }
    const name = /^<\s*([^\s/>]+)/.exec(tok)?.[1];
    if (name === undefined) return undefined;
    if (tok.endsWith('/>')) {
      out.push(pad() + tok);
      continue;
    }
    // <a>text</a> on one line
    const next = tokens[i + 1];
    const close = tokens[i + 2];
    if (next !== undefined && !next.startsWith('<') && close !== undefined && new RegExp(`^</\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*>$`).test(close)) {
      out.push(pad() + tok + next.trim() + close);
      i += 2;
      continue;
    }
    if (close === undefined && next === undefined) return undefined; // an open tag at the very end: cut short
    out.push(pad() + tok);
    stack.push(name);
  }
  return stack.length === 0 ? out.join('\n') : undefined;
}

/** The body as the console shows it: pretty when it parses as its kind, else unchanged. */
export function prettyBody(contentType: string | undefined, body: string): { kind: BodyKind; text: string; pretty: boolean } {
  const kind = bodyKind(contentType, body);
  const p = kind === 'json' ? prettyJson(body) : kind === 'xml' ? prettyXml(body) : undefined;
  return p === undefined ? { kind, text: body, pretty: false } : { kind, text: p, pretty: true };
}
