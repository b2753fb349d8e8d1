/** The build's worker check must catch page code pulled into the service worker graph. */
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findForbidden, workerGraph } from '../../scripts/check-worker.ts';

function fakeDist(files: Record<string, string>, manifest: object = { background: { service_worker: 'service-worker-loader.js', type: 'module' } }) {
  const dir = mkdtempSync(join(tmpdir(), 'sigvault-dist-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  for (const [name, src] of Object.entries(files)) writeFileSync(join(dir, name), src);
  return dir;
}

describe('check-worker', () => {
  it('passes a clean worker graph and follows static imports', () => {
    const dir = fakeDist({
      'service-worker-loader.js': `import './assets/index.ts-1.js';`,
      'assets/index.ts-1.js': `import { a } from './shared-2.js'; self.addEventListener('x', a);`,
      'assets/shared-2.js': `export const a = () => 1;`,
      'assets/popup-3.js': `document.body.append('not reachable from the worker');`,
    });
    const files = workerGraph(dir);
    expect(files).toHaveLength(3);
    expect(findForbidden(files)).toEqual([]);
  });
  it('catches a chunk with DOM code, Preact and a dynamic import', () => {
    const dir = fakeDist({
      'service-worker-loader.js': `import './assets/index.ts-1.js';`,
      'assets/index.ts-1.js': `export * from "./jsxRuntime-9.js"; const m = () => import('./lazy.js');`,
      'assets/jsxRuntime-9.js': `export const h = (t) => document.createElement(t);`,
    });
    const markers = findForbidden(workerGraph(dir)).map((h) => h.marker);
    expect(markers).toEqual(expect.arrayContaining(['document.*', 'createElement(', 'dynamic import()', 'Preact']));
  });
  it('does not mistake a message name like "config.import" in minified code for an import', () => {
    const dir = fakeDist({
      'service-worker-loader.js': `import './assets/index.ts-1.js';`,
      'assets/index.ts-1.js': `const h={"config.import":Cu,"config.export":Du};export{h};`,
    });
    expect(workerGraph(dir)).toHaveLength(2);
  });
  it('refuses a Firefox-shaped manifest in the Chrome build', () => {
    const dir = fakeDist({}, { background: { scripts: ['x.js'] } });
    expect(() => workerGraph(dir)).toThrow(/service_worker/);
  });
});
