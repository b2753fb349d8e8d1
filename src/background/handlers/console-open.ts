import { parseConsoleUrl } from '../../core/sts/console-url.ts';
import { SigvaultError } from '../../core/errors.ts';
import { consoleRoleHasNoCredentials } from '../../core/vault/identity.ts';
import { consoleLoginUrl } from '../../core/sts/federation.ts';
import { parseArn, validateRegion } from '../../core/sts/partition.ts';
import { browser } from '../../platform/browser.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import { optionalBoolean, requireString } from '../validate.ts';
import { openSigninTab } from '../console/signin-handoff.ts';
import { containerFor } from '../console/containers.ts';
import { reusableTab } from '../../core/containers.ts';
import { recordOpened } from '../console/sessions.ts';
import type { HandlerContext } from '../../platform/background-messaging.ts';
import { httpFetch, once, resolveOptions, resolver, signinBase } from '../sts/sessions.ts';
import * as vault from '../vault/service.ts';
import { recordUse } from '../vault/prefs.ts';
import { readVaultSettings } from '../vault/settings.ts';

/** The console session length asked for when AWS allows choosing it (role assumed with long-term keys). */
const MAX_CONSOLE_SESSION_SECONDS = 43_200;

/**
 * `console.open { id, mfaCode?, destination?, region?, newTab? }` → `{ tabId, destination, notices }`.
 * Roles: their temporary credentials go to the federation endpoint's getSigninToken (with
 * SessionDuration when AWS allows it). IAM users: GetFederationToken first (the `federationPolicy`
 * setting, default allow-all, which AWS intersects with the user's own policies). The tab opens
 * Sigvault's sign-in page, which POSTs the login form (../console/signin-handoff.ts): the sign-in token is
 * never a tab's address. Destination: console home in the identity's region, or `region`, or a deep link.
 * `newTab: false` (the toolbar popup's Enter) signs in the active tab only when it is an AWS console page;
 * over any other page, and from a popup page in a tab of its own, a new tab opens.
 * Firefox: the tab opens in the identity's container when its `container` choice or the global
 * `consoleContainers` setting says so (../console/containers.ts); `newTab: false` then still opens a new
 * tab unless the active one is already in that container (a tab cannot change cookie store).
 *
 * A lock while this runs wins: its STS and sign-in exchanges are aborted, nothing is cached, and no tab
 * opens (the lock guard is taken first and checked before the tab).
 */
export const consoleOpen: Handler<'console.open'> = (p, ctx) => openConsoleAs(p, ctx, {});

/**
 * `console.open`'s work, also for `console.reopen`: `replaceTabId` signs that tab in, `pendingTabs` are the
 * old session's other tabs, moved to the new session once it lands (../console/sessions.ts).
 */
export async function openConsoleAs(
  p: Parameters<Handler<'console.open'>>[0], ctx: HandlerContext,
  extra: { replaceTabId?: number; pendingTabs?: { tabId: number; url: string }[] },
): ReturnType<Handler<'console.open'>> {
  const guard = vault.lockGuard();
  const id = requireString(p, 'id', { max: 64 });
  const newTab = optionalBoolean(p, 'newTab') ?? true;
  const region = (p as { region?: unknown }).region;
  if (region !== undefined) {
    if (typeof region !== 'string') throw new SigvaultError('INVALID_INPUT', 'region must look like us-east-1', { field: 'region' });
    validateRegion(region);
  }
  const destination = (p as { destination?: unknown }).destination;
  if (destination !== undefined && typeof destination !== 'string') throw new SigvaultError('INVALID_INPUT', 'destination must be a console URL', { field: 'destination' });
  const identity = await vault.identity(id);
  if (identity.kind === 'console-role') throw consoleRoleHasNoCredentials(identity.label);
  const opts = await resolveOptions(p);
  const { federationPolicy, consoleContainers } = await readVaultSettings();
  const creds = await once(`console:${id}`, async () =>
    (await resolver(guard)).resolveForConsole(id, { ...opts, ...(federationPolicy ? { federation: { policy: federationPolicy } } : {}) }));
  const base = await signinBase(creds.partition);
  const targetRegion = (region as string | undefined) ?? (identity.kind !== 'unknown' ? identity.region : undefined) ?? creds.region;
  const login = await consoleLoginUrl(
    { fetch: httpFetch, partition: creds.partition, region: targetRegion, signal: guard.signal, ...(base ? { signinBase: base } : {}) },
    {
      credentials: creds.credentials,
      credentialKind: creds.credentialKind,
      region: targetRegion,
      ...(creds.sessionDurationAllowed ? { sessionDuration: MAX_CONSOLE_SESSION_SECONDS } : {}),
      ...(destination ? { destination: destination as string } : {}),
      issuer: 'Sigvault',
    },
  );
  const notices = [...creds.notices];
  if (login.sessionDurationDropped) notices.push('AWS refused a longer console session; it lasts as long as the credentials.');
  guard.check();
  // a re-sign-in signs its tab in where it is (a tab cannot change cookie store): no container to choose or make
  const container = extra.replaceTabId === undefined ? await containerFor(identity, consoleContainers) : {};
  if (container.notice) notices.push(container.notice);
  let replaceTabId: number | undefined = extra.replaceTabId;
  if (replaceTabId === undefined && !newTab && ctx.sender.tab?.id === undefined) {
    // the toolbar popup's Enter / Open console: sign in the tab under it only when that is an AWS console
    // page (switching identity there); over any other page a new tab opens and the page stays
    const [active] = await browser.tabs.query({ active: true, currentWindow: true });
    if (parseConsoleUrl(active?.url)) {
      const reuse = reusableTab(active, container.cookieStoreId);
      replaceTabId = reuse.tabId;
      if (reuse.notice) notices.push(reuse.notice);
    }
  }
  const tabId = await openSigninTab(login.form, replaceTabId !== undefined ? { replaceTabId } : container.cookieStoreId ? { cookieStoreId: container.cookieStoreId } : {}, guard);
  // the console session lasts SessionDuration when AWS took it, else as long as the credentials
  const sessionDurationUsed = creds.sessionDurationAllowed && !login.sessionDurationDropped;
  await recordOpened({
    identityId: id, partition: creds.partition, tabId,
    ...(creds.arn && parseArn(creds.arn)?.account ? { account: parseArn(creds.arn)!.account } : {}),
    expiresAt: sessionDurationUsed ? Date.now() + MAX_CONSOLE_SESSION_SECONDS * 1000 : creds.expiresAt,
    ...(extra.pendingTabs ? { pendingTabs: extra.pendingTabs } : {}),
  }).catch(() => undefined);
  await recordUse(id);
  return { tabId, destination: login.destination, notices };
}
