/**
 * The SAML capture hears a request only on a host the extension has permission for (both browsers
 * deliver webRequest events for those hosts only): every AWS SAML endpoint pattern the listener asks for
 * must be covered by the manifest's host permissions, in both manifests, with `webRequest` asked for.
 */
import { describe, expect, it } from 'vitest';
import { makeManifest } from '../../manifest.config.ts';
import { samlUrlPatterns } from '../../src/core/saml/endpoints.ts';

/** Whether match pattern `perm` covers every URL of pattern `want` (scheme and host; paths are `/*` in the manifest). */
function covers(perm: string, want: string): boolean {
  const p = /^(https?):\/\/([^/]+)\/\*$/.exec(perm);
  const w = /^(https?):\/\/([^/]+)\//.exec(want);
  if (!p || !w || p[1] !== w[1]) return false;
  const [ph, wh] = [p[2]!, w[2]!];
  if (ph === wh) return true;
  if (!ph.startsWith('*.')) return false;
  const suffix = ph.slice(1); // ".signin.aws.amazon.com"
  return wh.startsWith('*.') ? wh.slice(1).endsWith(suffix) : wh.endsWith(suffix);
}

describe('SAML capture permissions', () => {
  for (const target of ['chrome', 'firefox'] as const) {
    it(`${target}: webRequest, and a host permission for every AWS SAML endpoint the capture listens on`, () => {
      const m = makeManifest(target) as unknown as { permissions: string[]; host_permissions: string[] };
      expect(m.permissions).toContain('webRequest');
      const patterns = samlUrlPatterns([]);
      expect(patterns.length).toBeGreaterThanOrEqual(6);
      const uncovered = patterns.filter((want) => !m.host_permissions.some((perm) => covers(perm, want)));
      expect(uncovered).toEqual([]);
    });
  }
});
