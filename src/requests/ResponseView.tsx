import type { Ref } from 'preact';
import type { ResponseOf } from '../shared/protocol.ts';
import { t, tn } from '../ui/i18n.ts';
import { prettyBody } from '../core/request/pretty.ts';
import { awsSigningFromError, isSignatureMismatch, sideBySide, type DiffLine } from '../core/request/mismatch.ts';

type SendResult = ResponseOf<'request.send'>;

function Lines({ lines, id }: { lines: DiffLine[]; id: string }) {
  return (
    <pre tabIndex={0} id={id}>
      {lines.map((l, i) => {
        const nl = i < lines.length - 1 ? '\n' : '';
        // an empty remainder (the line ends where the other goes on): an end-of-line mark drawn by CSS, so the text stays the canonical request
        return l.split
          ? <span key={i}><span class="line at" data-first-difference="true">{l.split.before}<mark class={l.split.from === '' ? 'eol' : undefined}>{l.split.from}</mark></span>{nl}</span>
          : <span key={i}><span class="line">{l.text}</span>{nl}</span>;
      })}
    </pre>
  );
}

/** A `SignatureDoesNotMatch`: AWS's canonical request beside ours, the first difference marked. */
function Mismatch({ result }: { result: SendResult }) {
  const aws = awsSigningFromError(result.body);
  if (aws.canonicalRequest === undefined) {
    return <p id="mismatch-none" class="hint">{t('rqMismatchNotQuoted')}</p>;
  }
  const d = sideBySide(result.signing.canonicalRequest, aws.canonicalRequest);
  return (
    <div id="mismatch">
      <h3>{t('rqMismatchTitle')}</h3>
      <p id="mismatch-summary" class={d.at ? 'error' : 'hint'}>
        {d.at ? t('rqMismatchAt', String(d.at.line + 1), String(d.at.column + 1)) : t('rqMismatchSame')}
      </p>
      <div class="diff">
        <div><h4>{t('rqOurs')}</h4><Lines id="diff-ours" lines={d.ours} /></div>
        <div><h4>{t('rqAws')}</h4><Lines id="diff-aws" lines={d.theirs} /></div>
      </div>
    </div>
  );
}

/** The answer: status, timing, headers, the body pretty-printed (capped note), the signing view. */
export function ResponseView({ result, headingRef }: { result: SendResult; headingRef: Ref<HTMLHeadingElement> }) {
  const contentType = result.headers['content-type'];
  const shown = prettyBody(contentType, result.body);
  const mismatch = isSignatureMismatch(result.status, result.body);
  return (
    <section aria-labelledby="response-h" id="response">
      <h2 id="response-h" tabIndex={-1} ref={headingRef}>{t('rqResponse')}</h2>
      <p class="status-line">
        <span id="response-status" class={`status-code ${result.status < 400 ? 'status-ok' : 'status-bad'}`}>{String(result.status)}</span>
        <span id="response-time">{t('rqDuration', String(Math.round(result.durationMs)))}</span>
        <span class="hint">{tn('rqBodySize', result.body.length, String(result.body.length))}</span>
      </p>
      {result.credentialsRefreshed && <p id="credentials-refreshed" class="hint">{t('rqCredentialsRefreshed')}</p>}
      {mismatch && <Mismatch result={result} />}
      <h3>{t('rqResponseBody')}{shown.pretty ? ` (${shown.kind.toUpperCase()})` : ''}</h3>
      {result.bodyTruncated && <p id="body-truncated" class="hint">{t('rqTruncated')}</p>}
      <pre tabIndex={0} id="response-body">{shown.text}</pre>
      <details>
        <summary>{t('rqResponseHeaders', String(Object.keys(result.headers).length))}</summary>
        <table id="response-headers">
          <tbody>
            {Object.entries(result.headers).map(([k, v]) => <tr key={k}><th scope="row" class="mono">{k}</th><td class="mono">{v}</td></tr>)}
          </tbody>
        </table>
      </details>
      <details open={mismatch}>
        <summary>{t('rqSigning')}</summary>
        <table>
          <tbody>
            <tr><th scope="row">{t('rqScope')}</th><td class="mono" id="signing-scope">{result.signing.credentialScope}</td></tr>
            <tr><th scope="row">{t('rqSignedHeaders')}</th><td class="mono" id="signing-headers">{result.signing.signedHeaders}</td></tr>
          </tbody>
        </table>
        <h4>{t('rqCanonicalRequest')}</h4>
        <pre tabIndex={0} id="signing-canonical">{result.signing.canonicalRequest}</pre>
        <h4>{t('rqStringToSign')}</h4>
        <pre tabIndex={0} id="signing-sts">{result.signing.stringToSign}</pre>
      </details>
    </section>
  );
}
