/**
 * A tolerant INI tokenizer for `~/.aws/config`, `~/.aws/credentials` and AWS Extend Switch Roles text.
 *
 * It follows how the AWS CLI reads these files (botocore's `configloader`, which uses Python's
 * `RawConfigParser`), but never throws: what the CLI would refuse becomes a warning with its line number.
 * - Whole-line comments start with `#` or `;` (after optional spaces). Inline comments are NOT stripped
 *   (a `;` after a value is part of the value). The AESR dialect reads lines as AESR does (see {@link IniOptions}).
 * - `[name]` starts a section; `key = value` or `key: value` (the first `=` or `:` splits); key names are
 *   lower-cased; keys and values are trimmed.
 * - A line indented deeper than the key line before it continues that value; a key with an empty value
 *   followed by indented `k = v` lines is a nested sub-section (`s3 =\n  max_concurrent_requests = 20`),
 *   one level deep, as botocore parses it.
 * - CRLF, CR and LF line ends and a leading BOM are accepted.
 *
 * Warnings never quote a line's content (it could hold a secret); they name the line only.
 * @module
 */

export interface IniWarning {
  /** 1-based line number. */
  line: number;
  message: string;
}

export interface IniEntry {
  /** Lower-cased, trimmed. */
  key: string;
  /** Trimmed; continuation lines joined with `\n`. For a nested sub-section: `''`. */
  value: string;
  line: number;
  /** `key =` followed by indented `k = v` lines. */
  nested?: IniEntry[];
}

export interface IniSection {
  /** The text between the brackets, trimmed (e.g. `profile dev`). */
  name: string;
  /** The text between the brackets as written (Python's configparser does not trim it: `[ x ]` is ` x `). */
  rawName: string;
  line: number;
  entries: IniEntry[];
}

export interface IniDocument {
  sections: IniSection[];
  warnings: IniWarning[];
}

export interface IniOptions {
  /**
   * `aws-cli` (default): as botocore's configparser reads `~/.aws/config` (no inline comments, indented lines
   * continue a value). `aesr`: as AWS Extend Switch Roles' own parser (`aesr-config`'s `IniParser`) reads its
   * text — every line on its own: a comment starts at the first `;` or `#` anywhere on the line, a trimmed
   * `[name]` line is a section header however it is indented, `key = value` splits at the first `=` only, and
   * setting names keep their case. One exception, on purpose: `color = #ffaaee` keeps its colour.
   */
  dialect?: 'aws-cli' | 'aesr';
}

/** At most this many warnings are kept (a pasted binary file must not produce a megabyte of them). */
export const MAX_WARNINGS = 200;

/**
 * A key name that is safe to show in a message, or undefined. A "key" may be a fragment of a pasted secret
 * (a line of a session token ending in `==`), so only setting-like names are shown: lower-case letters,
 * digits and `_ . -`, under 40 characters, and either containing `_` (base64 secrets never do) or, unless
 * `strict`, at most 12 characters.
 */
export function displayKey(key: string, strict = false): string | undefined {
  if (!/^[a-z0-9_.-]{1,39}$/.test(key)) return undefined;
  if (key.includes('_')) return key;
  return !strict && key.length <= 12 ? key : undefined;
}

function indentOf(line: string): number {
  const m = /^[ \t]*/.exec(line);
  return m ? m[0].length : 0;
}

/**
 * An AESR line without its comment: AESR cuts at the first `;` or `#` (`text.replace(/[;#].*$/, '')`). Sigvault
 * keeps a colour written with `#` (`color = #ffaaee`, which AESR would read as an empty value and refuse).
 */
function stripAesrComment(line: string): string {
  const m = /^(\s*color\s*=\s*)(#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3}))(?![0-9A-Za-z])/.exec(line);
  if (m) {
    const head = (m[1] as string) + (m[2] as string);
    const rest = line.slice(head.length);
    const cut = rest.search(/[;#]/);
    return head + (cut < 0 ? rest : rest.slice(0, cut));
  }
  const cut = line.search(/[;#]/);
  return cut < 0 ? line : line.slice(0, cut);
}

function makeWarn(warnings: IniWarning[]): (line: number, message: string) => void {
  return (line, message) => {
    if (warnings.length < MAX_WARNINGS) warnings.push({ line, message });
    else if (warnings.length === MAX_WARNINGS) warnings.push({ line, message: 'too many warnings; the rest are not shown' });
  };
}

function splitLines(text: string): string[] {
  const source = typeof text === 'string' ? text : '';
  return (source.startsWith('\uFEFF') ? source.slice(1) : source).split(/\r\n|\r|\n/);
}

/** AESR's reading (aesr-config `IniParser.parseLine`), tolerant: what AESR refuses becomes a warning. */
function parseAesrIni(text: string): IniDocument {
  const warnings: IniWarning[] = [];
  const warn = makeWarn(warnings);
  const sections: IniSection[] = [];
  let section: IniSection | undefined;
  let orphanWarned = false;
  let keysSeen = new Map<string, number>();
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const t = stripAesrComment(lines[i] ?? '').trim();
    if (t === '') continue;
    const header = /^\[(.+)\]$/.exec(t);
    if (header) {
      const rawName = header[1] as string;
      const name = rawName.trim();
      if (/\p{Cc}/u.test(name)) {
        warn(lineNo, 'section name contains control characters; the lines up to the next section are ignored');
        section = undefined;
        orphanWarned = true;
        continue;
      }
      section = { name, rawName, line: lineNo, entries: [] };
      sections.push(section);
      keysSeen = new Map();
      continue;
    }
    if (t.startsWith('[') && !t.includes('=')) {
      warn(lineNo, 'not a section header (AESR wants [name] alone on its line, comments aside); the lines up to the next section are ignored');
      section = undefined;
      orphanWarned = true;
      continue;
    }
    if (!section) {
      if (!orphanWarned) {
        warn(lineNo, 'setting outside any [section]; ignored up to the next section header');
        orphanWarned = true;
      }
      continue;
    }
    const eq = t.indexOf('=');
    if (eq < 0) {
      warn(lineNo, "expected 'key = value', a [section] header or a comment; line ignored");
      continue;
    }
    const key = t.slice(0, eq).trim();
    const value = t.slice(eq + 1).trim();
    if (key === '') {
      warn(lineNo, 'a setting has no name before its = sign; line ignored');
      continue;
    }
    if (value === '') {
      warn(lineNo, `setting '${displayKey(key.toLowerCase()) ?? '(name not shown)'}' has no value (AWS Extend Switch Roles refuses this); line ignored`);
      continue;
    }
    const prev = keysSeen.get(key);
    if (prev !== undefined) {
      warn(lineNo, `setting '${displayKey(key.toLowerCase()) ?? '(name not shown)'}' repeats line ${prev} in this section: AWS Extend Switch Roles refuses a file with a repeated setting; here the later value is used`);
      const idx = section.entries.findIndex((e) => e.key === key);
      if (idx >= 0) section.entries.splice(idx, 1);
    }
    keysSeen.set(key, lineNo);
    section.entries.push({ key, value, line: lineNo });
  }
  return { sections, warnings };
}

/** Tokenize INI text. Never throws. */
export function parseIni(text: string, options: IniOptions = {}): IniDocument {
  if (options.dialect === 'aesr') return parseAesrIni(text);
  const warnings: IniWarning[] = [];
  const warn = makeWarn(warnings);
  const sections: IniSection[] = [];
  const lines = splitLines(text);

  let section: IniSection | undefined;
  let entry: IniEntry | undefined;
  let entryIndent = 0;
  let continuation: { line: number; text: string }[] = [];
  let orphanWarned = false;
  let keysSeen = new Map<string, number>();

  const finishEntry = () => {
    if (!entry) return;
    if (continuation.length > 0) {
      if (entry.value === '') {
        // botocore: a value that starts with a newline is one level of nested `k = v` lines.
        const nested: IniEntry[] = [];
        const nestedSeen = new Map<string, number>();
        for (const c of continuation) {
          const t = c.text.trim();
          if (t === '') continue;
          const eq = t.indexOf('=');
          if (eq < 0) {
            warn(c.line, `expected 'key = value' in the nested settings of '${displayKey(entry.key) ?? 'a setting'}'; line ignored`);
            continue;
          }
          const key = t.slice(0, eq).trim().toLowerCase();
          const value = t.slice(eq + 1).trim();
          if (key === '') {
            warn(c.line, 'a nested setting has no name; line ignored');
            continue;
          }
          const prev = nestedSeen.get(key);
          if (prev !== undefined) {
            warn(c.line, `nested setting '${displayKey(key) ?? '(name not shown)'}' repeats line ${prev}; the later value is used`);
            const i = nested.findIndex((n) => n.key === key);
            if (i >= 0) nested.splice(i, 1);
          }
          nestedSeen.set(key, c.line);
          nested.push({ key, value, line: c.line });
        }
        entry.nested = nested;
      } else {
        const more = continuation.map((c) => c.text.trim());
        while (more.length > 0 && more[more.length - 1] === '') more.pop();
        if (more.length > 0) entry.value = [entry.value, ...more].join('\n');
      }
    }
    entry = undefined;
    continuation = [];
  };

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i] ?? '';
    const trimmed = raw.trim();
    if (trimmed === '') {
      if (entry) continuation.push({ line: lineNo, text: '' });
      continue;
    }
    if (trimmed.startsWith('#') || trimmed.startsWith(';')) continue;

    const indent = indentOf(raw);
    if (entry && indent > entryIndent) {
      continuation.push({ line: lineNo, text: raw });
      continue;
    }
    finishEntry();

    if (trimmed.startsWith('[')) {
      const close = trimmed.lastIndexOf(']');
      if (close < 0) {
        warn(lineNo, "section header without a closing ']'; the lines up to the next section are ignored");
        section = undefined;
        orphanWarned = true;
        continue;
      }
      // Like Python's `\[(?P<header>.+)\]`: the name runs to the last `]`; text after it is ignored.
      const rawName = trimmed.slice(1, close);
      const name = rawName.trim();
      const rest = trimmed.slice(close + 1).trim();
      if (rest !== '' && !rest.startsWith(';') && !rest.startsWith('#')) warn(lineNo, "text after the section header's ']' is ignored");
      if (name === '') {
        warn(lineNo, 'empty section name; the lines up to the next section are ignored');
        section = undefined;
        orphanWarned = true;
        continue;
      }
      if (/\p{Cc}/u.test(name)) {
        warn(lineNo, 'section name contains control characters; the lines up to the next section are ignored');
        section = undefined;
        orphanWarned = true;
        continue;
      }
      section = { name, rawName, line: lineNo, entries: [] };
      sections.push(section);
      keysSeen = new Map();
      continue;
    }

    if (!section) {
      if (!orphanWarned) {
        warn(lineNo, 'setting outside any [section]; ignored up to the next section header');
        orphanWarned = true;
      }
      continue;
    }

    const m = /[=:]/.exec(trimmed);
    if (!m) {
      warn(lineNo, "expected 'key = value', a [section] header or a comment; line ignored");
      continue;
    }
    const key = trimmed.slice(0, m.index).trim().toLowerCase();
    const value = trimmed.slice(m.index + 1).trim();
    if (key === '') {
      warn(lineNo, 'a setting has no name before its = sign; line ignored');
      continue;
    }
    const prev = keysSeen.get(key);
    if (prev !== undefined) {
      warn(lineNo, `setting '${displayKey(key) ?? '(name not shown)'}' repeats line ${prev} in this section: the AWS CLI refuses a file with a repeated setting; here the later value is used`);
      const idx = section.entries.findIndex((e) => e.key === key);
      if (idx >= 0) section.entries.splice(idx, 1);
    }
    keysSeen.set(key, lineNo);
    entry = { key, value, line: lineNo };
    entryIndent = indent;
    section.entries.push(entry);
  }
  finishEntry();
  return { sections, warnings };
}

/**
 * Split a section name with shell rules (Python's `shlex.split`, as botocore does for `[profile "my name"]`).
 * Returns undefined for an unbalanced quote.
 */
export function shellSplit(s: string): string[] | undefined {
  const out: string[] = [];
  let cur = '';
  let has = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else cur += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < s.length && '\\"$`\n'.includes(s[i + 1] as string)) cur += s[++i];
      else cur += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      has = true;
    } else if (c === '\\') {
      if (i + 1 < s.length) cur += s[++i];
      has = true;
    } else if (/\s/.test(c)) {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (quote) return undefined;
  if (has) out.push(cur);
  return out;
}
