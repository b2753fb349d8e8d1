/**
 * SAML sign-in capture (opt-in: the `samlCapture` setting). A non-blocking `webRequest.onBeforeRequest`
 * listener with `requestBody` sees the form the browser posts to AWS's SAML endpoints (and the confirmed
 * `samlEndpoints`); the sign-in itself goes on untouched. The `SAMLResponse` is decoded
 * (../../core/saml/response.ts): its role/provider pairs and SessionDuration become an offer
 * (`saml.pending`, event `saml.captured`), the assertion stays in memory only (./offers.ts). Roles already
 * saved as `saml` identities get fresh credentials from it at once: signing in at the IdP again is how a
 * SAML role's session is renewed.
 *
 * Nothing is captured while the vault is locked (the setting itself is sealed). The listener is added
 * at the worker's first turn for AWS's endpoints and loopback (a post that woke the worker finds it), then
 * kept only while it can capture: the vault unlocked and capture on. A browser wakes a stopped background
 * for every request a listener matches, and loopback is where developers' own servers answer all day.
 * Extra https endpoints are added when the settings are read (after an unlock): a worker asleep when
 * such a post happens does not wake for it.
 * @module
 */
import { SigvaultError } from '../../core/errors.ts';
import { isSamlEndpoint, samlUrlPatterns } from '../../core/saml/endpoints.ts';
import { parseSamlResponse } from '../../core/saml/response.ts';
import type { SamlRole } from '../../core/vault/identity.ts';
import { browser } from '../../platform/browser.ts';
import { broadcast } from '../../platform/background-messaging.ts';
import * as vault from '../vault/service.ts';
import { readVaultSettings } from '../vault/settings.ts';
import { assumeWithAssertion } from './assume.ts';
import { addOffer } from './offers.ts';

const LOOPBACK_PATTERNS = ['http://127.0.0.1/*', 'http://localhost/*'];

interface RequestDetails {
  method: string;
  url: string;
  requestBody?: { formData?: Record<string, string[]>; raw?: { bytes?: ArrayBuffer }[] } | null;
  /** Firefox: the page that posted. */
  originUrl?: string;
  documentUrl?: string;
  /** Chromium: that page's origin. */
  initiator?: string;
}

/** The SAMLResponse field of a posted form, parsed (Chromium and Firefox) or from the raw body. */
export function samlResponseOf(details: RequestDetails): string | undefined {
  const field = details.requestBody?.formData?.['SAMLResponse']?.[0];
  if (typeof field === 'string') return field;
  const raw = details.requestBody?.raw;
  if (!raw?.length) return undefined;
  const parts = raw.map((r) => (r.bytes ? new TextDecoder().decode(r.bytes) : '')).join('');
  return new URLSearchParams(parts).get('SAMLResponse') ?? undefined;
}

function listener(details: RequestDetails): undefined {
  if (details.method !== 'POST') return undefined;
  const value = samlResponseOf(details);
  if (value === undefined) return undefined;
  void capture(details.url, value, idpPage(details.originUrl ?? details.documentUrl ?? details.initiator)).catch(() => undefined);
  return undefined;
}

/**
 * Where the user signs in again: the page that posted, origin and path only — Firefox gives the full
 * address (its query may hold IdP state such as a SAMLRequest), Chromium only the origin.
 */
export function idpPage(url: string | undefined): string | undefined {
  const m = url === undefined ? null : /^(https?:\/\/[^/?#\s@]+)(\/[^?#\s]*)?/i.exec(url);
  return m ? m[1]! + (m[2] ?? '') : undefined;
}

const onBefore = () => browser.webRequest.onBeforeRequest as unknown as {
  addListener(l: (d: RequestDetails) => undefined, filter: { urls: string[] }, extra: string[]): void;
  removeListener(l: (d: RequestDetails) => undefined): void;
};

let registered = '';
/** (Re-)adds the listener for AWS's endpoints, loopback and `extra`. */
export function listenForSaml(extra: readonly string[] = []): void {
  const urls = [...samlUrlPatterns(extra.filter((u) => !/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(u))), ...LOOPBACK_PATTERNS];
  const key = urls.join(' ');
  if (key === registered) return;
  if (registered) onBefore().removeListener(listener);
  onBefore().addListener(listener, { urls }, ['requestBody']);
  registered = key;
}

/** Removes the listener (locked, or capture off): requests to those addresses no longer wake the worker. */
export function stopListeningForSaml(): void {
  if (!registered) return;
  onBefore().removeListener(listener);
  registered = '';
}

async function capture(url: string, value: string, idpUrl: string | undefined): Promise<void> {
  let settings;
  try {
    settings = await readVaultSettings();
  } catch {
    return; // locked: the setting is sealed, nothing is captured
  }
  if (!settings.samlCapture || !isSamlEndpoint(url, settings.samlEndpoints)) return;
  const guard = vault.lockGuard();
  const offerId = crypto.randomUUID();
  const capturedAt = Date.now();
  let info;
  try {
    info = parseSamlResponse(value, { now: capturedAt });
  } catch (e) {
    addOffer({ offerId, roles: [], capturedAt, assertion: '', savedAs: new Map(), error: e instanceof SigvaultError ? e.message : 'The SAML response could not be read.', ...(idpUrl ? { idpUrl } : {}) });
    broadcast('saml.captured', { offerId, roles: 0 });
    return;
  }
  const offer = {
    offerId, roles: info.roles, capturedAt, assertion: info.samlAssertion, savedAs: new Map<string, string>(),
    ...(info.sessionDuration !== undefined ? { sessionDuration: info.sessionDuration } : {}),
    ...(info.roleSessionName !== undefined ? { roleSessionName: info.roleSessionName } : {}),
    ...(info.notOnOrAfter !== undefined ? { expiresAt: info.notOnOrAfter } : {}),
    ...(idpUrl ? { idpUrl } : {}),
  };
  guard.check(); // locked while it was read: the assertion is not kept
  addOffer(offer);
  // A new sign-in renews the roles already saved.
  const { identities } = await vault.allIdentities();
  for (const pair of info.roles) {
    const saved = identities.find((i): i is SamlRole => i.kind === 'saml' && i.roleArn === pair.roleArn && i.principalArn === pair.principalArn);
    if (!saved) continue;
    try {
      await assumeWithAssertion(saved, info.samlAssertion, guard);
      offer.savedAs.set(pair.roleArn, saved.id);
    } catch {
      /* the offer still lists it: saving it again shows AWS's error */
    }
  }
  // used up when every role it grants was renewed: nothing is left to save, so it is not kept
  if (offer.roles.every((r) => offer.savedAs.has(r.roleArn))) offer.assertion = '';
  broadcast('saml.captured', { offerId, roles: info.roles.length });
}

// Listen (with the extra endpoints) while capture is on and the vault unlocked; otherwise not at all.
export async function refreshSamlListener(): Promise<void> {
  const guard = vault.lockGuard();
  let settings;
  try {
    settings = await readVaultSettings();
    guard.check(); // a lock while they were read has removed the listener: it stays removed
  } catch {
    stopListeningForSaml(); // locked
    return;
  }
  if (settings.samlCapture) listenForSaml(settings.samlEndpoints);
  else stopListeningForSaml();
}
