import type { Handler } from '../../platform/background-messaging.ts';
import { pendingViews } from '../saml/offers.ts';
import * as vault from '../vault/service.ts';

/** `saml.pending` → captured SAML sign-ins not yet saved or dismissed (roles only, never the assertion). */
export const samlPending: Handler<'saml.pending'> = async () => {
  await vault.requireUnlocked();
  return { offers: pendingViews() };
};
