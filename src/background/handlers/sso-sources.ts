import { toSourceView } from '../../core/sso/sources.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import { signingIn } from '../sso/signin.ts';
import { readSources } from '../sso/store.ts';
import * as vault from '../vault/service.ts';

/** `sso.sources` → every Identity Center source: sign-in state, last sync, identities (never a token). */
export const ssoSources: Handler<'sso.sources'> = async () => {
  const [sources, { views }] = await Promise.all([readSources(), vault.catalog()]);
  const counts = new Map<string, number>();
  for (const v of views.values()) if (v.kind === 'sso') counts.set(v.sourceId, (counts.get(v.sourceId) ?? 0) + 1);
  const now = Date.now();
  return {
    sources: sources.map((s) => {
      const view = toSourceView(s, counts.get(s.id) ?? 0, now);
      const waiting = signingIn(s.id);
      return waiting ? { ...view, signingIn: waiting } : view;
    }),
  };
};
