/**
 * `npm run test:browser`: the browser tests (vitest.e2e.config.ts) in Chromium and in Firefox ESR side by
 * side — one Vitest process per browser, each running the files one after another. Most of a browser
 * test's time is spent waiting (a browser starting, an extension waking, a page loading), so the two
 * overlap well even on two cores. Each line of output is prefixed with its browser; the exit code is the
 * first failure's. With SIGVAULT_BROWSERS set (one browser, or a list), only those run, one process
 * each. Extra arguments go to both Vitest runs (`npm run test:browser -- test/e2e/agent.e2e.ts`).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const KNOWN = ['chromium', 'firefox'];

function run(kind: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('npx', ['vitest', 'run', '-c', 'vitest.e2e.config.ts', ...args], {
      env: { ...process.env, SIGVAULT_BROWSERS: kind, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const prefix = `[${kind}] `;
    createInterface({ input: child.stdout }).on('line', (l) => process.stdout.write(prefix + l + '\n'));
    createInterface({ input: child.stderr }).on('line', (l) => process.stderr.write(prefix + l + '\n'));
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const kinds = (process.env.SIGVAULT_BROWSERS ?? KNOWN.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
const unknown = kinds.filter((k) => !KNOWN.includes(k));
if (unknown.length) {
  process.stderr.write(`test:browser: unknown browser ${unknown.join(', ')} (known: ${KNOWN.join(', ')})\n`);
  process.exit(2);
}
const started = Date.now();
const codes = await Promise.all(kinds.map((k) => run(k, process.argv.slice(2))));
const summary = kinds.map((k, i) => `${k} ${codes[i] === 0 ? 'passed' : `failed (exit ${codes[i]})`}`).join(', ');
process.stdout.write(`test:browser: ${summary} in ${Math.round((Date.now() - started) / 1000)} s\n`);
process.exit(codes.find((c) => c !== 0) ?? 0);
