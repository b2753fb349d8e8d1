/**
 * The request console's form helpers: header rows to a header object (and back), key=value rows to an
 * `application/x-www-form-urlencoded` body (the query protocol's: STS, EC2, IAM, SQS…), JSON checked and
 * indented. Pure.
 * @module
 */

export interface Row {
  name: string;
  value: string;
}

/** Header rows → `{ name: value }`: empty names skipped, names trimmed; a repeated name is an error (the console sends one value per header). */
export function headersFromRows(rows: readonly Row[]): { headers: Record<string, string> } | { error: string } {
  const headers: Record<string, string> = {};
  const seen = new Set<string>();
  for (const r of rows) {
    const name = r.name.trim();
    if (name === '') continue;
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) return { error: `"${name.slice(0, 64)}" is not a header name (letters, digits and !#$%&'*+.^_\`|~-).` };
    if (seen.has(name.toLowerCase())) return { error: `Header ${name} is given twice.` };
    seen.add(name.toLowerCase());
    headers[name] = r.value;
  }
  return { headers };
}

export function rowsFromHeaders(headers: Record<string, string>): Row[] {
  return Object.entries(headers).map(([name, value]) => ({ name, value }));
}

/** RFC 3986 percent-encoding (what SigV4's query protocol services read in a form body). */
function formComponent(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** Key=value rows → a form body (`Action=DescribeInstances&Filter.1.Name=…`); rows with an empty key are skipped. */
export function formEncode(rows: readonly Row[]): string {
  return rows.filter((r) => r.name.trim() !== '').map((r) => `${formComponent(r.name.trim())}=${formComponent(r.value)}`).join('&');
}

/** A form body back into rows (`+` read as a space); undefined when a part is not valid percent-encoding. */
export function formDecode(body: string): Row[] | undefined {
  const rows: Row[] = [];
  for (const part of body.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    try {
      const dec = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
      rows.push({ name: dec(eq < 0 ? part : part.slice(0, eq)), value: dec(eq < 0 ? '' : part.slice(eq + 1)) });
    } catch {
      return undefined;
    }
  }
  return rows;
}

/** JSON indented by two spaces, or where it fails to parse (the engine's message). */
export function formatJson(text: string): { ok: true; text: string } | { ok: false; error: string } {
  try {
    return { ok: true, text: JSON.stringify(JSON.parse(text), null, 2) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
