/**
 * The signing agent's background side: one page request relayed by the bridge content script, from an
 * origin the browser named (platform/sender.ts checkAgentSender — never one the page claims). In order:
 * the request's shape (INVALID_INPUT), the origin's rate limit (RATE_LIMITED), the vault (LOCKED), the
 * host (HOST_NOT_ALLOWED: AWS's or the user's custom endpoints), a grant of that exact origin for the
 * identity asked (NOT_APPROVED; when the origin holds a grant for another identity and the page named
 * this one, the user is asked in the prompt window — DENIED when they deny, close it or let it time
 * out), then the signature — made by the request console's own pieces
 * (requestTarget, signingCredentials, signFor, presignRequest). The answer holds what AWS's protocol
 * puts in the request (the headers to send, or the presigned URL) and nothing else: never the secret
 * key or a signing key; a session token only as the `X-Amz-Security-Token` the request must carry.
 * Signed and refused requests go to the sealed audit log.
 * @module
 */
import { summarizeRequest } from '../../core/agent/summary.ts';
import { AgentError, agentErrorReply, parseAgentRequest, type AgentPresignRequest, type AgentReply, type AgentSignRequest } from '../../core/agent/channel.ts';
import { addGrant, afterUse, findGrant, isActive, makeGrant, type Grant } from '../../core/agent/grants.ts';
import { answerTerms } from '../../core/agent/approval.ts';
import type { IdentityView } from '../../core/vault/identity.ts';
import { askApproval } from './approvals.ts';
import { assertAgentHostAllowed, customEndpointOrigins } from '../../core/agent/hosts.ts';
import type { AuditEntry } from '../../core/agent/audit.ts';
import { RateLimiter } from '../../core/agent/rate.ts';
import { isSigvaultError } from '../../core/errors.ts';
import { PARTITIONS } from '../../core/sts/partition.ts';
import { signingCredentials } from '../request/credentials.ts';
import { assertSchemeAllowed } from '../request/host.ts';
import { optionalHeaders, requestTarget } from '../request/input.ts';
import { presignRequest } from '../request/presign.ts';
import { signFor } from '../request/sign.ts';
import { serverNow } from '../sts/sessions.ts';
import { readVaultSettings } from '../vault/settings.ts';
import * as vault from '../vault/service.ts';
import { appendAudit, changeGrants, readGrants } from './store.ts';

export const limiter = new RateLimiter();

/** Credentials are never resolved interactively for a page: an MFA code is asked for in Sigvault, not by a page's request. */
const NON_INTERACTIVE = { interactive: false };

/** An error from the shared request pieces, as the page may see it. */
function toAgentError(e: unknown): unknown {
  if (e instanceof AgentError || !isSigvaultError(e)) return e;
  switch (e.code) {
    case 'LOCKED': return new AgentError('LOCKED', 'Sigvault is locked. Unlock it and try again.');
    case 'INVALID_INPUT': return new AgentError('INVALID_INPUT', e.message);
    case 'NOT_FOUND': return new AgentError('NOT_APPROVED', 'The approved identity is no longer in Sigvault.');
    case 'MFA_REQUIRED': return new AgentError('NOT_AVAILABLE', 'This identity needs an MFA code: use it once from Sigvault\'s popup, then try again.');
    case 'NO_VAULT': return new AgentError('NOT_AVAILABLE', 'Sigvault has no vault.');
    default: return new AgentError('NOT_AVAILABLE', `Sigvault could not get credentials for this identity (${e.code}).`);
  }
}

async function customOrigins(): Promise<string[]> {
  const { endpoints } = await readVaultSettings();
  return customEndpointOrigins(PARTITIONS.flatMap((p) => [endpoints[p].sts, endpoints[p].signin]));
}

/** The identities (that can sign) the page's `identity` — an id or a label — names; undefined when it named none. */
async function namedIdentities(identity: string | undefined): Promise<IdentityView[] | undefined> {
  if (identity === undefined) return undefined;
  const { views } = await vault.catalog();
  return [...views.values()].filter((v) => (v.id === identity || v.label === identity) && v.kind !== 'console-role' && v.kind !== 'unknown');
}

/** Serves one page request from `origin`; never throws. */
export async function serveAgentRequest(raw: unknown, origin: string): Promise<AgentReply> {
  let audit: Omit<AuditEntry, 'at'> | undefined;
  const guard = vault.lockGuard();
  try {
    const req = parseAgentRequest(raw);
    if (req.type === 'hello') return { ok: true, result: { version: 1 } };
    if (!limiter.take(origin, Date.now())) throw new AgentError('RATE_LIMITED', 'Too many signing requests from this page; wait a little.');
    let grant: Grant | undefined;
    let grants: Grant[];
    let named: IdentityView[] | undefined;
    try {
      grants = await readGrants();
      named = await namedIdentities(req.identity);
      grant = findGrant(grants, origin, Date.now(), named?.map((v) => v.id));
    } catch (e) {
      throw toAgentError(e);
    }
    const s = summarizeRequest(req.method, req.url, req.type === 'sign' ? req.headers : undefined, req.type === 'sign' ? req.body : undefined, req.service);
    audit = { origin, kind: req.type, method: s.method, host: s.host, service: s.service, action: s.action };
    // the host, once, before any grant is used or anyone is asked: a refused request asks nobody and does
    // not use up a one-time approval
    try {
      assertAgentHostAllowed(req.url, await customOrigins());
    } catch (e) {
      throw toAgentError(e);
    }
    if (!grant) {
      // An origin the user approved (for another identity) may ask for one more, in the prompt window; any
      // other origin — another port of an approved host included — is refused without a prompt.
      const known = grants.some((g) => g.origin === origin && isActive(g, Date.now()));
      const identity = named?.length === 1 ? named[0]! : undefined;
      if (!known || !identity) throw new AgentError('NOT_APPROVED', req.identity === undefined ? 'This page is not approved to sign with Sigvault.' : 'This page is not approved to sign with that identity.');
      audit.identityId = identity.id;
      const answer = await askApproval({ origin, identityId: identity.id, identityLabel: identity.label, kind: req.type, ...s });
      try {
        guard.check(); // a lock while the prompt waited (it denies the prompt) is LOCKED
      } catch (e) {
        throw toAgentError(e);
      }
      if (answer === 'deny') throw new AgentError('DENIED', 'The request was not approved in Sigvault.');
      const now = Date.now();
      const made = makeGrant(origin, identity.id, answerTerms(answer, now), now);
      await changeGrants((g) => addGrant(g, made, now), guard).catch((e: unknown) => { throw toAgentError(e); });
      grant = made;
    }
    audit.identityId = grant.identityId;
    if (grant.once) {
      // used up before signing, in the grants' queue: two requests racing for one "once" get one signature
      const used = grant;
      let present = false;
      await changeGrants((g) => {
        present = g.some((x) => x.origin === used.origin && x.identityId === used.identityId && x.grantedAt === used.grantedAt);
        return afterUse(g, used);
      }, guard).catch((e: unknown) => { throw toAgentError(e); });
      if (!present) throw new AgentError('NOT_APPROVED', 'This page\'s one-time approval was already used.');
    }
    const result = await (req.type === 'sign' ? sign(req, grant.identityId, guard) : presign(req, grant.identityId, guard)).catch((e: unknown) => { throw toAgentError(e); });
    void appendAudit({ at: Date.now(), ...audit }, guard).catch(() => undefined);
    return { ok: true, result };
  } catch (e) {
    const reply = agentErrorReply(e);
    if (audit && !reply.ok && reply.error.code !== 'LOCKED') {
      void appendAudit({ at: Date.now(), ...audit, refused: reply.error.code }, guard).catch(() => undefined);
    }
    return reply;
  }
}

async function sign(req: AgentSignRequest, id: string, guard: vault.LockGuard) {
  const { url, target } = await requestTarget(req, id);
  assertSchemeAllowed(url);
  const headers = optionalHeaders(req);
  const { creds } = await signingCredentials(id, NON_INTERACTIVE, guard);
  guard.check();
  const signed = await signFor(target, { method: req.method, url, ...(headers ? { headers } : {}), ...(req.body ? { body: req.body } : {}) }, creds, serverNow());
  guard.check(); // the body may have been hashed natively (async): a lock meanwhile wins
  return { method: signed.method, url: signed.url, headers: { ...signed.headers } };
}

async function presign(req: AgentPresignRequest, id: string, guard: vault.LockGuard) {
  const r = await presignRequest({ ...req, ...NON_INTERACTIVE }, id, guard);
  return { url: r.url, expiresAt: r.expiresAt };
}
