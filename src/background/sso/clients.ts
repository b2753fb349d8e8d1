/**
 * The Identity Center OIDC and portal clients for one source: AWS's hosts of the source region's
 * partition, or that partition's `oidc` / `portal` endpoint override (confirmed in the options page), every
 * exchange aborted by the next lock.
 * @module
 */
import { createOidcClient, type OidcClient } from '../../core/sso/oidc.ts';
import { createPortalClient, type PortalClient } from '../../core/sso/portal.ts';
import { partitionOfRegion } from '../../core/sts/partition.ts';
import type { HttpFetch } from '../../core/http/exchange.ts';
import { assertHostAllowed, httpFetch } from '../sts/sessions.ts';
import { readVaultSettings } from '../vault/settings.ts';
import type * as vault from '../vault/service.ts';
import { browser } from '../../platform/browser.ts';

/**
 * A sleep that keeps the worker alive: Chrome stops an idle service worker after 30 s, and a device
 * sign-in waits for the user for minutes. An extension API call resets that timer.
 */
function wakefulSleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const tick = () => void browser.runtime.getPlatformInfo().catch(() => undefined);
    const timer = setInterval(tick, 10_000);
    setTimeout(() => {
      clearInterval(timer);
      resolve();
    }, ms);
  });
}

export interface SsoClients {
  oidc: OidcClient;
  portal: PortalClient;
  /** Portal requests sent through these clients (pages read and retries). */
  portalRequests(): number;
}

export async function ssoClients(region: string, guard: vault.LockGuard): Promise<SsoClients> {
  const endpoints = (await readVaultSettings()).endpoints[partitionOfRegion(region)];
  await assertHostAllowed(endpoints.oidc, `endpoints.${partitionOfRegion(region)}.oidc`);
  await assertHostAllowed(endpoints.portal, `endpoints.${partitionOfRegion(region)}.portal`);
  let requests = 0;
  const counted: HttpFetch = (url, init) => {
    requests++;
    return httpFetch(url, init);
  };
  const oidc = createOidcClient({ fetch: httpFetch, sleep: wakefulSleep, signal: guard.signal, ...(endpoints.oidc ? { endpoint: endpoints.oidc } : {}) });
  const portal = createPortalClient({ fetch: counted, signal: guard.signal, ...(endpoints.portal ? { endpoint: endpoints.portal } : {}) });
  return { oidc, portal, portalRequests: () => requests };
}
