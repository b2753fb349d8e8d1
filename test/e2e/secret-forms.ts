/**
 * Every encoding in which a leaked secret could sit in storage: the text itself, hex (both cases, plain
 * and space-separated),
 * base64 and base64url at each of the three byte alignments (a secret embedded in a larger buffer is
 * encoded from an arbitrary offset), and UTF-16LE (how some engines persist strings).
 */
export function secretForms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const hex = bytes.toString('hex');
  // hex also as space-separated bytes, as S3 quotes a canonical request in <CanonicalRequestBytes>
  const spaced = hex.replace(/(..)(?=.)/g, '$1 ');
  const forms = new Set<string>([secret, hex, hex.toUpperCase(), spaced, spaced.toUpperCase()]);
  for (let shift = 0; shift < 3; shift++) {
    const b64 = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    // drop the characters that depend on the unknown neighbouring bytes
    const start = shift === 0 ? 0 : Math.ceil((shift * 4) / 3) + 1;
    const core = b64.slice(start, b64.length - 4);
    if (core.length >= 16) {
      forms.add(core);
      forms.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  return [...forms];
}

export function utf16Forms(secret: string): Buffer[] {
  return [Buffer.from(secret, 'utf16le'), Buffer.from(secret, 'utf8')];
}

export function findLeaks(haystack: string, secrets: Record<string, string>): string[] {
  const leaks: string[] = [];
  for (const [name, secret] of Object.entries(secrets)) {
    for (const form of secretForms(secret)) if (haystack.includes(form)) leaks.push(`${name} as "${form.slice(0, 6)}…"`);
  }
  return leaks;
}

/**
 * Runs in the background (`b.inBackground(dumpExtensionStorage)`): everything the extension keeps —
 * storage.local, storage.session and every IndexedDB store of the `sigvault` database — as one JSON
 * string, for leak checks (sealed records show only ciphertext).
 */
export async function dumpExtensionStorage(g: any): Promise<string> {
  const api = g.browser ?? g.chrome;
  const parts: unknown[] = [await api.storage.local.get(null), await api.storage.session.get(null)];
  const db: any = await new Promise((res, rej) => { const r = g.indexedDB.open('sigvault'); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
  for (const name of Array.from(db.objectStoreNames as ArrayLike<string>)) {
    parts.push(await new Promise((res, rej) => { const q = db.transaction(name).objectStore(name).getAll(); q.onsuccess = () => res(q.result); q.onerror = () => rej(q.error); }));
  }
  db.close();
  return JSON.stringify(parts, (_k, v) => (v instanceof Uint8Array || v instanceof ArrayBuffer ? '[bytes]' : v));
}
