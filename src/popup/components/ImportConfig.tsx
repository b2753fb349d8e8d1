import { useRef, useState } from 'preact/hooks';
import type { ConfigImportPlanView, IdentityView, RequestPayload, ResponseOf } from '../../shared/protocol.ts';
import { t, tn } from '../../ui/i18n.ts';
import { errorCode, errorText, invalidField } from '../errors.ts';
import { useFocusOnMount } from '../../ui/use-focus.ts';
import { ImportPlan } from './ImportPlan.tsx';

type Format = RequestPayload<'config.preview'>['format'];
type TextField = 'config' | 'credentials';

/** The background refuses texts above 2 MB; a chosen file that large is refused before it is read. */
const MAX_FILE_BYTES = 2 * 1024 * 1024;

interface Props {
  identities: IdentityView[];
  onPreview(input: RequestPayload<'config.preview'>): Promise<ResponseOf<'config.preview'>>;
  /** Applies the plan, leaving out the updates `skip` lists; on success the store shows the list with the counts (this screen goes away). */
  onImport(token: string, skip?: string[]): Promise<unknown>;
  onExport(): void;
  onCancel(): void;
}

/**
 * Import `~/.aws/config` (+ `~/.aws/credentials`) or an AWS Extend Switch Roles configuration: paste or
 * choose the files, preview what would be created, updated and skipped (with reasons and line-numbered
 * warnings), then import with the preview's one-time token. The credentials text holds secret keys: it
 * lives only in this component's state and the textarea, goes only to the background (`config.preview`),
 * and is dropped on import, cancel, Back or lock (the component unmounts). Failures keep every text.
 */
export function ImportConfig({ identities, onPreview, onImport, onExport, onCancel }: Props) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const applyButton = useRef<HTMLButtonElement>(null);
  /** Bumped on every edit: a preview answering for older text is dropped. */
  const edits = useRef(0);
  // a console role has no credentials: it is no source
  const sources = identities.filter((v) => v.kind !== 'unknown' && v.kind !== 'console-role');
  const [format, setFormat] = useState<Format>('aws-cli');
  const [texts, setTexts] = useState<Record<TextField, string>>({ config: '', credentials: '' });
  const [defaultSource, setDefaultSource] = useState(sources.find((v) => v.kind === 'user')?.label ?? sources[0]?.label ?? '');
  const [preview, setPreview] = useState<{ token: string; plan: ConfigImportPlanView } | null>(null);
  const [error, setError] = useState<{ text: string; field?: TextField } | null>(null);
  const [busy, setBusy] = useState<'preview' | 'import' | 'file' | null>(null);
  /** Updates the user unticked in the preview. */
  const [skipped, setSkipped] = useState<ReadonlySet<string>>(new Set());
  /** AESR: the identity the user chose for each base profile (`''`: none), sent with every preview. */
  const [baseSources, setBaseSources] = useState<Record<string, string>>({});

  // Any change makes the shown preview stale: it must be previewed again before importing.
  const changed = () => {
    edits.current++;
    setPreview(null);
    setError(null);
  };
  const setText = (field: TextField, value: string) => {
    setTexts((prev) => ({ ...prev, [field]: value }));
    changed();
  };

  const chooseFile = async (field: TextField, input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = ''; // choosing the same file again reads it again
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) return setError({ text: t('importErrTooLarge', file.name), field });
    setBusy('file');
    try {
      setText(field, await file.text());
    } catch {
      setError({ text: t('importErrRead', file.name), field });
    } finally {
      setBusy(null);
    }
  };

  const leave = () => {
    if (busy === 'import') return;
    setTexts({ config: '', credentials: '' });
    setPreview(null);
    onCancel();
  };

  const runPreview = async (bases = baseSources, moveFocus = true) => {
    if (busy) return;
    setError(null);
    const config = texts.config;
    const credentials = format === 'aws-cli' ? texts.credentials : '';
    if (!config.trim() && !credentials.trim()) return setError({ text: t('importErrEmpty'), field: 'config' });
    setBusy('preview');
    const asked = edits.current;
    try {
      const res = await onPreview({
        format, config,
        ...(credentials ? { credentials } : {}),
        ...(format === 'aesr' && defaultSource ? { defaultSource } : {}),
        ...(format === 'aesr' && Object.keys(bases).length > 0 ? { baseSources: bases } : {}),
      });
      if (asked !== edits.current) return; // edited meanwhile: this plan is for other text
      setPreview(res);
      setSkipped(new Set());
      if (moveFocus && res.plan.create.length + res.plan.update.length > 0) requestAnimationFrame(() => applyButton.current?.focus());
    } catch (e) {
      if (asked !== edits.current) return;
      setPreview(null);
      const field = invalidField(e);
      if (field === 'config' || field === 'credentials') setError({ text: t('importErrText', fieldLabel(format, field)), field });
      else setError({ text: errorText(e) });
    } finally {
      setBusy(null);
    }
  };

  const runImport = async () => {
    if (!preview || busy) return;
    setError(null);
    setBusy('import');
    try {
      await onImport(preview.token, preview.plan.update.map((u) => u.identity.label).filter((l) => skipped.has(l)));
      // success: the store shows the list; drop the texts (the component unmounts too)
      setTexts({ config: '', credentials: '' });
    } catch (e) {
      setBusy(null);
      setPreview(null); // a token is used once (or it expired): preview again
      setError({ text: errorCode(e) === 'NOT_FOUND' ? t('importErrExpired') : errorText(e) });
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      leave();
      return;
    }
    if (e.key !== 'Enter' || e.shiftKey || e.altKey) return;
    const target = e.target as HTMLElement;
    // Enter in a select previews; in a textarea it is a new line, Ctrl/Cmd+Enter previews
    if (target.tagName === 'SELECT' || (target.tagName === 'TEXTAREA' && (e.ctrlKey || e.metaKey))) {
      e.preventDefault();
      void runPreview();
    }
  };

  const textarea = (field: TextField, rows: number, hint?: string) => {
    const id = `import-${field}`;
    const invalid = error?.field === field;
    const describedBy = [hint ? `${id}-hint` : '', invalid ? 'import-error' : ''].filter(Boolean).join(' ') || undefined;
    return (
      <div class="field">
        <label for={id}>{fieldLabel(format, field)}</label>
        <textarea id={id} rows={rows} value={texts[field]} spellcheck={false} autoComplete="off" wrap="off"
          aria-invalid={invalid ? 'true' : undefined} aria-describedby={describedBy}
          onInput={(e) => setText(field, e.currentTarget.value)} />
        {hint && <small id={`${id}-hint`} class="hint">{hint}</small>}
        <div class="file-row">
          <label for={`${id}-file`}>{t('importChooseFile')}</label>
          <input type="file" id={`${id}-file`} disabled={busy !== null}
            onChange={(e) => void chooseFile(field, e.currentTarget)} />
        </div>
      </div>
    );
  };

  /** A base profile mapped to another identity: preview again at once (the picker keeps focus). */
  const chooseBase = (base: string, label: string) => {
    const next = { ...baseSources, [base]: label };
    setBaseSources(next);
    edits.current++;
    void runPreview(next, false);
  };
  const toggleUpdate = (label: string, apply: boolean) => {
    setSkipped((prev) => {
      const next = new Set(prev);
      if (apply) next.delete(label);
      else next.add(label);
      return next;
    });
  };

  const plan = preview?.plan;
  const toApply = plan ? plan.create.length + plan.update.filter((u) => !skipped.has(u.identity.label)).length : 0;

  return (
    <form class="screen import" id="import" aria-labelledby="import-title" aria-busy={busy !== null} noValidate
      onSubmit={(e) => { e.preventDefault(); void runPreview(); }} onKeyDown={onKeyDown}>
      <div class="screen-head">
        <h2 id="import-title" tabIndex={-1} ref={heading}>{t('importTitle')}</h2>
        <button type="button" id="show-export" onClick={onExport}>{t('exportNav')}</button>
      </div>
      <p class="lead">{t('importIntro')}</p>
      <div class="field">
        <label for="import-format">{t('importFormat')}</label>
        <select id="import-format" value={format} onChange={(e) => { setFormat(e.currentTarget.value as Format); changed(); }}>
          <option value="aws-cli">{t('importFormatCli')}</option>
          <option value="aesr">{t('importFormatAesr')}</option>
        </select>
      </div>
      {textarea('config', 6)}
      {format === 'aws-cli' && textarea('credentials', 4, t('importCredentialsHint'))}
      {format === 'aesr' && (
        <div class="field">
          <label for="import-default-source">{t('importDefaultSource')}</label>
          <select id="import-default-source" value={defaultSource} aria-describedby="import-default-source-hint"
            onChange={(e) => { setDefaultSource(e.currentTarget.value); changed(); }}>
            <option value="">{t('importDefaultSourceNone')}</option>
            {sources.map((v) => <option key={v.id} value={v.label}>{v.label}</option>)}
          </select>
          <small id="import-default-source-hint" class="hint">{t('importDefaultSourceHint')}</small>
        </div>
      )}
      <p class="error" role="alert" id="import-error">{error?.text ?? ''}</p>
      <p class="plan-summary" aria-live="polite" id="import-summary-live">
        {plan ? tn('importPreviewSummary', plan.warnings.length, String(plan.create.length), String(plan.update.length), String(plan.skip.length), String(plan.warnings.length)) : ''}
      </p>
      <div class="actions">
        {plan && toApply > 0 && (
          <button type="button" class="primary" id="import-apply" ref={applyButton} disabled={busy !== null} onClick={() => void runImport()}>
            {busy === 'import' ? t('importBusy') : t('importApply', String(toApply))}
          </button>
        )}
        <button type="submit" id="import-preview" class={plan && toApply > 0 ? undefined : 'primary'} disabled={busy !== null}
          aria-keyshortcuts="Control+Enter">
          {busy === 'preview' ? t('importPreviewBusy') : plan ? t('importPreviewAgain') : t('importPreviewButton')}
        </button>
        <button type="button" id="import-cancel" disabled={busy === 'import'} onClick={leave}>{t('cancel')}</button>
      </div>
      {plan && (
        <ImportPlan plan={plan} skipped={skipped} onToggleUpdate={toggleUpdate} sources={sources} onBaseSource={chooseBase} disabled={busy === 'import'} />
      )}
    </form>
  );
}

function fieldLabel(format: Format, field: TextField): string {
  if (format === 'aesr') return t('importAesrLabel');
  return field === 'config' ? t('importConfigLabel') : t('importCredentialsLabel');
}
