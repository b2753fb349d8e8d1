/**
 * `npm run build`: builds dist/chrome and dist/firefox from the one source, then checks the Chrome
 * worker graph for DOM code (scripts/check-worker.ts). `tsx scripts/build.ts chrome` builds one.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { findForbidden, workerGraph } from './check-worker.ts';

export function build(target: 'chrome' | 'firefox', quiet = false): void {
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', quiet ? 'error' : 'info'], {
    stdio: 'inherit', env: { ...process.env, TARGET: target },
  });
  if (r.status !== 0) throw new Error(`vite build for ${target} failed (exit ${r.status})`);
  const manifest = JSON.parse(readFileSync(`dist/${target}/manifest.json`, 'utf8')) as { background: Record<string, unknown> };
  if (target === 'chrome') {
    if (!manifest.background.service_worker) throw new Error('dist/chrome/manifest.json lacks background.service_worker');
    const hits = findForbidden(workerGraph('dist/chrome'));
    if (hits.length) throw new Error(`the Chrome service worker reaches page code: ${hits.map((h) => `${h.file}: ${h.marker}`).join('; ')}`);
  } else if (!Array.isArray(manifest.background.scripts)) {
    throw new Error('dist/firefox/manifest.json lacks background.scripts');
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const targets = args.length ? args : ['chrome', 'firefox'];
  try {
    for (const t of targets) {
      if (t !== 'chrome' && t !== 'firefox') throw new Error(`unknown target ${t}`);
      build(t);
    }
  } catch (e) {
    process.stderr.write(`build: ${(e as Error).message}\n`);
    process.exit(1);
  }
}
