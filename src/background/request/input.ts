/**
 * The request console's shared payload checks and target resolution (request.send, request.presign).
 * @module
 */
import { SigvaultError } from '../../core/errors.ts';
import { resolveTarget, s3UriToUrl, type ResolvedTarget, type SigningAlgorithm } from '../../core/request/target.ts';
import { validateRegion } from '../../core/sts/partition.ts';
import { readLocalSettings } from '../../platform/settings.ts';
import * as vault from '../vault/service.ts';
import { requireString } from '../validate.ts';

/** Largest request body the console sends: 1 MiB of text. */
export const REQUEST_BODY_MAX = 1024 * 1024;

/** Header names fetch does not let a page set (it would drop them after they were signed). */
const FORBIDDEN_HEADER = /^(accept-charset|accept-encoding|access-control-request-.*|connection|content-length|cookie2?|date|dnt|expect|keep-alive|origin|referer|te|trailer|transfer-encoding|upgrade|via|proxy-.*|sec-.*|set-cookie)$/i;

function invalid(field: string, message: string): SigvaultError {
  return new SigvaultError('INVALID_INPUT', message, { field });
}

export function optionalString(p: object, field: string, max: number): string | undefined {
  const v = (p as Record<string, unknown>)[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length > max) throw invalid(field, `${field} must be text of at most ${max} characters.`);
  return v;
}

export function requireMethod(p: object): string {
  const m = requireString(p, 'method', { max: 16 }).toUpperCase();
  if (!/^[A-Z]+$/.test(m)) throw invalid('method', 'method must be an HTTP method such as GET, POST or PUT.');
  return m;
}

export function optionalHeaders(p: object): Record<string, string> | undefined {
  const v = (p as Record<string, unknown>)['headers'];
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalid('headers', 'headers must be an object of header names to text values.');
  const out: Record<string, string> = {};
  const entries = Object.entries(v);
  if (entries.length > 100) throw invalid('headers', 'At most 100 headers.');
  for (const [k, hv] of entries) {
    if (typeof hv !== 'string' || hv.length > 8192) throw invalid('headers', `Header ${k.slice(0, 64)} must have a text value of at most 8192 characters.`);
    if (FORBIDDEN_HEADER.test(k)) throw invalid('headers', `The browser sets ${k.slice(0, 64)} itself: it cannot be signed and sent.`);
    out[k] = hv;
  }
  return out;
}

/**
 * The URL (an `s3://bucket/key` turned into its object URL) and the target it is signed for (with
 * `signingAlgorithm` and `regionSet`: SigV4 or SigV4a, see resolveTarget). The
 * identity must exist (NOT_FOUND) and the vault be unlocked (LOCKED): checked first, so nothing else
 * is said about a locked vault.
 */
export async function requestTarget(p: object, id: string): Promise<{ url: string; target: ResolvedTarget }> {
  const identity = await vault.identity(id);
  const service = optionalString(p, 'service', 64);
  const region = optionalString(p, 'region', 32);
  if (region !== undefined) validateRegion(region, 'region');
  const identityRegion = (identity as { region?: unknown }).region;
  const fallbackRegion = typeof identityRegion === 'string' ? identityRegion : (await readLocalSettings()).defaultRegion;
  let url = requireString(p, 'url', { max: 8192 }).trim();
  if (/^s3:\/\//i.test(url)) url = s3UriToUrl(url, region ?? fallbackRegion);
  if (!/^https?:\/\//i.test(url)) throw invalid('url', 'url must be an http(s):// or s3:// URL.');
  const signingAlgorithm = (p as { signingAlgorithm?: unknown }).signingAlgorithm;
  const regionSet = optionalString(p, 'regionSet', 1024);
  const target = resolveTarget(url, {
    ...(service !== undefined ? { service } : {}),
    ...(region !== undefined ? { region } : {}),
    // checked by resolveTarget (INVALID_INPUT, field signingAlgorithm)
    ...(signingAlgorithm !== undefined ? { signingAlgorithm: signingAlgorithm as SigningAlgorithm } : {}),
    ...(regionSet !== undefined ? { regionSet } : {}),
    fallbackRegion,
  });
  return { url, target };
}
