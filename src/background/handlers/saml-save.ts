import { SigvaultError } from '../../core/errors.ts';
import { newRecordId } from '../../core/vault/format.ts';
import { toView, validateFederated, type IdentityView, type SamlRole } from '../../core/vault/identity.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import { assumeWithAssertion } from '../saml/assume.ts';
import { dropOffer, getOffer } from '../saml/offers.ts';
import { requireString } from '../validate.ts';
import * as vault from '../vault/service.ts';

/** `Admin · 111111111111` (role name, account), at most 64 characters. */
function samlLabel(roleArn: string): string {
  const m = /:(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
  return m ? `${m[2]!.slice(0, 48)} · ${m[1]}` : roleArn.slice(-64);
}

/**
 * `saml.save { offerId, roleArns }` → the identities and notices. Each chosen role gets credentials
 * with AssumeRoleWithSAML first; only roles AWS accepted are saved (a role AWS refuses would be an
 * identity that cannot work). A role already saved is renewed, not duplicated. The assertion is
 * dropped afterwards.
 */
export const samlSave: Handler<'saml.save'> = async (p) => {
  const offerId = requireString(p, 'offerId', { max: 64 });
  const arns = (p as { roleArns?: unknown }).roleArns;
  if (!Array.isArray(arns) || arns.length === 0 || arns.length > 100 || arns.some((a) => typeof a !== 'string')) {
    throw new SigvaultError('INVALID_INPUT', 'Choose at least one role to save.', { field: 'roleArns' });
  }
  const guard = vault.lockGuard();
  const offer = getOffer(offerId);
  if (!offer || offer.assertion === '') {
    throw new SigvaultError('NOT_FOUND', 'This SAML sign-in is no longer available (it expired, or the browser restarted): sign in at your identity provider again.', { recordId: offerId });
  }
  const chosen = offer.roles.filter((r) => arns.includes(r.roleArn));
  if (chosen.length !== new Set(arns).size) throw new SigvaultError('INVALID_INPUT', 'A chosen role is not in this sign-in.', { field: 'roleArns' });
  const { identities } = await vault.allIdentities();
  const now = Date.now();
  const saved: SamlRole[] = [];
  const notices: string[] = [];
  let firstError: unknown;
  for (const pair of chosen) {
    const existing = identities.find((i): i is SamlRole => i.kind === 'saml' && i.roleArn === pair.roleArn && i.principalArn === pair.principalArn);
    const identity = validateFederated(existing ?? {
      kind: 'saml', id: newRecordId(), label: samlLabel(pair.roleArn), roleArn: pair.roleArn, principalArn: pair.principalArn,
      ...(offer.sessionDuration !== undefined ? { sessionDuration: offer.sessionDuration } : {}),
      ...(offer.idpUrl !== undefined ? { idpUrl: offer.idpUrl } : {}),
      createdAt: now, updatedAt: now,
    }) as SamlRole;
    const next: SamlRole = existing
      ? { ...identity, ...(offer.sessionDuration !== undefined ? { sessionDuration: offer.sessionDuration } : {}), ...(offer.idpUrl !== undefined ? { idpUrl: offer.idpUrl } : {}), updatedAt: now }
      : identity;
    try {
      const r = await assumeWithAssertion(next, offer.assertion, guard);
      if (r.notice) notices.push(r.notice);
      saved.push(next);
    } catch (e) {
      firstError ??= e;
      notices.push(`${next.label}: ${e instanceof Error ? e.message : 'AWS refused the role.'}`);
    }
  }
  if (saved.length === 0) throw firstError;
  await vault.saveIdentities(saved);
  dropOffer(offerId);
  const views: IdentityView[] = saved.map(toView);
  return { identities: views, notices };
};
