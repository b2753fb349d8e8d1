import { describe, expect, it, vi } from 'vitest';

vi.mock('../platform/browser.ts', () => ({ browser: { i18n: { getMessage: (k: string) => k } } }));

describe('lazy', () => {
  it('loads once, and loads again after a failed load', async () => {
    const { lazy } = await import('./lazy.ts');
    const Screen = () => null;
    let calls = 0;
    const L = lazy(async () => {
      calls++;
      if (calls === 1) throw new Error('chunk fetch failed');
      return Screen;
    });
    await expect(L.preload()).rejects.toThrow('chunk fetch failed');
    await L.preload();
    await L.preload();
    expect(calls).toBe(2);
  });

  it('concurrent preloads share one load', async () => {
    const { lazy } = await import('./lazy.ts');
    let calls = 0;
    const L = lazy(async () => { calls++; return () => null; });
    await Promise.all([L.preload(), L.preload(), L.preload()]);
    expect(calls).toBe(1);
  });
});
