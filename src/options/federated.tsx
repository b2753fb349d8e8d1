/**
 * Options: federated identities (shown while unlocked: sources, settings and tokens are sealed).
 * - IAM Identity Center: the sources (`sso.sources`) with their state, Sign in (`sso.signIn`: the user
 *   code shown so the user can compare it with AWS's page; `sso.changed` tells how it ended), Sync
 *   (`sso.sync`, a progress bar from `sso.progress`), Remove (`sso.removeSource`, optionally with its
 *   identities), and a form to add one (`sso.addSource`).
 * - SAML sign-in capture: the `samlCapture` toggle and the extra `samlEndpoints`, confirmed like any
 *   endpoint that is not AWS's own (CONFIRM_ENDPOINT, then resent with `confirmEndpoint: true`).
 * - Web identity role (`identity.addWebIdentity`): the token is pasted or read from a file, sent once
 *   and cleared from the page; the answer shows its issuer and expiry, never the token.
 * @module
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { call, onEvent, RemoteError } from '../platform/messaging.ts';
import type { EventEnvelope, IdentityView, SamlOfferView, SettingsView, SsoSourceView, SsoSyncResult, VaultSettings } from '../shared/protocol.ts';
import { t, tn } from '../ui/i18n.ts';
import { Field } from '../ui/Field.tsx';
import { requestHostPermission } from './permissions.ts';

type Note = { kind: 'ok' | 'error'; text: string } | null;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function NoteView({ note, id }: { note: Note; id?: string }) {
  if (!note) return null;
  return <p id={id} class={note.kind === 'ok' ? 'note' : 'error'} role={note.kind === 'ok' ? 'status' : 'alert'}>{note.text}</p>;
}

const when = (ms: number) => new Date(ms).toLocaleString();

interface SourceEvent { signedIn: boolean; error?: string; seq: number }

/** One Identity Center source: its state and its actions. */
function SourceItem({ source, progress, lastEvent, onChanged, onRemoved, onSyncStart }: {
  source: SsoSourceView;
  progress: { done: number; total: number } | undefined;
  lastEvent: SourceEvent | undefined;
  onChanged: () => Promise<void>;
  onRemoved: (label: string, removed: number) => void;
  onSyncStart: () => void;
}) {
  const [code, setCode] = useState<{ userCode: string; verificationUri: string; expiresAt: number } | null>(null);
  const [note, setNote] = useState<Note>(null);
  const [syncing, setSyncing] = useState(false);
  const [result, setResult] = useState<SsoSyncResult | null>(null);
  const [removing, setRemoving] = useState(false);
  const [alsoIdentities, setAlsoIdentities] = useState(false);
  const signInRef = useRef<HTMLButtonElement>(null);
  const seen = useRef(lastEvent?.seq ?? 0);

  // how a sign-in (or the sync it starts) ended, from `sso.changed`
  useEffect(() => {
    if (!lastEvent || lastEvent.seq === seen.current) return;
    seen.current = lastEvent.seq;
    if (lastEvent.error) {
      setCode(null);
      setNote({ kind: 'error', text: lastEvent.signedIn ? t('optSsoSyncFailed', lastEvent.error) : t('optSsoFailed', lastEvent.error) });
    } else if (lastEvent.signedIn && code) {
      setCode(null);
      setNote({ kind: 'ok', text: t('optSsoSignedInNow') });
    }
  }, [lastEvent]);

  const shown = code ?? source.signingIn ?? null;
  const state = source.signedIn
    ? source.tokenExpiresAt !== undefined ? t('optSsoSignedInUntil', when(source.tokenExpiresAt)) : t('optSsoSignedIn')
    : t('optSsoSignedOut');
  const idPrefix = `sso-${source.id}`;

  const signIn = async () => {
    setNote(null);
    setResult(null);
    try {
      setCode(await call('sso.signIn', { sourceId: source.id }));
      await onChanged();
    } catch (e) {
      setNote({ kind: 'error', text: message(e) });
    }
  };
  const sync = async () => {
    setNote(null);
    setResult(null);
    onSyncStart();
    setSyncing(true);
    try {
      setResult(await call('sso.sync', { sourceId: source.id }));
    } catch (e) {
      if (e instanceof RemoteError && e.code === 'SIGN_IN_REQUIRED') {
        setNote({ kind: 'error', text: t('optSsoSignInAgain', e.message) });
        signInRef.current?.focus();
      } else {
        setNote({ kind: 'error', text: message(e) });
      }
    } finally {
      setSyncing(false);
      await onChanged().catch(() => undefined);
    }
  };
  const remove = async () => {
    setNote(null);
    try {
      const { removedIdentities } = await call('sso.removeSource', { sourceId: source.id, removeIdentities: alsoIdentities });
      setRemoving(false);
      onRemoved(source.label, removedIdentities); // this item goes away; the section's note says what happened
    } catch (e) {
      setNote({ kind: 'error', text: message(e) });
    }
  };

  return (
    <li class="sso-source" data-source-id={source.id} aria-labelledby={`${idPrefix}-h`}>
      <h3 id={`${idPrefix}-h`}>{source.label}</h3>
      <dl class="sso-facts">
        <dt>{t('optSsoStartUrl')}</dt><dd class="sso-start-url">{source.startUrl}</dd>
        <dt>{t('optSsoRegion')}</dt><dd class="sso-region">{source.region}</dd>
        <dt>{t('optSsoState')}</dt><dd class="sso-state" data-signed-in={String(source.signedIn)}>{state}</dd>
        <dt>{t('optSsoLastSync')}</dt>
        <dd class="sso-last-sync">{source.lastSync ? t('optSsoLastSyncText', when(source.lastSync.at), tn('countAccounts', source.lastSync.accounts, String(source.lastSync.accounts)), tn('countRoles', source.lastSync.roles, String(source.lastSync.roles))) : t('optSsoNeverSynced')}</dd>
        <dt>{t('optSsoIdentities')}</dt><dd class="sso-identities">{String(source.identities)}</dd>
      </dl>
      {shown && (
        <div class="sso-code" role="status" aria-live="polite">
          <p>{t('optSsoCodeIntro')}</p>
          <p class="user-code" aria-label={t('optSsoCodeLabel')}>{shown.userCode}</p>
          <p class="hint">{t('optSsoCodeCompare', when(shown.expiresAt))}</p>
        </div>
      )}
      <div class="row-buttons">
        <button type="button" class="sso-signin" ref={signInRef} aria-describedby={`${idPrefix}-h`} onClick={() => void signIn()}>{t('optSsoSignIn')}</button>
        <button type="button" class="sso-sync" disabled={syncing} aria-describedby={`${idPrefix}-h`} onClick={() => void sync()}>{syncing ? t('optSsoSyncing') : t('optSsoSync')}</button>
        <button type="button" class="sso-remove danger" aria-describedby={`${idPrefix}-h`} onClick={() => { setAlsoIdentities(false); setRemoving(true); }}>{t('optSsoRemove')}</button>
      </div>
      {(syncing || result) && progress && (
        <p class="sso-progress-line">
          <label for={`${idPrefix}-progress`}>{t('optSsoProgress', String(progress.done), String(progress.total))}</label>{' '}
          <progress id={`${idPrefix}-progress`} class="sso-progress" value={progress.done} max={Math.max(progress.total, 1)} />
        </p>
      )}
      {syncing && !progress && <progress class="sso-progress" aria-label={t('optSsoSyncing')} />}
      {result && (
        <p class="note sso-result" role="status">
          {t('optSsoSyncResult', tn('countAccounts', result.accounts, String(result.accounts)), tn('countRoles', result.roles, String(result.roles)), String(result.added), String(result.updated), String(result.vanished))}
        </p>
      )}
      <NoteView note={note} />
      {removing && (
        <div class="confirm sso-remove-confirm" role="alertdialog" aria-labelledby={`${idPrefix}-rm-h`}>
          <p id={`${idPrefix}-rm-h`}><strong>{t('optSsoRemoveTitle', source.label)}</strong></p>
          <p class="hint">{t('optSsoRemoveText')}</p>
          {source.identities > 0 && (
            <label class="check">
              <input type="checkbox" class="sso-remove-identities" checked={alsoIdentities} onChange={(e) => setAlsoIdentities(e.currentTarget.checked)} />
              {' '}{tn('optSsoRemoveIdentities', source.identities, String(source.identities))}
            </label>
          )}
          <button type="button" class="sso-remove-yes danger" onClick={() => void remove()}>{t('optSsoRemoveYes')}</button>{' '}
          <button type="button" class="sso-remove-no" onClick={() => setRemoving(false)}>{t('cancel')}</button>
        </div>
      )}
    </li>
  );
}

function IdentityCenter() {
  const [sources, setSources] = useState<SsoSourceView[] | null>(null);
  const [progress, setProgress] = useState<Record<string, { done: number; total: number }>>({});
  const [events, setEvents] = useState<Record<string, SourceEvent>>({});
  const [label, setLabel] = useState('');
  const [startUrl, setStartUrl] = useState('');
  const [region, setRegion] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [note, setNote] = useState<Note>(null);
  const refresh = async () => setSources((await call('sso.sources', {})).sources);
  useEffect(() => {
    void refresh().catch((e: unknown) => setNote({ kind: 'error', text: message(e) }));
    let seq = 0;
    return onEvent((ev) => {
      if (ev.event === 'sso.progress') {
        const p = ev as EventEnvelope<'sso.progress'>;
        setProgress((m) => ({ ...m, [p.sourceId]: { done: p.done, total: p.total } }));
      } else if (ev.event === 'sso.changed') {
        const c = ev as EventEnvelope<'sso.changed'>;
        seq += 1;
        const e: SourceEvent = { signedIn: c.signedIn, seq, ...(c.error ? { error: c.error } : {}) };
        setEvents((m) => ({ ...m, [c.sourceId]: e }));
        void refresh().catch(() => undefined);
      } else if (ev.event === 'vault.changed') {
        void refresh().catch(() => undefined);
      }
    });
  }, []);
  const add = async (e: Event) => {
    e.preventDefault();
    setNote(null);
    setFieldErrors({});
    try {
      await call('sso.addSource', { label: label.trim(), startUrl: startUrl.trim(), region: region.trim() });
      setLabel(''); setStartUrl(''); setRegion('');
      await refresh();
      setNote({ kind: 'ok', text: t('optSsoAdded') });
    } catch (err) {
      const field = err instanceof RemoteError ? err.details.field : undefined;
      if (field === 'label' || field === 'startUrl' || field === 'region') setFieldErrors({ [field]: message(err) });
      else setNote({ kind: 'error', text: message(err) });
    }
  };
  const onChanged = () => refresh();
  const onRemoved = (label: string, removed: number) => {
    setNote({ kind: 'ok', text: tn('optSsoRemoved', removed, label, String(removed)) });
    void refresh().catch(() => undefined);
  };
  return (
    <section aria-labelledby="sso-h" id="sso-section">
      <h2 id="sso-h">{t('optSsoTitle')}</h2>
      <p class="hint" id="sso-hint">{t('optSsoHint')}</p>
      {sources && sources.length === 0 && <p class="hint" id="sso-none">{t('optSsoNone')}</p>}
      {sources && sources.length > 0 && (
        <ul id="sso-sources">
          {sources.map((s) => <SourceItem key={s.id} source={s} progress={progress[s.id]} lastEvent={events[s.id]} onChanged={onChanged} onRemoved={onRemoved} onSyncStart={() => setProgress((m) => { const { [s.id]: _gone, ...rest } = m; return rest; })} />)}
        </ul>
      )}
      <h3 id="sso-add-h">{t('optSsoAddTitle')}</h3>
      <form id="sso-add" noValidate aria-labelledby="sso-add-h" onSubmit={(e) => void add(e)}>
        <Field id="sso-label" label={t('optSsoLabel')} value={label} onInput={setLabel} error={fieldErrors.label} placeholder={t('optSsoLabelPlaceholder')} />
        <Field id="sso-start-url" label={t('optSsoStartUrl')} value={startUrl} onInput={setStartUrl} error={fieldErrors.startUrl} placeholder="https://my-org.awsapps.com/start" hint={t('optSsoStartUrlHint')} />
        <Field id="sso-region" label={t('optSsoRegion')} value={region} onInput={setRegion} error={fieldErrors.region} placeholder="us-east-1" hint={t('optSsoRegionHint')} />
        <button type="submit">{t('optSsoAdd')}</button>
      </form>
      <NoteView note={note} id="sso-note" />
    </section>
  );
}

/** SAML sign-ins captured and waiting (`saml.pending`): save some of their roles, or dismiss them. */
function SamlOffers() {
  const [offers, setOffers] = useState<SamlOfferView[]>([]);
  const [chosen, setChosen] = useState<Record<string, string[]>>({});
  const [note, setNote] = useState<Note>(null);
  const refresh = async () => {
    const r = await call('saml.pending', {});
    setOffers(r.offers);
    // every unsaved role chosen by default
    setChosen((c) => Object.fromEntries(r.offers.map((o) => [o.offerId, c[o.offerId] ?? o.roles.filter((x) => !x.savedAs).map((x) => x.roleArn)])));
  };
  useEffect(() => {
    void refresh().catch(() => undefined);
    return onEvent((ev) => { if (ev.event === 'saml.captured' || ev.event === 'vault.changed') void refresh().catch(() => undefined); });
  }, []);
  const run = async (fn: () => Promise<string>) => {
    setNote(null);
    try {
      setNote({ kind: 'ok', text: await fn() });
    } catch (e) {
      setNote({ kind: 'error', text: message(e) });
    }
    await refresh().catch(() => undefined);
  };
  if (offers.length === 0 && !note) return null;
  return (
    <div id="saml-offers">
      <h3 id="saml-offers-h">{t('optSamlOffersTitle')}</h3>
      <ul aria-labelledby="saml-offers-h">
        {offers.map((o) => (
          <li key={o.offerId} class="saml-offer" data-offer-id={o.offerId}>
            <p class="hint">
              {t('optSamlOfferCaptured', when(o.capturedAt), o.idpUrl ?? '—')}
              {o.sessionDuration !== undefined && <> {t('optSamlOfferDuration', String(o.sessionDuration))}</>}
              {o.expiresAt !== undefined && <> {t('optSamlOfferExpires', when(o.expiresAt))}</>}
            </p>
            {o.error && <p class="error">{o.error}</p>}
            {o.roles.map((r) => (
              <label class="check" key={r.roleArn}>
                <input type="checkbox" class="saml-offer-role" value={r.roleArn} disabled={r.savedAs !== undefined}
                  checked={r.savedAs !== undefined || (chosen[o.offerId] ?? []).includes(r.roleArn)}
                  onChange={(e) => { const on = e.currentTarget.checked; setChosen((c) => ({ ...c, [o.offerId]: on ? [...(c[o.offerId] ?? []), r.roleArn] : (c[o.offerId] ?? []).filter((x) => x !== r.roleArn) })); }} />
                {' '}<code>{r.roleArn}</code>{r.savedAs !== undefined && <> · {t('optSamlOfferSaved')}</>}
              </label>
            ))}
            <div class="row-buttons">
              <button type="button" class="saml-offer-save primary" disabled={(chosen[o.offerId] ?? []).length === 0}
                onClick={() => void run(async () => {
                  const r = await call('saml.save', { offerId: o.offerId, roleArns: chosen[o.offerId] ?? [] });
                  return [tn('optSamlOfferSavedN', r.identities.length, String(r.identities.length), r.identities.map((i) => i.label).join(', ')), ...r.notices].join(' ');
                })}>{t('optSamlOfferSave')}</button>
              <button type="button" class="saml-offer-dismiss" onClick={() => void run(async () => { await call('saml.dismiss', { offerId: o.offerId }); return t('optSamlOfferDismissed'); })}>{t('optSamlOfferDismiss')}</button>
            </div>
          </li>
        ))}
      </ul>
      <NoteView note={note} id="saml-offers-note" />
    </div>
  );
}

/** The `samlCapture` toggle and the extra SAML endpoints (each new one confirmed by its full URL). */
function SamlCapture({ vault, onSaved }: { vault: VaultSettings; onSaved: (s: SettingsView) => void }) {
  const [url, setUrl] = useState('');
  const [confirm, setConfirm] = useState<string[] | null>(null);
  const [note, setNote] = useState<Note>(null);
  const run = async (fn: () => Promise<string>) => {
    setNote(null);
    try {
      setNote({ kind: 'ok', text: await fn() });
    } catch (e) {
      setNote({ kind: 'error', text: message(e) });
    }
  };
  const save = (list: string[], confirmed: boolean) => {
    // the host permission first, inside the click: browsers grant it only on a user gesture
    // (https only: the background refuses any other non-loopback URL, with its reason)
    const permission = requestHostPermission(list.filter((u) => !vault.samlEndpoints.includes(u) && /^https:/i.test(u.trim())));
    void run(async () => {
      await permission;
      try {
        onSaved(await call('settings.set', { samlEndpoints: list, ...(confirmed ? { confirmEndpoint: true } : {}) }));
      } catch (err) {
        if (err instanceof RemoteError && err.code === 'CONFIRM_ENDPOINT') {
          setConfirm(err.details.urls ?? (err.details.url ? [err.details.url] : []));
          throw new Error(t('optEndpointConfirmAsk'));
        }
        throw err;
      }
      setConfirm(null);
      setUrl('');
      return t('optSaved');
    });
  };
  const pending = () => [...vault.samlEndpoints, url.trim()];
  return (
    <section aria-labelledby="saml-h" id="saml-section">
      <h2 id="saml-h">{t('optSamlTitle')}</h2>
      <p class="hint" id="saml-hint">{t('optSamlHint')}</p>
      <form id="saml-capture-form" onSubmit={(e) => e.preventDefault()}>
        <label class="check">
          <input id="saml-capture" type="checkbox" checked={vault.samlCapture} aria-describedby="saml-hint"
            onChange={(e) => { const on = e.currentTarget.checked; void run(async () => { onSaved(await call('settings.set', { samlCapture: on })); return t('optSaved'); }); }} />
          {' '}{t('optSamlToggle')}
        </label>
      </form>
      <SamlOffers />
      <h3 id="saml-endpoints-h">{t('optSamlEndpointsTitle')}</h3>
      <p class="hint" id="saml-endpoints-hint">{t('optSamlEndpointsHint')}</p>
      {vault.samlEndpoints.length > 0 && (
        <ul id="saml-endpoints" aria-labelledby="saml-endpoints-h">
          {vault.samlEndpoints.map((u) => (
            <li key={u} data-url={u}>
              <code>{u}</code>{' '}
              <button type="button" class="saml-endpoint-remove" aria-label={t('optSamlEndpointRemoveLabel', u)}
                onClick={() => save(vault.samlEndpoints.filter((x) => x !== u), false)}>{t('optSamlEndpointRemove')}</button>
            </li>
          ))}
        </ul>
      )}
      <form id="saml-endpoint-add" noValidate onSubmit={(e) => { e.preventDefault(); setConfirm(null); save(pending(), false); }}>
        <label for="saml-endpoint-new">{t('optSamlEndpointNew')}</label>
        <input id="saml-endpoint-new" type="url" placeholder="https://sso.example.com/saml" value={url} spellcheck={false} autocomplete="off" aria-describedby="saml-endpoints-hint"
          onInput={(e) => { setConfirm(null); setUrl(e.currentTarget.value); }} />
        <button type="submit">{t('optSamlEndpointAdd')}</button>
      </form>
      <NoteView note={note} id="saml-note" />
      {confirm && (
        <div id="saml-endpoint-confirm" class="confirm" role="alertdialog" aria-labelledby="saml-confirm-h" aria-describedby="saml-confirm-text">
          <p id="saml-confirm-h"><strong>{t('optSamlConfirmTitle')}</strong></p>
          <ul>{confirm.map((u) => <li key={u}><code>{u}</code></li>)}</ul>
          <p id="saml-confirm-text">{t('optSamlConfirmText')}</p>
          <button type="button" id="saml-endpoint-confirm-yes" class="danger" onClick={() => save(pending(), true)}>{t('optEndpointConfirmYes')}</button>{' '}
          <button type="button" id="saml-endpoint-confirm-no" onClick={() => setConfirm(null)}>{t('cancel')}</button>
        </div>
      )}
    </section>
  );
}

const WI_FIELDS: Record<string, string> = { label: 'wi-label', roleArn: 'wi-role-arn', webIdentityToken: 'wi-token', sessionName: 'wi-session', durationSeconds: 'wi-duration' };

/** A role assumed with an OIDC token: the token is sent once and cleared from the page. */
function WebIdentity() {
  const [label, setLabel] = useState('');
  const [roleArn, setRoleArn] = useState('');
  const [token, setToken] = useState('');
  const [fileToken, setFileToken] = useState<{ name: string; text: string } | null>(null);
  const [sessionName, setSessionName] = useState('');
  const [duration, setDuration] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [note, setNote] = useState<Note>(null);
  const [added, setAdded] = useState<{ label: string; tokenIssuer?: string; tokenExpiresAt?: number } | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const clearToken = () => {
    setToken('');
    setFileToken(null);
    if (fileRef.current) fileRef.current.value = '';
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    setNote(null);
    setErrors({});
    setAdded(null);
    const webIdentityToken = (fileToken?.text ?? token).trim();
    // the token leaves the page's state now, whatever the answer: it is never shown again
    clearToken();
    try {
      const view = await call('identity.addWebIdentity', {
        label: label.trim(), roleArn: roleArn.trim(), webIdentityToken,
        ...(sessionName.trim() ? { sessionName: sessionName.trim() } : {}),
        ...(duration.trim() ? { durationSeconds: Number(duration.trim()) } : {}),
      });
      setAdded(view as IdentityView & { tokenIssuer?: string; tokenExpiresAt?: number });
      setLabel(''); setRoleArn(''); setSessionName(''); setDuration('');
    } catch (err) {
      const field = err instanceof RemoteError ? err.details.field : undefined;
      if (field && WI_FIELDS[field]) setErrors({ [field]: field === 'webIdentityToken' ? t('optWiTokenError', message(err)) : message(err) });
      else setNote({ kind: 'error', text: message(err) });
    }
  };
  return (
    <section aria-labelledby="wi-h" id="wi-section">
      <h2 id="wi-h">{t('optWiTitle')}</h2>
      <p class="hint" id="wi-hint">{t('optWiHint')}</p>
      <form id="wi-add" noValidate onSubmit={(e) => void submit(e)}>
        <Field id="wi-label" label={t('optWiLabel')} value={label} onInput={setLabel} error={errors.label} />
        <Field id="wi-role-arn" label={t('optWiRoleArn')} value={roleArn} onInput={setRoleArn} error={errors.roleArn} placeholder="arn:aws:iam::123456789012:role/ci-deploy" />
        <div class="field">
          <label for="wi-token">{t('optWiToken')}</label>
          <textarea id="wi-token" rows={4} spellcheck={false} autocomplete="off" value={token} disabled={fileToken !== null}
            aria-invalid={errors.webIdentityToken ? 'true' : undefined} aria-describedby={errors.webIdentityToken ? 'wi-token-hint wi-token-error' : 'wi-token-hint'}
            onInput={(e) => setToken(e.currentTarget.value)} />
          <small id="wi-token-hint" class="hint">{t('optWiTokenHint')}</small>
          {errors.webIdentityToken && <small id="wi-token-error" class="field-error" role="alert">{errors.webIdentityToken}</small>}
        </div>
        <label for="wi-token-file">{t('optWiTokenFile')}</label>
        <input id="wi-token-file" type="file" ref={fileRef} aria-describedby="wi-token-file-state"
          onChange={async (e) => {
            const f = e.currentTarget.files?.[0];
            if (!f) { setFileToken(null); return; }
            if (f.size > 64 * 1024) { setErrors({ webIdentityToken: t('optWiTokenFileTooBig') }); e.currentTarget.value = ''; return; }
            setFileToken({ name: f.name, text: await f.text() });
          }} />
        <p id="wi-token-file-state" class="hint" aria-live="polite">
          {fileToken ? t('optWiTokenFromFile', fileToken.name) : ''}
          {fileToken && <>{' '}<button type="button" id="wi-token-file-clear" onClick={clearToken}>{t('optWiTokenFileClear')}</button></>}
        </p>
        <Field id="wi-session" label={t('optWiSessionName')} value={sessionName} onInput={setSessionName} error={errors.sessionName} hint={t('optOptional')} />
        <Field id="wi-duration" label={t('optWiDuration')} value={duration} onInput={setDuration} error={errors.durationSeconds} hint={t('optWiDurationHint')} placeholder="3600" />
        <button type="submit">{t('optWiAdd')}</button>
      </form>
      <NoteView note={note} id="wi-note" />
      {added && (
        <p id="wi-added" class="note" role="status">
          {t('optWiAdded', added.label, added.tokenIssuer ?? '—', added.tokenExpiresAt !== undefined ? when(added.tokenExpiresAt) : t('optWiNoExpiry'))}
        </p>
      )}
    </section>
  );
}

export function Federated({ vault, onSaved }: { vault: VaultSettings; onSaved: (s: SettingsView) => void }) {
  return (
    <>
      <IdentityCenter />
      <SamlCapture vault={vault} onSaved={onSaved} />
      <WebIdentity />
    </>
  );
}
