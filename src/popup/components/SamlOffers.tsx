import { useEffect, useState } from 'preact/hooks';
import type { SamlOfferView } from '../../shared/protocol.ts';
import { t, tn } from '../../ui/i18n.ts';
import { errorText } from '../errors.ts';
import type { PopupApi } from '../state.ts';

/** `arn:aws:iam::111111111111:role/path/Admin` → `Admin · 111111111111`. */
function roleText(roleArn: string): string {
  const m = /:(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
  return m ? `${m[2]} · ${m[1]}` : roleArn;
}

/**
 * A compact notice for SAML sign-ins the background captured (`saml.pending`): review opens the roles
 * with checkboxes; Save gets their credentials (`saml.save`); Dismiss drops the offer and its assertion.
 * A sign-in that only renewed saved roles, or could not be read, says so in one line.
 */
export function SamlOffers({ api }: { api: Pick<PopupApi, 'call' | 'onEvent'> }) {
  const [offers, setOffers] = useState<SamlOfferView[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let live = true;
    const load = () => void api.call('saml.pending', {}).then((r) => { if (live) setOffers(r.offers); }, () => undefined);
    load();
    const off = api.onEvent((e) => { if (e.event === 'saml.captured') load(); });
    return () => { live = false; off(); };
  }, [api]);
  const offer = offers.find((o) => o.offerId === open);
  const dismiss = async (offerId: string) => {
    await api.call('saml.dismiss', { offerId }).catch(() => undefined);
    setOffers(offers.filter((o) => o.offerId !== offerId));
    if (open === offerId) setOpen(null);
  };
  const save = async () => {
    if (!offer) return;
    setBusy(true);
    setStatus(null);
    try {
      const r = await api.call('saml.save', { offerId: offer.offerId, roleArns: [...chosen] });
      setStatus({ error: false, text: [tn('samlSaved', r.identities.length, String(r.identities.length)), ...r.notices].join(' ') });
      setOffers(offers.filter((o) => o.offerId !== offer.offerId));
      setOpen(null);
    } catch (e) {
      setStatus({ error: true, text: errorText(e) });
    } finally {
      setBusy(false);
    }
  };
  if (offers.length === 0 && !status) return null;
  return (
    <section id="saml-offers" class="notice compact" aria-label={t('samlOffersLabel')}>
      {offers.map((o) => {
        const fresh = o.roles.filter((r) => !r.savedAs);
        if (o.error) {
          return (
            <p key={o.offerId} class="saml-offer error">{t('samlUnreadable', o.error)}{' '}
              <button type="button" class="link" onClick={() => void dismiss(o.offerId)}>{t('samlDismiss')}</button></p>
          );
        }
        return (
          <p key={o.offerId} class="saml-offer">
            {fresh.length === 0 ? tn('samlRenewed', o.roles.length, String(o.roles.length)) : tn('samlCaptured', fresh.length, String(fresh.length))}{' '}
            {fresh.length > 0 && open !== o.offerId && (
              <button type="button" class="link" id="saml-review" onClick={() => { setOpen(o.offerId); setChosen(new Set(fresh.map((r) => r.roleArn))); }}>{t('samlReview')}</button>
            )}{' '}
            <button type="button" class="link" onClick={() => void dismiss(o.offerId)}>{t('samlDismiss')}</button>
          </p>
        );
      })}
      {offer && (
        <form id="saml-save" onSubmit={(e) => { e.preventDefault(); void save(); }}>
          <fieldset>
            <legend>{offer.sessionDuration ? t('samlChooseWithDuration', String(Math.round(offer.sessionDuration / 360) / 10)) : t('samlChoose')}</legend>
            {offer.roles.map((r) => (
              <label class="check" key={r.roleArn}>
                <input type="checkbox" value={r.roleArn} checked={chosen.has(r.roleArn)} disabled={!!r.savedAs}
                  onChange={(e) => { const next = new Set(chosen); if (e.currentTarget.checked) next.add(r.roleArn); else next.delete(r.roleArn); setChosen(next); }} />
                {' '}{roleText(r.roleArn)}{r.savedAs ? ` (${t('samlAlreadySaved')})` : ''}
              </label>
            ))}
          </fieldset>
          <div class="actions">
            <button type="submit" class="primary" disabled={busy || chosen.size === 0}>{busy ? t('addBusy') : t('samlSave')}</button>
            <button type="button" onClick={() => setOpen(null)}>{t('cancel')}</button>
          </div>
        </form>
      )}
      {status && <p id="saml-status" class={status.error ? 'error' : 'hint'} role="status">{status.text}</p>}
    </section>
  );
}
