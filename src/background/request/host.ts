/**
 * May the request console reach a URL's host? https for any host, http only for loopback (emulators,
 * the test stand-in; the CSP allows no other http). Loopback needs no permission; a host outside the
 * manifest's host permissions (AWS's `*.amazonaws.com` and `*.amazonaws.com.cn` are in it) needs the
 * optional permission for it, which only a page can ask for (`permissions.request` needs the user's
 * click): PERMISSION_REQUIRED with the origin pattern to request, as custom STS endpoints do.
 * @module
 */
import { SigvaultError } from '../../core/errors.ts';
import { isLoopbackHost } from '../../core/request/target.ts';
import { parseUrl } from '../../core/sigv4/url.ts';
import { browser } from '../../platform/browser.ts';

/**
 * https for any host, http only for loopback. Also for presigned URLs, which Sigvault does not fetch: one
 * with a session token in its query must not cross the network in clear text.
 */
export function assertSchemeAllowed(url: string): void {
  const u = parseUrl(url);
  if (u.scheme !== 'https' && !isLoopbackHost(u.host)) {
    throw new SigvaultError('INVALID_INPUT', 'Use https:// (http:// only for a loopback address such as 127.0.0.1 or localhost).', { field: 'url' });
  }
}

export async function assertRequestHostAllowed(url: string): Promise<void> {
  const u = parseUrl(url);
  if (isLoopbackHost(u.host)) return;
  assertSchemeAllowed(url);
  const name = u.host.replace(/:\d+$/, '');
  const pattern = `https://${name}/*`;
  if (!(await browser.permissions.contains({ origins: [pattern] }))) {
    throw new SigvaultError('PERMISSION_REQUIRED', `Sigvault needs permission to reach ${name}. Grant it when asked, then send again.`, { field: 'url', origin: pattern });
  }
}
