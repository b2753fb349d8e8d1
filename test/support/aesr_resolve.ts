/**
 * Runs AWS Extend Switch Roles' own configuration parser (aesr-config's `ConfigParser.parseIni`, the one the
 * extension uses) on every case of test/fixtures/aws-config/aesr-corpus/cases.json and prints, or writes next to
 * it, expected.json: AESR's profile set for each text, or the error AESR raises (with its line).
 *
 * aesr-config is not a dependency of Sigvault: point this script at a checkout of github.com/tilfinltd/aesr-config
 * (its `src/` is TypeScript and runs under tsx as is). The test src/core/config-import/aesr-corpus.test.ts
 * compares the importer with expected.json, and runs this script again when AESR_CONFIG_DIR names a checkout.
 *
 * Usage: npx tsx test/support/aesr_resolve.ts <aesr-config checkout> [--stdout]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const CORPUS = resolve(import.meta.dirname, '../fixtures/aws-config/aesr-corpus');

interface Case {
  name: string;
  text: string;
}

/** JSON with object keys sorted (stable output whatever order AESR builds its objects in). */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .sort()
        .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export async function resolveCorpus(aesrConfigDir: string): Promise<{ cases: Record<string, unknown> }> {
  const mod = (await import(pathToFileURL(join(resolve(aesrConfigDir), 'src/index.ts')).href)) as {
    ConfigParser: { parseIni(text: string): { singles: unknown[]; complexes: unknown[] } };
    IniParser: new () => { parse(text: string): unknown[] };
  };
  const { cases } = JSON.parse(readFileSync(join(CORPUS, 'cases.json'), 'utf8')) as { cases: Case[] };
  const out: Record<string, unknown> = {};
  const failure = (e: unknown) => {
    const err = e as Error & { line?: number; code?: string };
    return { ok: false, error: err.constructor.name, message: err.message, line: err.line, code: err.code };
  };
  for (const c of cases) {
    const text = readFileSync(join(CORPUS, c.text), 'utf8');
    let sections: unknown;
    let profiles: unknown;
    try {
      // The INI layer alone (what aesr-config's ini-parser tests assert) ...
      sections = { ok: true, sections: new mod.IniParser().parse(text) };
    } catch (e) {
      sections = failure(e);
    }
    try {
      // ... and the profile set the extension loads (ConfigParser.parseIni).
      const set = mod.ConfigParser.parseIni(text);
      profiles = { ok: true, singles: set.singles, complexes: set.complexes };
    } catch (e) {
      profiles = failure(e);
    }
    out[c.name] = sorted({ sections, profiles });
  }
  return { cases: out };
}

const [dir, flag] = process.argv.slice(2);
if (dir) {
  const text = `${JSON.stringify(await resolveCorpus(dir), null, 2)}\n`;
  if (flag === '--stdout') process.stdout.write(text);
  else writeFileSync(join(CORPUS, 'expected.json'), text);
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stderr.write('usage: npx tsx test/support/aesr_resolve.ts <aesr-config checkout> [--stdout]\n');
  process.exit(2);
}
