/**
 * `npm start` as a smoke check, as the README tells people to run it: headless, it must launch the
 * extension, get the background's app.ping reply and exit 0; with --demo it must also fill a demo vault
 * against the local stand-in and land a console sign-in.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { KINDS } from './harness.ts';

function start(...args: string[]) {
  const r = spawnSync('npx', ['tsx', 'scripts/start.ts', '--headless', '--smoke', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, out: r.stdout + r.stderr };
}

for (const kind of KINDS) {
  const flag = kind === 'firefox' ? ['--firefox'] : [];
  describe(`npm start: ${kind}`, () => {
    it('--headless --smoke prints the app.ping reply and exits 0', () => {
      const r = start(...flag);
      expect(r.out).toMatch(new RegExp(`app\\.ping → \\{"ok":true,"result":\\{"version":"0\\.1\\.0","browser":"${kind === 'firefox' ? 'firefox' : 'chrome'}"`));
      expect(r.status).toBe(0);
    });
    it('--demo fills a demo vault against the stand-in and signs in to the (stand-in) console', () => {
      const r = start('--demo', ...flag);
      expect(r.out).toContain('vault passphrase: demo vault passphrase');
      expect(r.out).toMatch(/console\.open "Demo admin \(MFA, cross-account\)" → tab \d+: Signed in as arn:aws:sts::222222222222:assumed-role\/DemoAdmin\//);
      expect(r.status).toBe(0);
    });
  });
}

describe('npm start: usage', () => {
  it('refuses an unknown option and, without a display, says how to run headless', () => {
    expect(spawnSync('npx', ['tsx', 'scripts/start.ts', '--nope'], { encoding: 'utf8' }).status).toBe(2);
    const r = spawnSync('npx', ['tsx', 'scripts/start.ts'], { encoding: 'utf8', env: { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '' } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no display found[\s\S]*npm start -- --headless --smoke/);
  });
});
