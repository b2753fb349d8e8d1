/**
 * SigV4a is for the background only: no extension page (popup, options, the sign-in page, the
 * offscreen document) may reach src/core/sigv4a/ or @noble/curves through its imports, so their
 * bundles stay free of the ECDSA code (and pages keep holding no signing code at all).
 *
 * The walk follows every import and re-export that survives compilation (`import type` / `export
 * type` lines are erased by TypeScript and skipped; `import { type X, y }` counts), static and dynamic.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = process.cwd();
const PAGES = ['src/popup', 'src/options', 'src/signin', 'src/offscreen'];

/** Module specifiers that survive compilation: static imports/re-exports (not type-only) and import(). */
function valueImports(source: string): string[] {
  const out: string[] = [];
  const statement = /^\s*(import|export)\s+(type\s+)?[^'";]*?\sfrom\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm;
  for (const m of source.matchAll(statement)) {
    if (m[4] !== undefined) out.push(m[4]);
    else if (m[2] === undefined) out.push(m[3]!);
  }
  for (const m of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]!);
  return out;
}

function resolveLocal(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, base + '.ts', base + '.tsx', join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** Every local module and package specifier reachable from the entries. */
function reach(entries: string[]): { modules: Set<string>; packages: Set<string> } {
  const modules = new Set<string>();
  const packages = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (modules.has(file)) continue;
    modules.add(file);
    if (!/\.tsx?$/.test(file)) continue;
    for (const spec of valueImports(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) {
        const target = resolveLocal(file, spec);
        if (target !== undefined) queue.push(target);
      } else {
        packages.add(spec);
      }
    }
  }
  return { modules, packages };
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) out.push(join(ROOT, path));
  }
  return out;
}

const isV4a = (file: string) => relative(ROOT, file).startsWith('src/core/sigv4a/');
const isCurves = (spec: string) => spec === '@noble/curves' || spec.startsWith('@noble/curves/');

describe('SigV4a stays out of the extension pages', () => {
  it('the walker sees what it must: sigv4a reaches @noble/curves and the SigV4 pipeline', () => {
    const { modules, packages } = reach([join(ROOT, 'src/core/sigv4a/index.ts')]);
    expect([...packages].some(isCurves)).toBe(true);
    expect(modules.has(join(ROOT, 'src/core/sigv4/sign.ts'))).toBe(true);
    // And it follows a page's imports beyond its own folder.
    const popup = reach(sourceFiles('src/popup'));
    expect(popup.modules.has(join(ROOT, 'src/shared/protocol.ts'))).toBe(true);
    expect(popup.packages.has('preact')).toBe(true);
    // Type-only lines are skipped, value imports are not.
    expect(valueImports("import type { A } from './a.ts';\nexport type { B } from './b.ts';\nimport { type C, d } from './c.ts';\nimport './e.ts';\nconst f = import('./f.ts');")).toEqual([
      './c.ts',
      './e.ts',
      './f.ts',
    ]);
  });

  for (const page of PAGES) {
    it(`${page} does not import src/core/sigv4a/ or @noble/curves`, () => {
      const entries = sourceFiles(page);
      expect(entries.length).toBeGreaterThan(0);
      const { modules, packages } = reach(entries);
      expect(modules.size).toBeGreaterThanOrEqual(entries.length);
      expect([...modules].filter(isV4a).map((f) => relative(ROOT, f))).toEqual([]);
      expect([...packages].filter(isCurves)).toEqual([]);
    });
  }
});
