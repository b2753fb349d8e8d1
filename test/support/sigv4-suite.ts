/**
 * Readers for the SigV4 / SigV4a test-suite files under test/vectors/sigv4/ (format:
 * test/vectors/sigv4/README.md), shared by src/core/sigv4/vectors.test.ts and
 * src/core/sigv4a/vectors.test.ts.
 * @module
 */
import { readdirSync } from 'node:fs';

export interface RawRequest {
  method: string;
  /** Raw path and query from the request line. */
  target: string;
  /** Header lines in order, obs-fold continuation lines unfolded with one space (RFC 9112 §5.2). */
  headers: [string, string][];
  body: string | null;
}

/** Parse a request file of either suite (format in test/vectors/sigv4/README.md). */
export function parseRequestFile(text: string): RawRequest {
  let head = text;
  let body: string | null = null;
  const blank = text.indexOf('\n\n');
  if (blank >= 0) {
    head = text.slice(0, blank);
    body = text.slice(blank + 2);
    if (body === '') body = null;
  } else if (head.endsWith('\n')) {
    head = head.slice(0, -1);
  }
  const lines = head.split('\n');
  const first = lines.shift()!;
  const sp = first.indexOf(' ');
  const method = first.slice(0, sp);
  const target = first.slice(sp + 1, first.lastIndexOf(' HTTP/1.1'));
  const headers: [string, string][] = [];
  for (const line of lines) {
    if (line === '') continue;
    if (line[0] === ' ' || line[0] === '\t') {
      headers[headers.length - 1]![1] += ' ' + line;
      continue;
    }
    const colon = line.indexOf(':');
    headers.push([line.slice(0, colon), line.slice(colon + 1)]);
  }
  return { method, target, headers, body };
}

/**
 * A header record for repeated lines: a Record cannot hold one name twice, so each repeat gets a
 * different letter case (names are case-insensitive); the signer joins them with `,` in order.
 */
export function toRecord(lines: [string, string][]): Record<string, string> {
  const out: Record<string, string> = {};
  const used = new Set<string>();
  for (const [name, value] of lines) {
    let key = name;
    for (let mask = 0; used.has(key); mask++) {
      key = [...name].map((ch, i) => ((mask >> i) & 1 ? ch.toUpperCase() : ch.toLowerCase())).join('');
    }
    used.add(key);
    out[key] = value;
  }
  return out;
}

export function takeHeader(lines: [string, string][], name: string): string | undefined {
  const i = lines.findIndex(([n]) => n.toLowerCase() === name);
  if (i < 0) return undefined;
  const [, value] = lines.splice(i, 1)[0]!;
  return value;
}

/** Query parameters of a URL or request target as a sorted list of decoded `k=v` strings. */
export function paramSet(target: string): string[] {
  const q = target.includes('?') ? target.slice(target.indexOf('?') + 1) : '';
  if (q === '') return [];
  return q
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=');
      const k = eq < 0 ? p : p.slice(0, eq);
      const v = eq < 0 ? '' : p.slice(eq + 1);
      return decodeURIComponent(k) + '=' + decodeURIComponent(v);
    })
    .sort();
}

export const listDirs = (dir: string) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
