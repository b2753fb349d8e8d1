/**
 * Which hosts a page may have requests signed for: AWS's API hosts (`*.amazonaws.com` with GovCloud,
 * `*.amazonaws.com.cn`, the dual-stack `*.api.aws` / `*.api.amazonwebservices.com.cn`, Lambda function
 * URLs `*.lambda-url.<region>.on.aws`) and the custom endpoints the user configured in the settings (the
 * STS and sign-in overrides: a VPC endpoint, LocalStack). Nothing else: a page must not turn Sigvault
 * into a signer of requests to its own server (a signature over a request is valid at AWS whoever sends
 * it, but a non-AWS host has no use for one but to collect them). Pure.
 * @module
 */
import { isAwsApiHost } from '../request/target.ts';
import { AgentError } from './channel.ts';

/** The origins of the user's endpoint overrides (`https://vpce-…`, `http://127.0.0.1:4566`). */
export function customEndpointOrigins(urls: readonly string[]): string[] {
  const out = new Set<string>();
  for (const u of urls) {
    if (!u) continue;
    try {
      out.add(new URL(u).origin);
    } catch { /* not a URL: nothing allowed */ }
  }
  return [...out];
}

/**
 * @throws AgentError HOST_NOT_ALLOWED (INVALID_INPUT for a URL that does not parse)
 */
export function assertAgentHostAllowed(url: string, customOrigins: readonly string[]): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new AgentError('INVALID_INPUT', 'url is not a valid URL.');
  }
  if (customOrigins.includes(u.origin)) return;
  if (u.protocol === 'https:' && isAwsApiHost(u.host)) return;
  throw new AgentError('HOST_NOT_ALLOWED', `Sigvault signs only requests to AWS endpoints or your custom endpoints, not ${u.host}.`);
}
