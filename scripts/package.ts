/**
 * `npm run package`: builds both targets and writes installable archives
 * dist/sigvault-chrome-<version>.zip and dist/sigvault-firefox-<version>.zip (web-ext build zips).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { build } from './build.ts';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
for (const target of ['chrome', 'firefox'] as const) {
  build(target, true);
  const file = `sigvault-${target}-${version}.zip`;
  const r = spawnSync('npx', ['web-ext', 'build', '--source-dir', `dist/${target}`, '--artifacts-dir', 'dist',
    '--filename', file, '--overwrite-dest'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) { process.stderr.write(`package: zipping ${target} failed\n`); process.exit(1); }
  process.stdout.write(`dist/${file}\n`);
}
