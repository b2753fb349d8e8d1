import { useEffect, useState } from 'preact/hooks';
import { t } from '../../ui/i18n.ts';
import { errorText } from '../errors.ts';
import { useFocusOnMount } from '../../ui/use-focus.ts';

interface Props {
  onExport(): Promise<string>;
  onImport(): void;
  onDone(): void;
}

/**
 * The vault's configuration as `~/.aws/config` text (`config.export`): roles with role_arn,
 * source_profile, MFA and the rest; users without keys. No secret is in it, so Copy does not clear the
 * clipboard later. Download saves it as a file named `config`.
 */
export function ExportConfig({ onExport, onImport, onDone }: Props) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [text, setText] = useState<string | null>(null);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  useEffect(() => {
    let live = true;
    onExport().then(
      (s) => { if (live) setText(s); },
      (e: unknown) => { if (live) setStatus({ kind: 'error', text: errorText(e) }); },
    );
    return () => { live = false; };
  }, []);

  const copy = async () => {
    if (text === null) return;
    try {
      await navigator.clipboard.writeText(text);
      setStatus({ kind: 'ok', text: t('exportCopied') });
    } catch {
      setStatus({ kind: 'error', text: t('exportCopyFailed') });
    }
  };

  const download = () => {
    if (text === null) return;
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'config';
    a.hidden = true;
    document.body.append(a);
    a.click();
    a.remove();
    // late: Firefox reads the blob after the click returns
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    setStatus({ kind: 'ok', text: t('exportDownloaded') });
  };

  return (
    <section class="screen export" id="export" aria-labelledby="export-title"
      onKeyDown={(e) => { if (e.key === 'Escape') { e.preventDefault(); onDone(); } }}>
      <div class="screen-head">
        <h2 id="export-title" tabIndex={-1} ref={heading}>{t('exportTitle')}</h2>
        <button type="button" id="show-import" onClick={onImport}>{t('importNav')}</button>
      </div>
      <p class="lead">{t('exportIntro')}</p>
      <div class="field">
        <label for="export-text">{t('importConfigLabel')}</label>
        <textarea id="export-text" rows={12} readOnly spellcheck={false} wrap="off" value={text ?? ''}
          aria-busy={text === null} />
      </div>
      <p id="export-status" class={status?.kind === 'error' ? 'error' : 'hint'} aria-live="polite">{status?.text ?? ''}</p>
      <div class="actions">
        <button type="button" class="primary" id="export-copy" disabled={text === null} onClick={() => void copy()}>{t('exportCopy')}</button>
        <button type="button" id="export-download" disabled={text === null} onClick={download}>{t('exportDownload')}</button>
        <button type="button" id="export-done" onClick={onDone}>{t('back')}</button>
      </div>
    </section>
  );
}
