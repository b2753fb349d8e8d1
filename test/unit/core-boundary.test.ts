/**
 * The pure core must not touch browser APIs: tsconfig.core.json has no DOM, WebWorker, Node or extension
 * types. These tests compile probe files against that config and prove a stray global fails the typecheck.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

function typecheckAsCore(source: string): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sigvault-core-probe-'));
  writeFileSync(join(dir, 'probe.ts'), source);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    extends: resolve('tsconfig.core.json'),
    include: [join(dir, 'probe.ts'), resolve('src/core/globals.d.ts')],
  }));
  const r = spawnSync(resolve('node_modules/.bin/tsc'), ['-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  return { ok: r.status === 0, output: r.stdout + r.stderr };
}

describe('src/core typecheck boundary', () => {
  it('accepts what the core may use (control)', () => {
    const r = typecheckAsCore(`export const b = new TextEncoder().encode('x'); export const r = crypto.getRandomValues(new Uint8Array(4));\n`);
    expect(r.output).toBe('');
    expect(r.ok).toBe(true);
  });
  it.each([
    ['document', `export const t = document.title;`],
    ['window', `export const w = window.location;`],
    ['indexedDB', `export const d = indexedDB.open('x');`],
    ['chrome', `export const c = chrome.runtime.id;`],
    ['browser', `export const c = browser.runtime.id;`],
    ['localStorage', `export const s = localStorage.getItem('k');`],
    ['console', `console.log('a secret could leak here');`],
    ['process', `export const e = process.env;`],
  ])('fails on %s', (name, source) => {
    const r = typecheckAsCore(source + '\n');
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(new RegExp(`Cannot find name '${name}'`));
  });
});
