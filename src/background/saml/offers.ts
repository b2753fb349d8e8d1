/**
 * Captured SAML sign-ins waiting for the user (`saml.pending`). The assertion is a bearer secret: it is
 * held in this worker's memory only — never written to any storage, never sent to a page — until the
 * offer is saved, dismissed, or its NotOnOrAfter passes; then it is dropped. A worker that stops loses
 * the offers (the user signs in at the IdP again). At most {@link MAX_OFFERS} are kept (newest).
 * @module
 */
import type { SamlRolePair } from '../../core/saml/response.ts';
import type { SamlOfferView } from '../../shared/protocol.ts';
import * as vault from '../vault/service.ts';

export interface SamlOffer {
  offerId: string;
  roles: SamlRolePair[];
  sessionDuration?: number;
  roleSessionName?: string;
  capturedAt: number;
  /** NotOnOrAfter (ms). */
  expiresAt?: number;
  idpUrl?: string;
  /** Secret. */
  assertion: string;
  /** Role ARN → id of the saml identity refreshed from this sign-in. */
  savedAs: Map<string, string>;
  /** The response could not be read (no roles, no assertion kept): why. */
  error?: string;
}

export const MAX_OFFERS = 5;
/** An assertion without NotOnOrAfter is dropped after this long (AWS accepts assertions for 5 minutes). */
const DEFAULT_LIFETIME_MS = 5 * 60_000;

let offers: SamlOffer[] = [];
vault.onLock(() => {
  offers = [];
});

function live(now = Date.now()): SamlOffer[] {
  offers = offers.filter((o) => (o.expiresAt ?? o.capturedAt + DEFAULT_LIFETIME_MS) > now);
  return offers;
}

export function addOffer(offer: SamlOffer): void {
  offers = [offer, ...live().filter((o) => o.offerId !== offer.offerId)].slice(0, MAX_OFFERS);
}

export function getOffer(offerId: string): SamlOffer | undefined {
  return live().find((o) => o.offerId === offerId);
}

export function dropOffer(offerId: string): boolean {
  const before = offers.length;
  offers = offers.filter((o) => o.offerId !== offerId);
  return offers.length !== before;
}

export function offerView(o: SamlOffer): SamlOfferView {
  const view: SamlOfferView = {
    offerId: o.offerId,
    roles: o.roles.map((r) => ({ ...r, ...(o.savedAs.has(r.roleArn) ? { savedAs: o.savedAs.get(r.roleArn)! } : {}) })),
    capturedAt: o.capturedAt,
  };
  if (o.sessionDuration !== undefined) view.sessionDuration = o.sessionDuration;
  if (o.expiresAt !== undefined) view.expiresAt = o.expiresAt;
  if (o.idpUrl !== undefined) view.idpUrl = o.idpUrl;
  if (o.error !== undefined) view.error = o.error;
  return view;
}

export function pendingViews(): SamlOfferView[] {
  return live().map(offerView);
}
