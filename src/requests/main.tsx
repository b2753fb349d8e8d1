/**
 * The request console: compose a request (identity, method, URL or `s3://bucket/key`, headers, body with
 * JSON and form helpers, presets), send it signed from the background (`request.send`) or presign it
 * (`request.presign`), and read the answer: status, headers, timing, the body pretty-printed, the
 * signing view, and — for `SignatureDoesNotMatch` — AWS's canonical request beside ours with the first
 * difference marked. Copy as curl / fetch (credentials as `$AWS_…` variables), and the history
 * (`request.history`, `request.clearHistory`). Receives view models only: no secret reaches this page
 * (a role's presigned URL carries its session token, as AWS's protocol puts it there).
 * @module
 */
import { render } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from '../platform/browser.ts';
import { call, onEvent, RemoteError } from '../platform/messaging.ts';
import { callOverPort } from '../platform/port-call.ts';
import type { EventEnvelope, HistoryEntry, IdentityView, ResponseOf, VaultStatus } from '../shared/protocol.ts';
import { parseRequestsHash } from '../shared/requests-page.ts';
import { t, tn } from '../ui/i18n.ts';
import { applyTheme, readThemeMirror } from '../ui/theme.ts';
import { applyPreset, PRESETS } from '../core/request/presets.ts';
import { formatJson, formDecode, formEncode, headersFromRows, rowsFromHeaders, type Row } from '../core/request/compose.ts';
import { inferTarget, s3UriToUrl, type InferredTarget } from '../core/request/target.ts';
import { curlCommand, fetchSnippet } from '../core/request/snippets.ts';
import { ResponseView } from './ResponseView.tsx';
import { Rows } from './Rows.tsx';

applyTheme(readThemeMirror());

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'PATCH'] as const;

type Mode = 'send' | 'presign';
type SendResult = ResponseOf<'request.send'>;
type PresignResult = ResponseOf<'request.presign'>;

interface Failure {
  text: string;
  code?: string;
  /** PERMISSION_REQUIRED: the origin pattern to ask for. */
  origin?: string;
  /** MFA_REQUIRED: a code field is shown, the request is sent again with it. */
  mfa?: boolean;
}

interface MfaAsk { requestId: string; label: string; mfaSerial: string }

function failureOf(e: unknown): Failure {
  if (e instanceof RemoteError) {
    const d = e.details as { field?: string; origin?: string };
    const text = d.field && e.code === 'INVALID_INPUT' ? t('rqErrorField', e.message, d.field) : e.message;
    return { text, code: e.code, ...(e.code === 'PERMISSION_REQUIRED' && d.origin ? { origin: d.origin } : {}), ...(e.code === 'MFA_REQUIRED' ? { mfa: true } : {}) };
  }
  return { text: e instanceof Error ? e.message : String(e) };
}

/** The identities that can sign (console roles have no keys; unknown kinds cannot be read). */
function signers(list: IdentityView[]): IdentityView[] {
  return list.filter((v) => v.kind !== 'console-role' && v.kind !== 'unknown');
}

/** What the host says, for the form: the target, or why the URL cannot be read. */
function inferFor(url: string, region: string): { target?: InferredTarget; url?: string; error?: string } {
  const trimmed = url.trim();
  if (trimmed === '') return {};
  try {
    const u = /^s3:\/\//i.test(trimmed) ? s3UriToUrl(trimmed, region) : trimmed;
    if (!/^https?:\/\//i.test(u)) return { error: t('rqUrlScheme') };
    return { target: inferTarget(u), url: u };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

function App() {
  const route = useMemo(() => parseRequestsHash(location.hash), []);
  const [status, setStatus] = useState<VaultStatus | null>(null);
  const [identities, setIdentities] = useState<IdentityView[]>([]);
  const [id, setId] = useState(route.id ?? '');
  const [mode, setMode] = useState<Mode>(route.mode);
  const [method, setMethod] = useState('GET');
  const [url, setUrl] = useState('');
  const [headers, setHeaders] = useState<Row[]>([]);
  const [body, setBody] = useState('');
  const [bodyNote, setBodyNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [formRows, setFormRows] = useState<Row[] | null>(null);
  const [service, setService] = useState('');
  const [region, setRegion] = useState('');
  const [sigv4a, setSigv4a] = useState(false);
  const [regionSet, setRegionSet] = useState('');
  const [expiresIn, setExpiresIn] = useState('3600');
  const [preset, setPreset] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [mfaCode, setMfaCode] = useState('');
  const [mfaAsk, setMfaAsk] = useState<MfaAsk | null>(null);
  const [mfaAskCode, setMfaAskCode] = useState('');
  const [result, setResult] = useState<SendResult | null>(null);
  const [presigned, setPresigned] = useState<PresignResult | null>(null);
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [snippet, setSnippet] = useState<{ kind: 'curl' | 'fetch'; text: string } | null>(null);
  const [notice, setNotice] = useState('');
  const resultHeading = useRef<HTMLHeadingElement>(null);
  /** The settings' default region: what the background signs for when neither the host, the field nor the identity names one. */
  const [defaultRegion, setDefaultRegion] = useState('us-east-1');

  const unlocked = status?.state === 'unlocked';
  const identity = identities.find((v) => v.id === id);
  const fallbackRegion = region || identity?.region || defaultRegion;
  const inferred = inferFor(url, fallbackRegion);
  const hostNeedsV4a = inferred.target?.sigv4a === true;
  const useV4a = hostNeedsV4a || sigv4a;

  const loadIdentities = async () => {
    const s = await call('vault.status', {});
    setStatus(s);
    if (s.state !== 'unlocked') return;
    const list = signers((await call('identity.list', { display: true })).identities);
    setIdentities(list);
    setId((cur) => (list.some((v) => v.id === cur) ? cur : list[0]?.id ?? ''));
    setHistory((await call('request.history', {})).entries);
  };

  useEffect(() => {
    void loadIdentities().catch((e) => setFailure(failureOf(e)));
    void call('settings.get', {}).then((st) => { setDefaultRegion(st.defaultRegion); applyTheme(st.theme); }, () => undefined);
    return onEvent((ev) => {
      if (ev.event === 'vault.locked') {
        setStatus((s) => (s ? { ...s, state: 'locked' } : s));
        setMfaAsk(null);
      } else if (ev.event === 'vault.unlocked' || ev.event === 'vault.changed') {
        void loadIdentities().catch(() => undefined);
      } else if (ev.event === 'mfa.required') {
        const m = ev as EventEnvelope<'mfa.required'>;
        setMfaAsk({ requestId: m.requestId, label: m.label, mfaSerial: m.mfaSerial });
        setMfaAskCode('');
      }
    });
  }, []);

  const loadPreset = (presetId: string) => {
    setPreset(presetId);
    const r = applyPreset(presetId, { region: fallbackRegion });
    if (!r) return;
    setMethod(r.method);
    setUrl(r.url);
    setHeaders(rowsFromHeaders(r.headers));
    setBody(r.body);
    setBodyNote(null);
    setFormRows(null);
    setService('');
    setSigv4a(false);
  };

  const loadHistory = (e: HistoryEntry) => {
    if (identities.some((v) => v.id === e.identityId)) setId(e.identityId);
    setMode('send');
    setMethod(e.method);
    setUrl(e.url);
    setHeaders(rowsFromHeaders(e.headers));
    setBody(e.body ?? '');
    setBodyNote(e.bodyOmitted ? { ok: false, text: t('rqHistoryBodyOmitted') } : null);
    setFormRows(null);
    const inf = inferFor(e.url, e.region).target;
    setService(inf?.service === e.service ? '' : e.service);
    setRegion(inf?.region === e.region || e.signingAlgorithm === 'sigv4a' ? '' : e.region);
    setSigv4a(e.signingAlgorithm === 'sigv4a' && !inf?.sigv4a);
    setRegionSet(e.regionSet && e.regionSet !== '*' ? e.regionSet : '');
    setPreset('');
    setNotice(t('rqHistoryLoaded'));
  };

  const requestHeaders = (): Record<string, string> | undefined => {
    const h = headersFromRows(headers);
    if ('error' in h) {
      setFailure({ text: h.error, code: 'INVALID_INPUT' });
      return undefined;
    }
    return h.headers;
  };

  const common = () => ({
    id, method, url: url.trim(),
    ...(service.trim() ? { service: service.trim() } : {}),
    ...(region.trim() ? { region: region.trim() } : {}),
    ...(sigv4a && !hostNeedsV4a ? { signingAlgorithm: 'sigv4a' as const } : {}),
    ...(useV4a && regionSet.trim() ? { regionSet: regionSet.trim() } : {}),
  });

  const submit = async (withCode?: string) => {
    setFailure(null);
    setNotice('');
    setSnippet(null);
    if (!id) {
      setFailure({ text: t('rqNoIdentity'), code: 'INVALID_INPUT' });
      return;
    }
    const h = requestHeaders();
    if (!h) return;
    setBusy(true);
    try {
      const code = withCode ? { mfaCode: withCode } : {};
      if (mode === 'send') {
        const r = await callOverPort('request.send', { ...common(), headers: h, ...(body !== '' ? { body } : {}), ...code });
        setResult(r);
        setPresigned(null);
      } else {
        const secs = Number(expiresIn);
        const r = await call('request.presign', { ...common(), expiresIn: Number.isFinite(secs) ? Math.trunc(secs) : 0, ...code });
        setPresigned(r);
        setResult(null);
      }
      setMfaCode('');
      resultHeading.current?.focus();
    } catch (e) {
      setFailure(failureOf(e));
    } finally {
      setBusy(false);
      setMfaAsk(null);
      void call('request.history', {}).then((r) => setHistory(r.entries)).catch(() => undefined);
    }
  };

  /** From the click itself: browsers grant an optional host permission only in a user gesture. */
  const grantAndResend = (origin: string) => {
    browser.permissions.request({ origins: [origin] }).then((granted) => {
      if (granted) void submit();
      else setFailure({ text: t('rqPermissionDenied', origin), code: 'PERMISSION_REQUIRED', origin });
    }, (e: unknown) => setFailure(failureOf(e)));
  };

  const provideMfa = async () => {
    if (!mfaAsk || !/^\d{6}$/.test(mfaAskCode)) return;
    try {
      const r = await call('mfa.provide', { requestId: mfaAsk.requestId, code: mfaAskCode });
      if (!r.accepted) setNotice(t('rqMfaExpired'));
      setMfaAsk(null);
    } catch (e) {
      setFailure(failureOf(e));
    }
  };

  /** Copies `text`; with `clear` (a URL carrying a session token), the background empties the clipboard in 30 s, as for copied credentials. */
  const copy = async (text: string, done: string, clear = false) => {
    try {
      await navigator.clipboard.writeText(text);
      if (clear) await call('clipboard.clearLater', {});
      setNotice(done);
    } catch {
      setNotice(t('rqCopyFailed'));
    }
  };

  const makeSnippet = (kind: 'curl' | 'fetch') => {
    setFailure(null);
    const h = requestHeaders();
    if (!h || !inferred.url) {
      if (!inferred.url) setFailure({ text: inferred.error ?? t('rqUrlScheme'), code: 'INVALID_INPUT' });
      return;
    }
    const svc = service.trim() || inferred.target?.service;
    if (!svc) {
      setFailure({ text: t('rqServiceNeeded'), code: 'INVALID_INPUT' });
      return;
    }
    if (kind === 'curl' && useV4a) {
      setFailure({ text: t('rqCurlNoV4a') });
      return;
    }
    const req = {
      method, url: inferred.url, headers: h, ...(body !== '' ? { body } : {}), service: svc,
      region: region.trim() || inferred.target?.region || fallbackRegion, sessionToken: identity !== undefined && identity.kind !== 'user',
    };
    try {
      const text = kind === 'curl' ? curlCommand(req) : fetchSnippet(req);
      setSnippet({ kind, text });
      void copy(text, kind === 'curl' ? t('rqCopiedCurl') : t('rqCopiedFetch'));
    } catch (e) {
      setFailure(failureOf(e));
    }
  };

  const clearHistory = async () => {
    try {
      const r = await call('request.clearHistory', {});
      setHistory([]);
      setNotice(tn('rqHistoryCleared', r.cleared, String(r.cleared)));
    } catch (e) {
      setFailure(failureOf(e));
    }
  };

  const useFormBody = () => {
    setBody(formEncode(formRows ?? []));
    if (!headers.some((r) => r.name.trim().toLowerCase() === 'content-type')) {
      setHeaders([...headers, { name: 'Content-Type', value: 'application/x-www-form-urlencoded; charset=utf-8' }]);
    }
    setBodyNote({ ok: true, text: t('rqFormApplied') });
  };

  /** What the request will be signed for, and where that comes from (the host, or the fields below). */
  const targetText = (target: InferredTarget): string => {
    const svc = service.trim() || target.service;
    if (!svc) return t('rqNotInferred');
    const where = useV4a ? t('rqAllRegionsIn', regionSet.trim() || '*')
      : region.trim() || target.region || t('rqRegionFallback', fallbackRegion);
    return service.trim() || region.trim() ? t('rqGiven', svc, where) : t('rqInferred', svc, where);
  };

  const presignMethods = inferred.target?.service === 's3' || service.trim() === 's3' ? ['GET', 'PUT'] : ['GET'];

  if (status && !unlocked) {
    return (
      <main>
        <h1>{t('rqTitle')}</h1>
        <p id="vault-locked" class="error" role="alert">{status.state === 'absent' ? t('rqNoVault') : t('rqLocked')}</p>
      </main>
    );
  }

  return (
    <main>
      <h1>{t('rqTitle')}</h1>
      <p class="hint">{t('rqIntro')}</p>
      <div class="layout">
        <div>
          <section aria-labelledby="compose-h">
            <h2 id="compose-h">{t('rqCompose')}</h2>
            <form id="compose" noValidate onSubmit={(e) => { e.preventDefault(); void submit(); }}>
              <div class="row">
                <div class="field">
                  <label for="identity">{t('rqIdentity')}</label>
                  <select id="identity" value={id} onChange={(e) => setId(e.currentTarget.value)}>
                    {identities.length === 0 && <option value="">{t('rqNoIdentities')}</option>}
                    {identities.map((v) => <option key={v.id} value={v.id}>{v.label}{v.kind !== 'user' ? ` (${t('rqRole')})` : ''}</option>)}
                  </select>
                </div>
                <fieldset>
                  <legend>{t('rqMode')}</legend>
                  <label class="check"><input type="radio" name="mode" id="mode-send" checked={mode === 'send'} onChange={() => setMode('send')} /> {t('rqModeSend')}</label>
                  <label class="check"><input type="radio" name="mode" id="mode-presign" checked={mode === 'presign'} onChange={() => { setMode('presign'); if (method !== 'GET' && method !== 'PUT') setMethod('GET'); }} /> {t('rqModePresign')}</label>
                </fieldset>
                <div class="field">
                  <label for="preset">{t('rqPreset')}</label>
                  <select id="preset" value={preset} onChange={(e) => loadPreset(e.currentTarget.value)}>
                    <option value="">{t('rqPresetNone')}</option>
                    {PRESETS.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
                  </select>
                </div>
              </div>
              <div class="row">
                <div class="field">
                  <label for="method">{t('rqMethod')}</label>
                  <select id="method" value={method} onChange={(e) => setMethod(e.currentTarget.value)}>
                    {(mode === 'presign' ? presignMethods : METHODS).map((m) => <option key={m} value={m}>{m}</option>)}
                  </select>
                </div>
                <div class="field grow">
                  <label for="url">{t('rqUrl')}</label>
                  <input id="url" type="text" spellcheck={false} autoComplete="off" placeholder="https://s3.us-east-1.amazonaws.com/ or s3://bucket/key"
                    value={url} onInput={(e) => setUrl(e.currentTarget.value)} aria-describedby="inferred" />
                </div>
              </div>
              <p id="inferred" class={inferred.error ? 'error' : 'hint'} aria-live="polite">
                {inferred.error ? inferred.error : inferred.target ? targetText(inferred.target) : ''}
              </p>
              <div class="row">
                <div class="field">
                  <label for="service">{t('rqService')}</label>
                  <input id="service" type="text" size={14} spellcheck={false} placeholder={inferred.target?.service ?? 's3'} value={service} onInput={(e) => setService(e.currentTarget.value)} />
                </div>
                <div class="field">
                  <label for="region">{t('rqRegion')}</label>
                  <input id="region" type="text" size={14} spellcheck={false} placeholder={inferred.target?.region ?? fallbackRegion} value={region} onInput={(e) => setRegion(e.currentTarget.value)} />
                </div>
                <label class="check">
                  <input type="checkbox" id="sigv4a" checked={useV4a} disabled={hostNeedsV4a} onChange={(e) => setSigv4a(e.currentTarget.checked)} />
                  {hostNeedsV4a ? t('rqSigv4aRequired') : t('rqSigv4a')}
                </label>
                {useV4a && (
                  <div class="field">
                    <label for="region-set">{t('rqRegionSet')}</label>
                    <input id="region-set" type="text" size={16} spellcheck={false} placeholder="*" value={regionSet} onInput={(e) => setRegionSet(e.currentTarget.value)} />
                  </div>
                )}
              </div>

              {mode === 'send' && (
                <>
                  <h3 id="headers-h">{t('rqHeaders')}</h3>
                  <div class="kv" role="group" aria-labelledby="headers-h">
                    <Rows rows={headers} onChange={setHeaders} classes={['header-name', 'header-value']} labels={{ name: 'rqHeaderName', value: 'rqHeaderValue', remove: 'rqHeaderRemove' }} />
                  </div>
                  <button type="button" class="small" id="add-header" onClick={() => setHeaders([...headers, { name: '', value: '' }])}>{t('rqHeaderAdd')}</button>

                  <h3><label for="body">{t('rqBody')}</label></h3>
                  <textarea id="body" spellcheck={false} value={body} onInput={(e) => { setBody(e.currentTarget.value); setBodyNote(null); }} aria-describedby="body-note" />
                  <div class="row">
                    <button type="button" class="small" id="format-json" onClick={() => {
                      const r = formatJson(body);
                      if (r.ok) { setBody(r.text); setBodyNote({ ok: true, text: t('rqJsonValid') }); } else setBodyNote({ ok: false, text: t('rqJsonInvalid', r.error) });
                    }}>{t('rqJsonFormat')}</button>
                    <button type="button" class="small" id="form-helper" aria-expanded={formRows !== null} onClick={() => setFormRows(formRows === null ? (formDecode(body) ?? []).concat(body === '' ? [{ name: '', value: '' }] : []) : null)}>{t('rqFormHelper')}</button>
                  </div>
                  <p id="body-note" class={bodyNote && !bodyNote.ok ? 'error' : 'note'} aria-live="polite">{bodyNote?.text ?? ''}</p>
                  {formRows !== null && (
                    <fieldset id="form-rows">
                      <legend>{t('rqFormRows')}</legend>
                      <div class="kv">
                        <Rows rows={formRows} onChange={setFormRows} classes={['form-key', 'form-value']} labels={{ name: 'rqFormKey', value: 'rqFormValue', remove: 'rqFormRemove' }} />
                      </div>
                      <div class="row">
                        <button type="button" class="small" onClick={() => setFormRows([...formRows, { name: '', value: '' }])}>{t('rqFormAdd')}</button>
                        <button type="button" class="small" id="form-apply" onClick={useFormBody}>{t('rqFormApply')}</button>
                      </div>
                    </fieldset>
                  )}
                </>
              )}
              {mode === 'presign' && (
                <div class="row">
                  <div class="field">
                    <label for="expires-in">{t('rqExpiresIn')}</label>
                    <input id="expires-in" type="number" min={1} max={604800} value={expiresIn} onInput={(e) => setExpiresIn(e.currentTarget.value)} aria-describedby="expires-hint" />
                  </div>
                  <p id="expires-hint" class="hint">{t('rqExpiresHint')}</p>
                </div>
              )}

              <div class="row">
                <button type="submit" class="primary" id="submit" disabled={busy || identities.length === 0}>{busy ? t('rqBusy') : mode === 'send' ? t('rqSend') : t('rqPresign')}</button>
                {mode === 'send' && <button type="button" id="copy-curl" onClick={() => makeSnippet('curl')}>{t('rqCopyCurl')}</button>}
                {mode === 'send' && <button type="button" id="copy-fetch" onClick={() => makeSnippet('fetch')}>{t('rqCopyFetch')}</button>}
              </div>
            </form>

            {mfaAsk && (
              <form class="inline-prompt" id="mfa-ask" onSubmit={(e) => { e.preventDefault(); void provideMfa(); }}>
                <p>{t('rqMfaAsk', mfaAsk.label)} <span class="mono">{mfaAsk.mfaSerial}</span></p>
                <label for="mfa-ask-code">{t('rqMfaCode')}</label>{' '}
                <input id="mfa-ask-code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} size={8} value={mfaAskCode}
                  onInput={(e) => setMfaAskCode(e.currentTarget.value.replace(/\D/g, '').slice(0, 6))} />{' '}
                <button type="submit" class="primary" disabled={mfaAskCode.length !== 6}>{t('rqMfaSubmit')}</button>
              </form>
            )}
            <div aria-live="polite">
              {failure && (
                <div id="failure" role="alert">
                  <p class="error">{failure.text}</p>
                  {failure.origin && (
                    <button type="button" id="grant-permission" onClick={() => grantAndResend(failure.origin!)}>{t('rqGrant', failure.origin)}</button>
                  )}
                  {failure.mfa && (
                    <form class="inline-prompt" id="mfa-retry" onSubmit={(e) => { e.preventDefault(); if (/^\d{6}$/.test(mfaCode)) void submit(mfaCode); }}>
                      <label for="mfa-code">{t('rqMfaCode')}</label>{' '}
                      <input id="mfa-code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} size={8} value={mfaCode}
                        onInput={(e) => setMfaCode(e.currentTarget.value.replace(/\D/g, '').slice(0, 6))} />{' '}
                      <button type="submit" class="primary" disabled={mfaCode.length !== 6}>{t('rqMfaResend')}</button>
                    </form>
                  )}
                </div>
              )}
            </div>
            <p id="notice" class="note" role="status">{notice}</p>
            {snippet && (
              <>
                <h3>{snippet.kind === 'curl' ? t('rqCurlTitle') : t('rqFetchTitle')}</h3>
                <pre tabIndex={0} id="snippet">{snippet.text}</pre>
                <p class="hint">{snippet.kind === 'curl' ? t('rqCurlHint') : t('rqFetchHint')}</p>
              </>
            )}
          </section>

          {result && <ResponseView result={result} headingRef={resultHeading} />}
          {presigned && (
            <section aria-labelledby="presigned-h" id="presigned">
              <h2 id="presigned-h" tabIndex={-1} ref={resultHeading}>{t('rqPresignedTitle')}</h2>
              <label for="presign-url">{t('rqPresignedUrl')}</label>
              <textarea id="presign-url" readOnly value={presigned.url} />
              <p id="presign-expires">{t('rqExpiresAt', new Date(presigned.expiresAt).toLocaleString())}</p>
              {presigned.cappedBy && <p id="presign-capped" class="hint">{presigned.cappedBy === 'aws' ? t('rqCappedAws') : t('rqCappedCredentials')}</p>}
              {identity !== undefined && identity.kind !== 'user' && <p class="hint">{t('rqPresignToken')}</p>}
              <button type="button" id="copy-presigned" onClick={() => { const token = /[?&]X-Amz-Security-Token=/.test(presigned.url); void copy(presigned.url, token ? t('rqCopiedUrlCleared') : t('rqCopiedUrl'), token); }}>{t('rqCopyUrl')}</button>
            </section>
          )}
        </div>

        <aside class="history" aria-labelledby="history-h">
          <section>
            <h2 id="history-h">{t('rqHistory')}</h2>
            {history.length === 0 ? <p class="hint" id="history-empty">{t('rqHistoryEmpty')}</p> : (
              <ol id="history">
                {history.map((e, i) => (
                  <li key={`${e.at}-${i}`}>
                    <button type="button" onClick={() => loadHistory(e)} title={new Date(e.at).toLocaleString()}>
                      <strong>{e.method}</strong> {e.url} <span class="hint">{e.status !== undefined ? String(e.status) : e.errorCode ?? ''}</span>
                    </button>
                  </li>
                ))}
              </ol>
            )}
            <p><button type="button" class="small" id="clear-history" disabled={history.length === 0} onClick={() => void clearHistory()}>{t('rqHistoryClear')}</button></p>
            <p class="hint">{t('rqHistoryHint')}</p>
          </section>
        </aside>
      </div>
    </main>
  );
}

render(<App />, document.getElementById('app')!);
