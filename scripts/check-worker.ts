/**
 * Fails when the built Chrome service worker can reach DOM code or a dynamic import.
 * Vite/rolldown chunking has been seen to pull page code (Preact, Vite's preload helper, which touches
 * `document`/`window`) into the worker graph; MV3 workers have no DOM and forbid import(). This walks the
 * static import graph from the manifest's `background.service_worker` and scans every file it reaches.
 *
 * Usage: tsx scripts/check-worker.ts [dist/chrome]   (exit 1 with the offending file and marker)
 */
import { readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

export const FORBIDDEN: ReadonlyArray<[RegExp, string]> = [
  [/\bdocument\s*\./, 'document.*'],
  [/\bwindow\s*\./, 'window.*'],
  [/\bcreateElement\s*\(/, 'createElement('],
  [/\bimport\s*\(/, 'dynamic import()'],
  [/__vitePreload|preload-helper/, "Vite's preload helper"],
  [/\bjsxRuntime\b|\bpreact\b/i, 'Preact'],
  [/\blocalStorage\b/, 'localStorage'],
  [/\bDOMParser\b/, 'DOMParser'],
];

// not after `.` or `$`: a key like "config.import" in minified code is no import
const IMPORT_RE = /(?<![.$])(?:\bimport|\bexport)\s*(?:[\w*${}\s,]+from\s*)?["']([^"']+)["']/g;

export function workerGraph(distDir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(distDir, 'manifest.json'), 'utf8')) as { background?: { service_worker?: string } };
  const entry = manifest.background?.service_worker;
  if (!entry) throw new Error(`${distDir}/manifest.json has no background.service_worker (a Firefox manifest in the Chrome build?)`);
  const seen = new Set<string>();
  const queue = [normalize(join(distDir, entry))];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(IMPORT_RE)) {
      const spec = m[1]!;
      if (!spec.startsWith('.') && !spec.startsWith('/')) throw new Error(`${relative(distDir, file)} imports bare "${spec}"`);
      queue.push(normalize(spec.startsWith('/') ? join(distDir, spec) : join(dirname(file), spec)));
    }
  }
  return [...seen];
}

export function findForbidden(files: string[]): { file: string; marker: string }[] {
  const hits: { file: string; marker: string }[] = [];
  for (const file of files) {
    const src = readFileSync(file, 'utf8');
    for (const [re, marker] of FORBIDDEN) if (re.test(src)) hits.push({ file, marker });
  }
  return hits;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? 'dist/chrome';
  const files = workerGraph(dir);
  const hits = findForbidden(files);
  if (hits.length) {
    for (const h of hits) process.stderr.write(`check-worker: ${relative(dir, h.file)} contains ${h.marker}\n`);
    process.exit(1);
  }
  process.stdout.write(`check-worker: ${files.length} worker files, no DOM code, no dynamic import\n`);
}
