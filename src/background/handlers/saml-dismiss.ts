import type { Handler } from '../../platform/background-messaging.ts';
import { dropOffer } from '../saml/offers.ts';
import { requireString } from '../validate.ts';

/** `saml.dismiss { offerId }`: the offer and its assertion are dropped. */
export const samlDismiss: Handler<'saml.dismiss'> = async (p) => ({ dismissed: dropOffer(requireString(p, 'offerId', { max: 64 })) });
