/**
 * A small, strict XML reader: enough for AWS Query-protocol responses (STS), without DOMParser (a
 * service worker has none).
 *
 * Supported: an optional BOM and XML declaration, elements, attributes (single or double quotes),
 * character data, the five predefined entities, decimal and hexadecimal character references, CDATA
 * sections, comments, processing instructions (skipped), namespace declarations (resolved to
 * {@link XmlElement.namespace}). Line endings are normalised to `\n` as XML 1.0 §2.11 requires.
 *
 * Refused (an {@link XmlError}): anything not well-formed (mismatched or unclosed tags, a stray `<` or
 * `&`, unknown entities, duplicate attributes, unbound prefixes, text or a second element after the
 * root, characters XML forbids) and any `<!DOCTYPE` (no DTDs, so no entity expansion tricks).
 *
 * Error messages give a position, never the document's text: responses carry secrets.
 * @module
 */

/** An element. `children` keeps text and elements in document order (adjacent text is merged). */
export interface XmlElement {
  /** Qualified name as written, e.g. `Arn` or `soap:Body`. */
  name: string;
  /** The part after the prefix, e.g. `Body`. */
  localName: string;
  /** Namespace URI in scope for this element ('' when none). */
  namespace: string;
  /** Attributes by qualified name, values decoded (namespace declarations included). */
  attributes: Record<string, string>;
  children: XmlNode[];
}

export type XmlNode = XmlElement | string;

/** Malformed XML. `offset` is a 0-based index into the (line-ending-normalised) input. */
export class XmlError extends Error {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  constructor(message: string, offset: number, line: number, column: number) {
    super(`Malformed XML at line ${line}, column ${column}: ${message}`);
    this.name = 'XmlError';
    this.offset = offset;
    this.line = line;
    this.column = column;
  }
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

function isNameStart(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58 ||
    (c >= 0xc0 && c <= 0xd6) || (c >= 0xd8 && c <= 0xf6) || (c >= 0xf8 && c <= 0x2ff) ||
    (c >= 0x370 && c <= 0x37d) || (c >= 0x37f && c <= 0x1fff) || (c >= 0x200c && c <= 0x200d) ||
    (c >= 0x2070 && c <= 0x218f) || (c >= 0x2c00 && c <= 0x2fef) || (c >= 0x3001 && c <= 0xd7ff) ||
    (c >= 0xf900 && c <= 0xfdcf) || (c >= 0xfdf0 && c <= 0xfffd) || (c >= 0xd800 && c <= 0xdbff) // high surrogate: astral name char
  );
}

function isNameChar(c: number): boolean {
  return (
    isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46 || c === 0xb7 ||
    (c >= 0x300 && c <= 0x36f) || (c >= 0x203f && c <= 0x2040) || (c >= 0xdc00 && c <= 0xdfff)
  );
}

/** XML 1.0 `Char`. */
function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x9 || c === 0xa || c === 0xd;
}

const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

interface OpenElement {
  el: XmlElement;
  prefix: string;
  /** Namespace bindings declared on this element (prefix '' = default). */
  ns: Map<string, string> | undefined;
}

class Reader {
  private readonly s: string;
  private i = 0;
  private readonly stack: OpenElement[] = [];

  constructor(input: string) {
    // §2.11: CRLF and lone CR become LF.
    this.s = input.indexOf('\r') < 0 ? input : input.replace(/\r\n?/g, '\n');
  }

  fail(message: string, at = this.i): never {
    let line = 1;
    let col = 1;
    for (let k = 0; k < at && k < this.s.length; k++) {
      if (this.s.charCodeAt(k) === 10) {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    throw new XmlError(message, at, line, col);
  }

  private startsWith(token: string): boolean {
    return this.s.startsWith(token, this.i);
  }

  private skipSpace(): boolean {
    const start = this.i;
    while (this.i < this.s.length && isSpace(this.s.charCodeAt(this.i))) this.i++;
    return this.i > start;
  }

  private name(): string {
    const start = this.i;
    if (this.i >= this.s.length || !isNameStart(this.s.charCodeAt(this.i))) this.fail('expected a name');
    this.i++;
    while (this.i < this.s.length && isNameChar(this.s.charCodeAt(this.i))) this.i++;
    this.checkChars(start, this.i); // surrogates in names must pair up
    return this.s.slice(start, this.i);
  }

  /** Check every character of s[from, to) is an XML Char (surrogates must pair). */
  private checkChars(from: number, to: number): void {
    for (let k = from; k < to; k++) {
      const c = this.s.charCodeAt(k);
      if (c >= 0x20 && c < 0xd800) continue;
      if (c >= 0xd800 && c <= 0xdbff) {
        const d = this.s.charCodeAt(k + 1);
        if (k + 1 < to && d >= 0xdc00 && d <= 0xdfff) {
          k++;
          continue;
        }
        this.fail('unpaired surrogate', k);
      }
      if (!isXmlChar(c)) this.fail(`character U+${c.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`, k);
    }
  }

  /** `&...;` at this.i → the character(s) it stands for. */
  private reference(): string {
    const start = this.i;
    const semi = this.s.indexOf(';', this.i);
    if (semi < 0 || semi - this.i > 12) this.fail('"&" must start an entity or character reference ending in ";"', start);
    const body = this.s.slice(this.i + 1, semi);
    this.i = semi + 1;
    if (body.startsWith('#')) {
      const hex = body[1] === 'x';
      const digits = hex ? body.slice(2) : body.slice(1);
      if (!(hex ? /^[0-9A-Fa-f]+$/ : /^[0-9]+$/).test(digits)) this.fail('malformed character reference', start);
      const cp = parseInt(digits, hex ? 16 : 10);
      if (!isXmlChar(cp)) this.fail('character reference to a character XML forbids', start);
      return String.fromCodePoint(cp);
    }
    const v = PREDEFINED[body];
    if (v === undefined) this.fail(`unknown entity "&${body.slice(0, 20)};"`, start);
    return v;
  }

  /** Comment, PI or declaration-like construct at `<!`/`<?`. Returns false if none is here. */
  private misc(inProlog: boolean): boolean {
    if (this.startsWith('<!--')) {
      const end = this.s.indexOf('-->', this.i + 4);
      if (end < 0) this.fail('unclosed comment');
      const dd = this.s.indexOf('--', this.i + 4);
      if (dd < end) this.fail('"--" is not allowed inside a comment', dd);
      this.checkChars(this.i + 4, end);
      this.i = end + 3;
      return true;
    }
    if (this.startsWith('<?')) {
      const start = this.i;
      this.i += 2;
      const target = this.name();
      if (target.toLowerCase() === 'xml') this.fail('the XML declaration is only allowed at the very start', start);
      const end = this.s.indexOf('?>', this.i);
      if (end < 0) this.fail('unclosed processing instruction', start);
      if (end > this.i && !isSpace(this.s.charCodeAt(this.i))) this.fail('expected a space after the processing-instruction target');
      this.checkChars(this.i, end);
      this.i = end + 2;
      return true;
    }
    if (this.startsWith('<!DOCTYPE')) this.fail('DOCTYPE declarations are not accepted');
    if (inProlog && this.startsWith('<!')) this.fail('unexpected markup declaration');
    return false;
  }

  private declaration(): void {
    if (!this.startsWith('<?xml')) return;
    const c = this.s.charCodeAt(this.i + 5);
    if (!isSpace(c) && c !== 63) return; // `<?xml-stylesheet` is an ordinary PI
    const start = this.i;
    const end = this.s.indexOf('?>', this.i);
    if (end < 0) this.fail('unclosed XML declaration', start);
    const decl = this.s.slice(this.i + 5, end);
    const m = /^\s+version\s*=\s*(["'])1\.[0-9]+\1(\s+encoding\s*=\s*(["'])[A-Za-z][A-Za-z0-9._-]*\3)?(\s+standalone\s*=\s*(["'])(yes|no)\5)?\s*$/.exec(decl);
    if (!m) this.fail('malformed XML declaration', start);
    this.i = end + 2;
  }

  private resolve(prefix: string, at: number, isAttribute: boolean): string {
    if (prefix === 'xml') return XML_NS;
    if (prefix === 'xmlns') return XMLNS_NS;
    if (prefix === '' && isAttribute) return '';
    for (let k = this.stack.length - 1; k >= 0; k--) {
      const v = this.stack[k]!.ns?.get(prefix);
      if (v !== undefined) return v;
    }
    if (prefix === '') return '';
    return this.fail(`namespace prefix "${prefix}" is not declared`, at);
  }

  private startTag(): { el: XmlElement; selfClosing: boolean } {
    const tagStart = this.i;
    this.i++; // <
    const name = this.name();
    const attributes: Record<string, string> = Object.create(null) as Record<string, string>;
    const attrStarts: Array<[string, number]> = [];
    let ns: Map<string, string> | undefined;
    for (;;) {
      const hadSpace = this.skipSpace();
      if (this.startsWith('/>') || this.startsWith('>')) break;
      if (this.i >= this.s.length) this.fail('unclosed start tag', tagStart);
      if (!hadSpace) this.fail('expected a space before the attribute');
      const at = this.i;
      const attr = this.name();
      this.skipSpace();
      if (this.s[this.i] !== '=') this.fail(`expected "=" after attribute ${attr}`);
      this.i++;
      this.skipSpace();
      const q = this.s[this.i];
      if (q !== '"' && q !== "'") this.fail('attribute values must be quoted');
      this.i++;
      let value = '';
      let runStart = this.i;
      for (;;) {
        if (this.i >= this.s.length) this.fail('unclosed attribute value', at);
        const ch = this.s[this.i];
        if (ch === q) break;
        if (ch === '<') this.fail('"<" is not allowed in an attribute value');
        if (ch === '&') {
          this.checkChars(runStart, this.i);
          value += this.s.slice(runStart, this.i);
          value += this.reference();
          runStart = this.i;
          continue;
        }
        this.i++;
      }
      this.checkChars(runStart, this.i);
      value += this.s.slice(runStart, this.i);
      this.i++; // closing quote
      // §3.3.3 attribute-value normalisation (CDATA type): literal whitespace characters become spaces.
      value = value.replace(/[\t\n]/g, ' ');
      if (Object.prototype.hasOwnProperty.call(attributes, attr)) this.fail(`duplicate attribute ${attr}`, at);
      attributes[attr] = value;
      attrStarts.push([attr, at]);
      if (attr === 'xmlns' || attr.startsWith('xmlns:')) {
        const p = attr === 'xmlns' ? '' : attr.slice(6);
        if (p === 'xmlns' || (p === 'xml' && value !== XML_NS)) this.fail(`prefix ${p} cannot be redeclared`, at);
        if (p !== '' && value === '') this.fail(`prefix ${p} cannot be undeclared`, at);
        (ns ??= new Map()).set(p, value);
      }
    }
    const selfClosing = this.startsWith('/>');
    this.i += selfClosing ? 2 : 1;

    const colon = name.indexOf(':');
    const prefix = colon < 0 ? '' : name.slice(0, colon);
    const localName = colon < 0 ? name : name.slice(colon + 1);
    if (colon === 0 || localName === '' || localName.includes(':')) this.fail(`malformed qualified name ${name}`, tagStart);
    const el: XmlElement = { name, localName, namespace: '', attributes: { ...attributes }, children: [] };
    this.stack.push({ el, prefix, ns });
    el.namespace = this.resolve(prefix, tagStart, false);
    // Prefixed attributes must be bound too.
    for (const [attr, at] of attrStarts) {
      const c = attr.indexOf(':');
      if (c > 0 && attr !== 'xmlns' && !attr.startsWith('xmlns:')) this.resolve(attr.slice(0, c), at, true);
    }
    if (selfClosing) this.stack.pop();
    return { el, selfClosing };
  }

  private endTag(): void {
    const start = this.i;
    this.i += 2; // </
    const name = this.name();
    this.skipSpace();
    if (this.s[this.i] !== '>') this.fail('expected ">" to close the end tag');
    this.i++;
    const open = this.stack.pop();
    if (!open) this.fail(`end tag </${name}> without a start tag`, start);
    if (open.el.name !== name) this.fail(`end tag </${name}> does not match <${open.el.name}>`, start);
  }

  parse(): XmlElement {
    if (this.s.charCodeAt(0) === 0xfeff) this.i = 1;
    this.declaration();
    // Prolog.
    for (;;) {
      this.skipSpace();
      if (!this.misc(true)) break;
    }
    if (this.s[this.i] !== '<') this.fail(this.i >= this.s.length ? 'no root element' : 'text before the root element');
    const { el: root, selfClosing } = this.startTag();
    if (!selfClosing) this.content();
    // Epilog.
    for (;;) {
      this.skipSpace();
      if (this.i >= this.s.length) break;
      if (!this.misc(false)) this.fail(this.s[this.i] === '<' ? 'only one root element is allowed' : 'text after the root element');
    }
    return root;
  }

  private pushText(text: string): void {
    if (text === '') return;
    const top = this.stack[this.stack.length - 1]!.el;
    const last = top.children[top.children.length - 1];
    if (typeof last === 'string') top.children[top.children.length - 1] = last + text;
    else top.children.push(text);
  }

  /** Content of the element on top of the stack, through its end tag (and of all nested elements). */
  private content(): void {
    const depth = this.stack.length - 1;
    let runStart = this.i;
    const flush = () => {
      if (this.i > runStart) {
        const run = this.s.slice(runStart, this.i);
        const bad = run.indexOf(']]>');
        if (bad >= 0) this.fail('"]]>" is not allowed in text', runStart + bad);
        this.checkChars(runStart, this.i);
        this.pushText(run);
      }
    };
    while (this.stack.length > depth) {
      if (this.i >= this.s.length) this.fail(`unclosed element <${this.stack[this.stack.length - 1]!.el.name}>`);
      const ch = this.s[this.i];
      if (ch === '<') {
        flush();
        if (this.startsWith('</')) {
          this.endTag();
        } else if (this.startsWith('<![CDATA[')) {
          const end = this.s.indexOf(']]>', this.i + 9);
          if (end < 0) this.fail('unclosed CDATA section');
          this.checkChars(this.i + 9, end);
          this.pushText(this.s.slice(this.i + 9, end));
          this.i = end + 3;
        } else if (this.startsWith('<!--') || this.startsWith('<?') || this.startsWith('<!')) {
          if (!this.misc(false)) this.fail('unexpected markup declaration inside an element');
        } else {
          const parent = this.stack[this.stack.length - 1]!.el;
          const { el } = this.startTag();
          parent.children.push(el);
        }
        runStart = this.i;
      } else if (ch === '&') {
        flush();
        this.pushText(this.reference());
        runStart = this.i;
      } else {
        this.i++;
      }
    }
  }
}

/**
 * Parse a complete XML document and return its root element.
 * @throws XmlError for anything not well-formed, and for any DOCTYPE
 * @example parseXml('<a x="1">b &amp; c</a>') // → { name: 'a', attributes: { x: '1' }, children: ['b & c'], ... }
 */
export function parseXml(text: string): XmlElement {
  if (typeof text !== 'string') throw new XmlError('input is not a string', 0, 1, 1);
  return new Reader(text).parse();
}

/** Child elements (in order), optionally only those with this local name. */
export function childElements(el: XmlElement, localName?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) if (typeof c !== 'string' && (localName === undefined || c.localName === localName)) out.push(c);
  return out;
}

/** The first child element with this local name, or undefined. */
export function childElement(el: XmlElement, localName: string): XmlElement | undefined {
  for (const c of el.children) if (typeof c !== 'string' && c.localName === localName) return c;
  return undefined;
}

/** Follow a path of local names from `el` (first match at each step). */
export function findPath(el: XmlElement, path: readonly string[]): XmlElement | undefined {
  let cur: XmlElement | undefined = el;
  for (const p of path) {
    if (!cur) return undefined;
    cur = childElement(cur, p);
  }
  return cur;
}

/** All text directly inside `el` (text and CDATA children, not nested elements), untrimmed. */
export function directText(el: XmlElement): string {
  let s = '';
  for (const c of el.children) if (typeof c === 'string') s += c;
  return s;
}

/** The text of a child element (trimmed), or undefined when the child is absent. */
export function childText(el: XmlElement, localName: string): string | undefined {
  const c = childElement(el, localName);
  return c === undefined ? undefined : directText(c).trim();
}
