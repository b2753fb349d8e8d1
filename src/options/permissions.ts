/**
 * Host permission for a custom STS or sign-in endpoint. Loopback and AWS's own hosts are granted by the
 * manifest; any other host is an optional permission, which browsers grant only from a user gesture —
 * so this must be called synchronously from a click or submit handler (its first await is the request).
 * @module
 */
import { browser } from '../platform/browser.ts';
import { t } from '../ui/i18n.ts';

const GRANTED_BY_MANIFEST = [/^127\.0\.0\.1$/, /^localhost$/i, /\.amazonaws\.com$/i, /\.amazonaws\.com\.cn$/i, /^signin\.aws\.amazon\.com$/i, /\.signin\.aws\.amazon\.com$/i, /^signin\.amazonaws-us-gov\.com$/i, /^signin\.amazonaws\.cn$/i];

/** The origin patterns (`https://host/*`) that `urls` need beyond the manifest's. */
export function neededOrigins(urls: string[]): string[] {
  const out = new Set<string>();
  for (const raw of urls) {
    if (!raw) continue;
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      continue; // the background reports the malformed URL with its field
    }
    if (GRANTED_BY_MANIFEST.some((re) => re.test(u.hostname))) continue;
    out.add(`${u.protocol}//${u.hostname}/*`);
  }
  return [...out];
}

/**
 * Asks for the host permissions `urls` need. The browser refuses to even ask for an origin the manifest's
 * `optional_host_permissions` (https only) cannot grant — Chrome says "Only permissions specified in the
 * manifest may be requested": that is reported as the rule the options page states, not in the browser's
 * words (callers check each URL with the background's rule first, so this is the last line).
 */
export async function requestHostPermission(urls: string[]): Promise<void> {
  const origins = neededOrigins(urls);
  if (origins.length === 0) return;
  let granted: boolean;
  try {
    granted = await browser.permissions.request({ origins });
  } catch {
    throw new Error(t('optEndpointPermissionFailed', origins.map((o) => o.replace(/\/\*$/, '')).join(', ')));
  }
  if (!granted) throw new Error(t('optEndpointPermissionDenied', origins.map((o) => o.replace(/\/\*$/, '')).join(', ')));
}
