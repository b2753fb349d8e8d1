/**
 * `npm run bench`: every benchmark in one run, each printing its figures beside the alternatives.
 * Speeds are machine-dependent: read the ratios. Builds first: the browser part measures the current source.
 */
import { spawnSync } from 'node:child_process';

const run = (script: string) => {
  process.stdout.write(`\n=== ${script} ===\n`);
  const r = spawnSync('npx', ['tsx', script], { stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = 1;
};

run('bench/sigv4.bench.ts');
run('bench/vault.bench.ts');
run('bench/sso-sync.bench.ts');
// the browser figures are for the current source
if (spawnSync('npx', ['tsx', 'scripts/build.ts'], { stdio: ['ignore', 'ignore', 'inherit'] }).status !== 0) process.exit(1);
run('bench/vault-browser.ts');
run('bench/request-browser.ts');
run('bench/popup-browser.ts');
