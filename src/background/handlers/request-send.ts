import { utf8Encode } from '../../core/bytes.ts';
import { SigvaultError } from '../../core/errors.ts';
import { exchange, type HttpFetch } from '../../core/http/exchange.ts';
import { saysTokenExpired } from '../../core/request/expired-token.ts';
import { historyEntry } from '../../core/request/history.ts';
import type { Credentials } from '../../core/sigv4/index.ts';
import { secretRedactor } from '../../core/request/signing-view.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import { signingCredentials } from '../request/credentials.ts';
import { assertRequestHostAllowed } from '../request/host.ts';
import { appendHistory } from '../request/history-store.ts';
import { optionalHeaders, optionalString, REQUEST_BODY_MAX, requestTarget, requireMethod } from '../request/input.ts';
import { signFor } from '../request/sign.ts';
import { serverNow } from '../sts/sessions.ts';
import * as vault from '../vault/service.ts';
import { requireString } from '../validate.ts';

/** Answers are shown to the user whatever their size: the first 1 MiB, `bodyTruncated` beyond. */
export const RESPONSE_BODY_MAX = 1024 * 1024;

/**
 * `request.send { id, method, url, headers?, body?, service?, region?, signingAlgorithm?, regionSet?, mfaCode? }` →
 * `{ status, headers, body, bodyTruncated, durationMs, signing }`: the request console. Signs the request
 * with the identity's credentials (SigV4, or SigV4a for Multi-Region Access Points or when asked; service
 * and region from the host unless given), sends it from
 * the background through the bounded exchange (30 s, aborted by a lock, redirects refused) and returns
 * AWS's answer — any status, its body as text (the first 1 MiB) — with the signing view (canonical
 * request with the session token's value redacted, string to sign, signed headers, scope). The answer's
 * body and headers pass through the credentials' `secretRedactor` (AWS quotes the token back in SignatureDoesNotMatch).
 * Recorded in the sealed history (without secrets; bodies over 64 KiB not kept). When AWS answers that a
 * role's session token expired (`core/request/expired-token.ts`), the request is signed and sent once more
 * with fresh credentials (`credentialsRefreshed: true`).
 */
export const requestSend: Handler<'request.send'> = async (p) => {
  const guard = vault.lockGuard();
  const id = requireString(p, 'id', { max: 64 });
  const method = requireMethod(p);
  const headers = optionalHeaders(p);
  const body = optionalString(p, 'body', REQUEST_BODY_MAX);
  if (body !== undefined && body.length > 0 && (method === 'GET' || method === 'HEAD')) {
    throw new SigvaultError('INVALID_INPUT', `A ${method} request cannot have a body.`, { field: 'body' });
  }
  // Encoded once: counted here, hashed by the signer and sent as these bytes (fetch would encode a
  // string body again).
  const bytes = body ? utf8Encode(body) : undefined;
  if (bytes !== undefined && bytes.byteLength > REQUEST_BODY_MAX) {
    throw new SigvaultError('INVALID_INPUT', 'The body is over 1 MiB, the request console\'s limit.', { field: 'body' });
  }
  const { url, target } = await requestTarget(p, id);
  await assertRequestHostAllowed(url);
  const base = {
    at: Date.now(), identityId: id, method, url, service: target.service, region: target.region,
    ...(target.sigv4a ? { regionSet: target.regionSet ?? '*' } : {}), ...(headers ? { headers } : {}), ...(body ? { body } : {}),
  };
  const started = performance.now();

  /** Signs with `creds`, sends through the bounded exchange; the answer with all its headers. */
  const attempt = async (creds: Credentials) => {
    const signed = await signFor(target, { method, url, ...(headers ? { headers } : {}), ...(bytes ? { body: bytes } : {}) }, creds, serverNow());
    guard.check();
    // The exchange reads the headers through get(); keep the whole set to return.
    let responseHeaders: Headers | undefined;
    const fetchAll: HttpFetch = async (u, init) => {
      const res = await fetch(u, init);
      responseHeaders = res.headers;
      return res;
    };
    try {
      const answer = await exchange(fetchAll, signed.url, { method: signed.method, headers: signed.headers, ...(bytes ? { body: bytes } : {}) }, {
        what: target.sigv4a ? `${target.service} (SigV4a)` : `${target.service} (${target.region})`,
        signal: guard.signal,
        maxBytes: RESPONSE_BODY_MAX,
        truncate: true,
      });
      const raw: Record<string, string> = {};
      responseHeaders?.forEach((value, name) => { raw[name] = value; });
      return { signed, answer, raw };
    } catch (e) {
      if (e instanceof SigvaultError && e.code !== 'LOCKED') {
        void appendHistory(historyEntry({ ...base, durationMs: Math.round(performance.now() - started), errorCode: e.code }), guard).catch(() => undefined);
      }
      throw e;
    }
  };

  let { creds } = await signingCredentials(id, p, guard);
  guard.check();
  let sent = await attempt(creds);
  let credentialsRefreshed = false;
  if (creds.sessionToken !== undefined && saysTokenExpired(sent.answer.status, sent.raw, sent.answer.text)) {
    // AWS ended the session before the background's clock did (skew, a session cut short): once more with
    // fresh credentials, as an SDK's provider would have refreshed them. AWS refused the request unread.
    ({ creds } = await signingCredentials(id, { ...p, forceRefresh: true }, guard));
    guard.check();
    sent = await attempt(creds);
    credentialsRefreshed = true;
  }
  const { signed, answer, raw } = sent;
  const durationMs = Math.round(performance.now() - started);
  const outHeaders: Record<string, string> = {};
  const redact = secretRedactor(creds);
  for (const [name, value] of Object.entries(raw)) outHeaders[name] = redact.text(value);
  guard.check();
  // not awaited: the answer does not wait for the history to be sealed (request.history waits for it)
  void appendHistory(historyEntry({ ...base, status: answer.status, durationMs }), guard).catch(() => undefined);
  return {
    status: answer.status,
    headers: outHeaders,
    body: redact.text(answer.text),
    bodyTruncated: answer.truncated,
    durationMs,
    signing: redact.view(signed),
    ...(credentialsRefreshed ? { credentialsRefreshed: true as const } : {}),
  };
};
