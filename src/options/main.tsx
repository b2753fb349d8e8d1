/**
 * The options page: appearance (theme), auto-lock, default region, endpoints (with the host permission a
 * custom endpoint needs), the console session policy for IAM users, Firefox containers, federated identities
 * (IAM Identity Center, SAML capture, web identity: federated.tsx), passphrase change, key derivation
 * and re-key, encrypted backup and restore, destroying the vault.
 * Receives view models only; the one secret it handles is what the user types (passphrases).
 * @module
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { call, onEvent, RemoteError } from '../platform/messaging.ts';
import type { EndpointOverride, ImportPreview, KdfSummary, Partition, SettingsView, VaultSettings, VaultStatus } from '../shared/protocol.ts';
import { t, tn } from '../ui/i18n.ts';
import { requestHostPermission } from './permissions.ts';
import { ENDPOINT_URL_KINDS, parseEndpoint } from '../core/settings.ts';
import { newPassphraseProblem, PASSPHRASE_MIN_LENGTH } from '../core/vault/passphrase-policy.ts';
import { StrengthMeter } from '../ui/StrengthMeter.tsx';
import { applyTheme, readThemeMirror, type Theme } from '../ui/theme.ts';
import { Field } from '../ui/Field.tsx';
import { Containers } from './containers.tsx';
import { AgentSection } from './agent.tsx';
import { Federated } from './federated.tsx';

applyTheme(readThemeMirror()); // before the first render; the setting corrects it when it arrives

/** The background's messages are written for people (core/settings.ts, core/vault/rekey.ts): shown as they are. */
function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A problem the page found itself, for the input `inputId`. */
class FieldProblem extends Error {
  constructor(readonly inputId: string, message: string) {
    super(message);
  }
}

/**
 * Which input of a section an error belongs to: an INVALID_INPUT's `field` through `fields` (a settings
 * field → an element id), a wrong passphrase to `passphraseInput`; undefined = the section's status line.
 */
function inputOf(e: unknown, fields: (field: string) => string | undefined, passphraseInput?: string): string | undefined {
  if (e instanceof FieldProblem) return e.inputId;
  if (!(e instanceof RemoteError)) return undefined;
  if (e.code === 'INVALID_INPUT' && e.details.field) return fields(e.details.field);
  if (e.code === 'WRONG_PASSPHRASE') return passphraseInput;
  return undefined;
}

/**
 * A status line per section (what happened, or why not), and errors under the input they are about:
 * the first such input gets the focus.
 */
function useNote(fields: (field: string) => string | undefined = () => undefined, passphraseInput?: string) {
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const showErrors = (found: Record<string, string>) => {
    setNote(null);
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) requestAnimationFrame(() => document.getElementById(first)?.focus());
  };
  const run = async (fn: () => Promise<string>) => {
    setNote(null);
    setErrors({});
    try {
      setNote({ kind: 'ok', text: await fn() });
    } catch (e) {
      const input = inputOf(e, fields, passphraseInput);
      if (input) showErrors({ [input]: errorText(e) });
      else setNote({ kind: 'error', text: errorText(e) });
    }
  };
  const view = note ? <p class={note.kind === 'ok' ? 'note' : 'error'} role={note.kind === 'ok' ? 'status' : 'alert'}>{note.text}</p> : null;
  /** aria attributes for input `id` (`hint`: the id of its hint, if any), and the error under it. */
  const invalid = (id: string, hint?: string) => errors[id]
    ? { 'aria-invalid': 'true' as const, 'aria-describedby': [hint, `${id}-error`].filter(Boolean).join(' ') }
    : hint ? { 'aria-describedby': hint } : {};
  const errorUnder = (id: string) => errors[id] ? <small id={`${id}-error`} class="field-error" role="alert">{errors[id]}</small> : null;
  return { run, view, errors, showErrors, invalid, errorUnder };
}

function AutoLock({ vault, onSaved }: { vault: VaultSettings; onSaved: (s: SettingsView) => void }) {
  const [minutes, setMinutes] = useState(String(vault.autoLockMinutes));
  const [osLock, setOsLock] = useState(vault.lockOnOsLock);
  const { run, view, invalid, errorUnder } = useNote((f) => (f === 'autoLockMinutes' ? 'autolock-minutes' : undefined));
  return (
    <section aria-labelledby="autolock-h">
      <h2 id="autolock-h">{t('optAutoLockTitle')}</h2>
      <form id="autolock" noValidate onSubmit={(e) => { e.preventDefault(); void run(async () => { onSaved(await call('settings.set', { autoLockMinutes: Number(minutes), lockOnOsLock: osLock })); return t('optSaved'); }); }}>
        <label for="autolock-minutes">{t('optAutoLockMinutes')}</label>
        <input id="autolock-minutes" type="number" min={1} max={1440} value={minutes} {...invalid('autolock-minutes')} onInput={(e) => setMinutes(e.currentTarget.value)} />
        {errorUnder('autolock-minutes')}
        <label class="check"><input id="autolock-os" type="checkbox" checked={osLock} onChange={(e) => setOsLock(e.currentTarget.checked)} /> {t('optLockOnOsLock')}</label>
        <button type="submit">{t('optSave')}</button>
      </form>
      {view}
    </section>
  );
}

function Appearance({ settings, onSaved }: { settings: SettingsView; onSaved: (s: SettingsView) => void }) {
  const { run, view } = useNote();
  // Saved as soon as a radio is chosen (arrow keys move and choose): the page shows the result at once.
  const choose = (theme: Theme) => {
    applyTheme(theme);
    void run(async () => { onSaved(await call('settings.set', { theme })); return t('optSaved'); });
  };
  return (
    <section aria-labelledby="appearance-h">
      <h2 id="appearance-h">{t('optAppearanceTitle')}</h2>
      <form id="appearance" onSubmit={(e) => e.preventDefault()}>
        <fieldset>
          <legend>{t('optTheme')}</legend>
          {(['system', 'light', 'dark'] as const).map((m) => (
            <label class="check" key={m}>
              <input type="radio" name="theme" value={m} checked={settings.theme === m} onChange={() => choose(m)} /> {t(`optTheme_${m}`)}
            </label>
          ))}
        </fieldset>
      </form>
      {view}
    </section>
  );
}

function DefaultRegion({ settings, onSaved }: { settings: SettingsView; onSaved: (s: SettingsView) => void }) {
  const [region, setRegion] = useState(settings.defaultRegion);
  const { run, view, invalid, errorUnder } = useNote((f) => (f === 'defaultRegion' ? 'default-region' : undefined));
  return (
    <section aria-labelledby="region-h">
      <h2 id="region-h">{t('optRegionTitle')}</h2>
      <p class="hint" id="region-hint">{t('optRegionHint')}</p>
      <form id="region" noValidate onSubmit={(e) => { e.preventDefault(); void run(async () => { onSaved(await call('settings.set', { defaultRegion: region.trim() })); return t('optSaved'); }); }}>
        <label for="default-region">{t('optRegionLabel')}</label>
        <input id="default-region" value={region} spellcheck={false} autocomplete="off" placeholder="us-east-1" {...invalid('default-region', 'region-hint')} onInput={(e) => setRegion(e.currentTarget.value)} />
        {errorUnder('default-region')}
        <button type="submit">{t('optSave')}</button>
      </form>
      {view}
    </section>
  );
}

const GLOBAL_STS = 'https://sts.amazonaws.com';
const PARTITIONS: readonly Partition[] = ['aws', 'aws-cn', 'aws-us-gov'];
const PARTITION_IDS: Readonly<Record<Partition, string>> = { aws: '', 'aws-cn': 'cn-', 'aws-us-gov': 'gov-' };
type StsMode = 'regional' | 'global' | 'custom';

interface PartitionForm { mode: StsMode; custom: string; signingRegion: string; signin: string; oidc: string; portal: string }

const ENDPOINT_INPUTS: Readonly<Record<string, string>> = { sts: 'sts-custom', stsSigningRegion: 'sts-region', signin: 'signin-endpoint', oidc: 'oidc-endpoint', portal: 'portal-endpoint' };

/** The input of a settings field of the endpoints form: `endpoints.aws-us-gov.signin` → `gov-signin-endpoint`. */
function endpointInput(field: string): string | undefined {
  if (field === 'federationPolicy') return 'federation-policy';
  const m = /^endpoints\.([a-z-]+)\.([A-Za-z]+)$/.exec(field);
  const partition = m?.[1] as Partition | undefined;
  if (!m || !partition || !PARTITIONS.includes(partition) || !ENDPOINT_INPUTS[m[2]!]) return undefined;
  return `${PARTITION_IDS[partition]}${ENDPOINT_INPUTS[m[2]!]}`;
}

type FieldErrors = Pick<ReturnType<typeof useNote>, 'invalid' | 'errorUnder'>;

function formFor(o: EndpointOverride, partition: Partition): PartitionForm {
  const mode: StsMode = o.sts === '' ? 'regional' : partition === 'aws' && o.sts === GLOBAL_STS ? 'global' : 'custom';
  return { mode, custom: mode === 'custom' ? o.sts : '', signingRegion: o.stsSigningRegion, signin: o.signin, oidc: o.oidc, portal: o.portal };
}

function overrideOf(f: PartitionForm): EndpointOverride {
  const sts = f.mode === 'regional' ? '' : f.mode === 'global' ? GLOBAL_STS : f.custom.trim();
  return { sts, stsSigningRegion: f.mode === 'custom' ? f.signingRegion.trim() : '', signin: f.signin.trim(), oidc: f.oidc.trim(), portal: f.portal.trim() };
}

/** One partition's STS and sign-in overrides. Element ids: `sts-custom`, `signin-endpoint`… (`cn-`/`gov-` prefixed for China and GovCloud). */
function PartitionEndpoints({ partition, form, onChange, problems }: { partition: Partition; form: PartitionForm; onChange: (f: PartitionForm) => void; problems: FieldErrors }) {
  const { invalid, errorUnder } = problems;
  const id = PARTITION_IDS[partition];
  const modes: StsMode[] = partition === 'aws' ? ['regional', 'global', 'custom'] : ['regional', 'custom'];
  return (
    <fieldset class="partition" id={`${id}endpoints-${partition}`}>
      <legend>{t(`optPartition_${partition.replace(/-/g, '_')}`)}</legend>
      <fieldset>
        <legend>{t('optStsMode')}</legend>
        {modes.map((m) => (
          <label class="check" key={m}>
            <input type="radio" name={`${id}sts-mode`} value={m} checked={form.mode === m} onChange={() => onChange({ ...form, mode: m })} /> {t(`optSts_${m}`)}
          </label>
        ))}
      </fieldset>
      {form.mode === 'custom' && (
        <>
          <label for={`${id}sts-custom`}>{t('optStsCustom')}</label>
          <input id={`${id}sts-custom`} type="url" placeholder="https://vpce-….sts.us-east-1.vpce.amazonaws.com" value={form.custom} {...invalid(`${id}sts-custom`)} onInput={(e) => onChange({ ...form, custom: e.currentTarget.value })} />
          {errorUnder(`${id}sts-custom`)}
          <label for={`${id}sts-region`}>{t('optStsSigningRegion')}</label>
          <input id={`${id}sts-region`} spellcheck={false} autocomplete="off" placeholder={t('optStsSigningRegionPlaceholder')} value={form.signingRegion} {...invalid(`${id}sts-region`)} onInput={(e) => onChange({ ...form, signingRegion: e.currentTarget.value })} />
          {errorUnder(`${id}sts-region`)}
        </>
      )}
      <label for={`${id}signin-endpoint`}>{t('optSigninEndpoint')}</label>
      <input id={`${id}signin-endpoint`} type="url" placeholder={t(`optSigninPlaceholder_${partition.replace(/-/g, '_')}`)} value={form.signin} {...invalid(`${id}signin-endpoint`)} onInput={(e) => onChange({ ...form, signin: e.currentTarget.value })} />
      {errorUnder(`${id}signin-endpoint`)}
      <label for={`${id}oidc-endpoint`}>{t('optOidcEndpoint')}</label>
      <input id={`${id}oidc-endpoint`} type="url" placeholder={partition === 'aws-cn' ? 'https://oidc.cn-north-1.amazonaws.com.cn' : partition === 'aws-us-gov' ? 'https://oidc.us-gov-west-1.amazonaws.com' : 'https://oidc.us-east-1.amazonaws.com'} value={form.oidc} {...invalid(`${id}oidc-endpoint`)} onInput={(e) => onChange({ ...form, oidc: e.currentTarget.value })} />
      {errorUnder(`${id}oidc-endpoint`)}
      <label for={`${id}portal-endpoint`}>{t('optPortalEndpoint')}</label>
      <input id={`${id}portal-endpoint`} type="url" placeholder={partition === 'aws-cn' ? 'https://portal.sso.cn-north-1.amazonaws.com.cn' : partition === 'aws-us-gov' ? 'https://portal.sso.us-gov-west-1.amazonaws.com' : 'https://portal.sso.us-east-1.amazonaws.com'} value={form.portal} {...invalid(`${id}portal-endpoint`)} onInput={(e) => onChange({ ...form, portal: e.currentTarget.value })} />
      {errorUnder(`${id}portal-endpoint`)}
    </fieldset>
  );
}

/**
 * Endpoint overrides per partition and the console session policy (sealed settings: shown only while
 * unlocked). An endpoint that is not AWS's own is saved only after the user confirms its full URL here:
 * the background answers CONFIRM_ENDPOINT first.
 */
function Endpoints({ vault, onSaved }: { vault: VaultSettings; onSaved: (s: SettingsView) => void }) {
  const [forms, setForms] = useState<Record<Partition, PartitionForm>>(() => Object.fromEntries(PARTITIONS.map((p) => [p, formFor(vault.endpoints[p], p)])) as Record<Partition, PartitionForm>);
  const [policy, setPolicy] = useState(vault.federationPolicy);
  const [confirm, setConfirm] = useState<string[] | null>(null);
  const { run, view, showErrors, invalid, errorUnder } = useNote(endpointInput);
  const endpoints = () => Object.fromEntries(PARTITIONS.map((p) => [p, overrideOf(forms[p])])) as Record<Partition, EndpointOverride>;
  const save = (confirmed: boolean) => {
    const e = endpoints();
    // The background's rule for each URL (https:, or http: on 127.0.0.1 / localhost), checked here first:
    // a URL the browser could never grant must be refused in those words, not by the permission prompt.
    const found: Record<string, string> = {};
    for (const p of PARTITIONS) {
      for (const kind of ENDPOINT_URL_KINDS) {
        if (e[p][kind] === '') continue;
        const field = `endpoints.${p}.${kind}`;
        try {
          parseEndpoint(e[p][kind], field);
        } catch (err) {
          found[endpointInput(field)!] = errorText(err);
        }
      }
    }
    if (Object.keys(found).length > 0) return showErrors(found);
    const urls = PARTITIONS.flatMap((p) => [e[p].sts, e[p].signin, e[p].oidc, e[p].portal]).filter((u) => u !== '');
    // Ask for host permissions first, inside the click: browsers grant them only on a user gesture.
    void run(async () => {
      await requestHostPermission(urls);
      try {
        onSaved(await call('settings.set', { endpoints: e, federationPolicy: policy, ...(confirmed ? { confirmEndpoint: true } : {}) }));
      } catch (err) {
        if (err instanceof RemoteError && err.code === 'CONFIRM_ENDPOINT') {
          setConfirm(err.details.urls ?? (err.details.url ? [err.details.url] : []));
          throw new Error(t('optEndpointConfirmAsk'));
        }
        throw err;
      }
      setConfirm(null);
      return t('optSaved');
    });
  };
  return (
    <section aria-labelledby="endpoints-h">
      <h2 id="endpoints-h">{t('optEndpointsTitle')}</h2>
      <p class="hint">{t('optEndpointsHint')}</p>
      <form id="endpoints" noValidate onSubmit={(ev) => { ev.preventDefault(); setConfirm(null); save(false); }}>
        {PARTITIONS.map((p) => <PartitionEndpoints key={p} partition={p} form={forms[p]} problems={{ invalid, errorUnder }} onChange={(f) => { setConfirm(null); setForms({ ...forms, [p]: f }); }} />)}
        <label for="federation-policy">{t('optFederationPolicy')}</label>
        <textarea id="federation-policy" rows={4} placeholder={t('optFederationPolicyPlaceholder')} value={policy} {...invalid('federation-policy')} onInput={(e) => setPolicy(e.currentTarget.value)} />
        {errorUnder('federation-policy')}
        <button type="submit">{t('optSave')}</button>
      </form>
      {view}
      {confirm && (
        <div id="endpoint-confirm" class="confirm" role="alertdialog" aria-labelledby="endpoint-confirm-h" aria-describedby="endpoint-confirm-text">
          <p id="endpoint-confirm-h"><strong>{t('optEndpointConfirmTitle')}</strong></p>
          <ul>{confirm.map((u) => <li key={u}><code>{u}</code></li>)}</ul>
          <p id="endpoint-confirm-text">{t('optEndpointConfirmText')}</p>
          <button type="button" id="endpoint-confirm-yes" class="danger" onClick={() => save(true)}>{t('optEndpointConfirmYes')}</button>
          <button type="button" id="endpoint-confirm-no" onClick={() => setConfirm(null)}>{t('cancel')}</button>
        </div>
      )}
    </section>
  );
}

function Passphrase() {
  const [old, setOld] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const PASS_FIELDS: Record<string, string> = { passphrase: 'pass-old', newPassphrase: 'pass-new' };
  const { run, view, errors } = useNote((f) => PASS_FIELDS[f], 'pass-old');
  return (
    <section aria-labelledby="pass-h">
      <h2 id="pass-h">{t('optPassphraseTitle')}</h2>
      <form id="passphrase" noValidate onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          // the background's rule (core/vault/passphrase-policy.ts), checked here first
          const problem = newPassphraseProblem(next);
          if (problem) throw new FieldProblem('pass-new', problem === 'short' ? t('createTooShort', String(PASSPHRASE_MIN_LENGTH)) : t('createTooWeak'));
          if (next !== again) throw new FieldProblem('pass-again', t('optPassphraseMismatch'));
          await call('vault.changePassphrase', { passphrase: old, newPassphrase: next });
          setOld(''); setNext(''); setAgain('');
          return t('optPassphraseChanged');
        });
      }}>
        <Field id="pass-old" type="password" autoComplete="current-password" label={t('optPassphraseCurrent')} value={old} onInput={setOld} error={errors['pass-old']} />
        <Field id="pass-new" type="password" autoComplete="new-password" label={t('optPassphraseNew')} value={next} onInput={setNext} error={errors['pass-new']} />
        <StrengthMeter passphrase={next} textId="pass-new-strength" />
        <Field id="pass-again" type="password" autoComplete="new-password" label={t('optPassphraseAgain')} value={again} onInput={setAgain} error={errors['pass-again']} />
        <button type="submit">{t('optPassphraseChange')}</button>
      </form>
      {view}
    </section>
  );
}

function kdfText(kdf: KdfSummary): string {
  return kdf.name === 'argon2id'
    ? t('optKdfArgon2id', String(Math.round(kdf.memoryKiB / 1024)), String(kdf.iterations), String(kdf.parallelism))
    : t('optKdfScrypt', String(kdf.logN), String(kdf.r), String(kdf.p));
}

/** The vault's KDF parameters, and re-keying: a new data key, every record re-encrypted (vault.rekey). */
function KeyDerivation({ status, onStatus }: { status: VaultStatus; onStatus: (s: VaultStatus) => void }) {
  const current = status.kdf?.name === 'argon2id' ? status.kdf : undefined;
  const [mode, setMode] = useState<'calibrate' | 'custom'>('calibrate');
  const [memory, setMemory] = useState(String(current ? Math.round(current.memoryKiB / 1024) : 64));
  const [iterations, setIterations] = useState(String(current?.iterations ?? 3));
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const KDF_FIELDS: Record<string, string> = { 'kdf.memoryKiB': 'kdf-memory', 'kdf.iterations': 'kdf-iterations', passphrase: 'kdf-pass' };
  const { run, view, invalid, errorUnder } = useNote((f) => KDF_FIELDS[f], 'kdf-pass');
  const submit = (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    void run(async () => {
      try {
        const kdf = mode === 'custom' ? { name: 'argon2id' as const, memoryKiB: Math.round(Number(memory) * 1024), iterations: Number(iterations), parallelism: 1 as const } : undefined;
        const next = await call('vault.rekey', { passphrase, ...(kdf ? { kdf } : {}) });
        setPassphrase('');
        onStatus(next);
        return t('optKdfDone', next.kdf ? kdfText(next.kdf) : '');
      } finally {
        setBusy(false);
      }
    });
  };
  return (
    <section aria-labelledby="kdf-h">
      <h2 id="kdf-h">{t('optKdfTitle')}</h2>
      <p id="kdf-current">{status.kdf ? kdfText(status.kdf) : ''}</p>
      <p class="hint">{t('optKdfHint')}</p>
      <form id="rekey" noValidate onSubmit={submit} aria-busy={busy}>
        <fieldset>
          <legend>{t('optKdfMode')}</legend>
          {(['calibrate', 'custom'] as const).map((m) => (
            <label class="check" key={m}>
              <input type="radio" name="kdf-mode" value={m} checked={mode === m} onChange={() => setMode(m)} /> {t(`optKdf_${m}`)}
            </label>
          ))}
        </fieldset>
        {mode === 'custom' && (
          <>
            <label for="kdf-memory">{t('optKdfMemory')}</label>
            <input id="kdf-memory" type="number" min={19} max={256} step={1} value={memory} {...invalid('kdf-memory')} onInput={(e) => setMemory(e.currentTarget.value)} />
            {errorUnder('kdf-memory')}
            <label for="kdf-iterations">{t('optKdfIterations')}</label>
            <input id="kdf-iterations" type="number" min={2} max={16} step={1} value={iterations} {...invalid('kdf-iterations')} onInput={(e) => setIterations(e.currentTarget.value)} />
            {errorUnder('kdf-iterations')}
          </>
        )}
        <label for="kdf-pass">{t('optPassphraseCurrent')}</label>
        <input id="kdf-pass" type="password" autocomplete="current-password" value={passphrase} {...invalid('kdf-pass')} onInput={(e) => setPassphrase(e.currentTarget.value)} />
        {errorUnder('kdf-pass')}
        <button type="submit" disabled={busy}>{busy ? t('optKdfRunning') : t('optKdfRekey')}</button>
      </form>
      {view}
    </section>
  );
}

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Whether a restore would change anything: an identity added, updated or removed, or a source added. */
function restoreChanges(p: ImportPreview): boolean {
  return p.add.length + p.update.length + p.remove.length + (p.sources ?? 0) > 0;
}

function Backup() {
  const [file, setFile] = useState<string | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [mode, setMode] = useState<'merge' | 'replace'>('merge');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const { run, view } = useNote();
  const payload = () => ({ backup: file ?? '', passphrase, mode });
  return (
    <section aria-labelledby="backup-h">
      <h2 id="backup-h">{t('optBackupTitle')}</h2>
      <p class="hint">{t('optBackupHint')}</p>
      <button id="backup-export" type="button" onClick={() => void run(async () => {
        const backup = await call('vault.exportBackup', {});
        download(`sigvault-backup-${new Date(backup.exportedAt).toISOString().slice(0, 10)}.json`, JSON.stringify(backup, null, 2));
        return t('optBackupExported');
      })}>{t('optBackupExport')}</button>
      <form id="restore" onSubmit={(e) => { e.preventDefault(); void run(async () => {
        const r = await call('vault.importBackup', { ...payload(), dryRun: true });
        setPreview(r.preview);
        return restoreChanges(r.preview) ? t('optRestorePreviewed', String(r.preview.add.length), String(r.preview.update.length), String(r.preview.remove.length)) : t('optRestoreNothing');
      }); }}>
        <label for="restore-file">{t('optRestoreFile')}</label>
        <input id="restore-file" type="file" accept="application/json,.json" onChange={async (e) => { setPreview(null); setFile((await e.currentTarget.files?.[0]?.text()) ?? null); }} />
        <label for="restore-pass">{t('optRestorePassphrase')}</label>
        <input id="restore-pass" type="password" value={passphrase} onInput={(e) => setPassphrase(e.currentTarget.value)} />
        <fieldset>
          <legend>{t('optRestoreMode')}</legend>
          <label class="check"><input type="radio" name="restore-mode" value="merge" checked={mode === 'merge'} onChange={() => setMode('merge')} /> {t('optRestoreMerge')}</label>
          <label class="check"><input type="radio" name="restore-mode" value="replace" checked={mode === 'replace'} onChange={() => setMode('replace')} /> {t('optRestoreReplace')}</label>
        </fieldset>
        <button type="submit" disabled={!file}>{t('optRestorePreview')}</button>
      </form>
      {preview && (
        <div id="restore-preview">
          <ul>
            {preview.add.map((i) => <li key={`a${i.id}`}>{t('optRestoreAdds', i.label)}</li>)}
            {preview.update.map((u) => <li key={`u${u.after.id}`}>{t('optRestoreUpdates', u.after.label)}</li>)}
            {preview.remove.map((i) => <li key={`r${i.id}`}>{t('optRestoreRemoves', i.label)}</li>)}
          </ul>
          {preview.refused.length > 0 && (
            <>
              <p>{t('optRestoreRefusedTitle', String(preview.refused.length))}</p>
              <ul id="restore-refused">
                {preview.refused.map((r) => <li key={`x${r.id}`} data-id={r.id}>{t('optRestoreRefuses', r.id, r.reason)}</li>)}
              </ul>
            </>
          )}
          {preview.notes.length > 0 && (
            <ul id="restore-notes" class="hint">
              {preview.notes.map((n) => <li key={n}>{n}</li>)}
            </ul>
          )}
          {restoreChanges(preview) && <button id="restore-apply" type="button" class="primary" onClick={() => void run(async () => {
            const r = await call('vault.importBackup', payload());
            setPreview(null);
            const written = r.preview.add.length + r.preview.update.length;
            return tn('optRestoreApplied', written, String(written));
          })}>{t('optRestoreApply')}</button>}
        </div>
      )}
      {view}
    </section>
  );
}

function Destroy({ onDone }: { onDone: () => void }) {
  const [confirm, setConfirm] = useState('');
  const { run, view } = useNote();
  return (
    <section aria-labelledby="destroy-h" class="danger-zone">
      <h2 id="destroy-h">{t('optDestroyTitle')}</h2>
      <p class="hint">{t('optDestroyHint')}</p>
      <form id="destroy" onSubmit={(e) => { e.preventDefault(); void run(async () => {
        if (confirm !== 'DESTROY') throw new Error(t('optDestroyTypeIt'));
        await call('vault.destroy', { confirm: 'DESTROY' });
        onDone();
        return t('optDestroyed');
      }); }}>
        <label for="destroy-confirm">{t('optDestroyConfirm')}</label>
        <input id="destroy-confirm" value={confirm} onInput={(e) => setConfirm(e.currentTarget.value)} autocomplete="off" />
        <button type="submit" class="danger">{t('optDestroy')}</button>
      </form>
      {view}
    </section>
  );
}

function Options() {
  const [settings, setSettings] = useState<SettingsView | null>(null);
  const [status, setStatus] = useState<VaultStatus | null>(null);
  const [error, setError] = useState('');
  const onSettings = (s: SettingsView) => {
    applyTheme(s.theme);
    setSettings(s);
  };
  const refresh = () => {
    call('settings.get', {}).then(onSettings, (e: unknown) => setError(errorText(e)));
    call('vault.status', {}).then(setStatus, (e: unknown) => setError(errorText(e)));
  };
  useEffect(() => {
    refresh();
    return onEvent((ev) => { if (ev.event === 'vault.locked' || ev.event === 'vault.unlocked') refresh(); });
  }, []);
  const unlocked = status?.state === 'unlocked';
  return (
    <main id="options" data-state={settings && status ? 'ready' : 'loading'}>
      <h1>{t('optionsTitle')}</h1>
      {error && <p class="error" role="alert">{error}</p>}
      {status && (
        <p id="vault-state" class="hint">
          {t(`optVault_${status.state}`)}
          {status.kdf?.name === 'argon2id' && ` · Argon2id ${Math.round(status.kdf.memoryKiB / 1024)} MiB, t=${status.kdf.iterations}`}
          {status.kdf?.name === 'scrypt' && ` · scrypt N=2^${status.kdf.logN}`}
        </p>
      )}
      {settings && <Appearance settings={settings} onSaved={onSettings} />}
      {settings?.vault?.damaged && <p class="error" id="settings-damaged" role="alert">{t('optSettingsDamaged')}</p>}
      {settings?.vault && <AutoLock vault={settings.vault} onSaved={onSettings} />}
      {settings && <DefaultRegion settings={settings} onSaved={onSettings} />}
      {settings?.vault && <Endpoints vault={settings.vault} onSaved={onSettings} />}
      {settings?.vault && <Containers vault={settings.vault} onSaved={onSettings} />}
      {unlocked && settings?.vault && <Federated vault={settings.vault} onSaved={onSettings} />}
      {unlocked && <AgentSection />}
      {unlocked && <Passphrase />}
      {unlocked && status && <KeyDerivation status={status} onStatus={setStatus} />}
      {unlocked && <Backup />}
      {status?.state === 'absent' && <Backup />}
      {unlocked && <Destroy onDone={refresh} />}
      {status?.state === 'locked' && <p class="hint">{t('optUnlockForMore')}</p>}
    </main>
  );
}

render(<Options />, document.getElementById('app')!);
