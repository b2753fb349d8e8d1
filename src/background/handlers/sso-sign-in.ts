import type { Handler } from '../../platform/background-messaging.ts';
import { startSignIn } from '../sso/signin.ts';
import { requireString } from '../validate.ts';

/** `sso.signIn { sourceId }` → the user code and verification page; the sign-in finishes in the background. */
export const ssoSignIn: Handler<'sso.signIn'> = async (p) => startSignIn(requireString(p, 'sourceId', { max: 80 }));
