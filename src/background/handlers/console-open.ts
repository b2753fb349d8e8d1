import { SigvaultError } from '../../core/errors.ts';
import { consoleLoginUrl } from '../../core/sts/federation.ts';
import { validateRegion } from '../../core/sts/partition.ts';
import { browser } from '../../platform/browser.ts';
import { readSettings } from '../../platform/settings.ts';
import type { Handler } from '../../platform/messaging.ts';
import { optionalBoolean, requireString } from '../validate.ts';
import { httpFetch, once, resolveOptions, resolver, signinBase } from '../sts/sessions.ts';
import * as vault from '../vault/service.ts';
import { recordUse } from '../vault/prefs.ts';

/** The console session length asked for when AWS allows choosing it (role assumed with long-term keys). */
const MAX_CONSOLE_SESSION_SECONDS = 43_200;

/**
 * `console.open { id, mfaCode?, destination?, region?, newTab? }` → `{ tabId, destination, notices }`.
 * Roles: their temporary credentials go to the federation endpoint's getSigninToken (with
 * SessionDuration when AWS allows it). IAM users: GetFederationToken first (the `federationPolicy`
 * setting, default allow-all, which AWS intersects with the user's own policies). A tab then navigates to the login URL with the
 * destination (default: console home in the identity's region, or `region`, or a deep link).
 * The sign-in token and login URL are bearer secrets: they go only to `tabs.create`/`tabs.update`.
 */
export const consoleOpen: Handler<'console.open'> = async (p, ctx) => {
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
  const opts = await resolveOptions(p);
  const { federationPolicy } = await readSettings();
  const creds = await once(`console:${id}`, async () =>
    (await resolver()).resolveForConsole(id, { ...opts, ...(federationPolicy ? { federation: { policy: federationPolicy } } : {}) }));
  const base = await signinBase();
  const targetRegion = (region as string | undefined) ?? (identity.kind !== 'unknown' ? identity.region : undefined) ?? creds.region;
  const login = await consoleLoginUrl(
    { fetch: httpFetch, partition: creds.partition, region: targetRegion, ...(base ? { signinBase: base } : {}) },
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
  let tabId: number | undefined;
  const senderTab = ctx.sender.tab?.id;
  if (!newTab && senderTab === undefined) {
    const [active] = await browser.tabs.query({ active: true, currentWindow: true });
    if (active?.id !== undefined) tabId = (await browser.tabs.update(active.id, { url: login.url })).id;
  }
  if (tabId === undefined) tabId = (await browser.tabs.create({ url: login.url, active: true })).id;
  if (tabId === undefined) throw new SigvaultError('INTERNAL', 'The browser did not open a tab.');
  await recordUse(id);
  return { tabId, destination: login.destination, notices };
};
