/**
 * The Firefox containers permissions: `contextualIdentities` and `cookies` in the Firefox manifest only,
 * and the cookies API never called (docs/threat-model.md says Sigvault uses `cookies` only because Firefox
 * requires it for `tabs.create({ cookieStoreId })`).
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { makeManifest } from '../../manifest.config.ts';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

describe('containers permissions', () => {
  it('Firefox asks for contextualIdentities and cookies; Chrome for neither', () => {
    const firefox = (makeManifest('firefox') as { permissions: string[] }).permissions;
    const chrome = (makeManifest('chrome') as { permissions: string[] }).permissions;
    expect(firefox).toEqual(expect.arrayContaining(['contextualIdentities', 'cookies']));
    expect(chrome).not.toContain('contextualIdentities');
    expect(chrome).not.toContain('cookies');
  });
  it('no source calls the cookies API', () => {
    const offenders = sources('src').filter((f) => /\b(browser|chrome)\s*\.\s*cookies\b|\bcookies\s*\.\s*(get|getAll|set|remove)\s*\(/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
