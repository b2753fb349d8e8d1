/**
 * Endpoint overrides and SigV4 signing regions for STS, and which URLs are AWS's own STS and sign-in
 * hosts.
 *
 * - Overrides are per partition (a China or GovCloud key must never go to the commercial override):
 *   a request for a region goes to its partition's override if there is one, else to AWS's regional
 *   host (`sts.<region>.<dnsSuffix>`).
 * - The signing region (the SigV4 credential scope) of a request sent to an override is: the
 *   override's `signingRegion` if set; else the region its host names when it is an AWS STS host
 *   (`sts.amazonaws.com` → us-east-1, the global endpoint, which answers any other scope with
 *   "Credential should be scoped to a valid region"; `sts[-fips].<region>.amazonaws.com[.cn]`,
 *   dual-stack `sts[-fips].<region>.api.aws`, VPC endpoints `….sts.<region>.vpce.amazonaws.com[.cn]`);
 *   else the request's region (LocalStack, a proxy, the test stand-in).
 * - {@link isAwsOwnEndpoint} tells whether a URL is exactly one of the partition's own STS or sign-in
 *   hosts (https, no port, userinfo, path, query or odd characters): anything else — a VPC endpoint, any
 *   other host under `amazonaws.com`, loopback — needs the user's confirmation before credentials go
 *   there.
 * @module
 */

import { SigvaultError } from '../errors.ts';
import { AWS_PARTITIONS, isPartition, partitionInfo, partitionOfRegion, signinHost, stsUrl, validateRegion, type Partition } from './partition.ts';

/** One partition's STS endpoint override. */
export interface EndpointOverride {
  /** Base URL: http(s), no credentials, query or fragment; a path prefix is kept. */
  url: string;
  /** Region for the SigV4 credential scope; default: derived from the host (see the module doc). */
  signingRegion?: string;
}

/** Overrides by partition; a partition without one uses AWS's regional endpoints. */
export type EndpointOverrides = Partial<Record<Partition, EndpointOverride>>;

function invalid(field: string, message: string): SigvaultError {
  return new SigvaultError('INVALID_INPUT', message, { field });
}

/** Validate an endpoint override and return the URL to POST to (trailing `/` added to the path). */
export function normalizeEndpoint(endpoint: string, field = 'endpoint'): string {
  const m = typeof endpoint === 'string' ? /^(https?):\/\/([^/?#@\s\\]+)(\/[^?#\s\\]*)?$/i.exec(endpoint) : null;
  if (!m) throw invalid(field, `${field} must be an http(s) URL without credentials, query or fragment`);
  const host = m[2]!;
  if (!/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.test(host)) throw invalid(field, `${field} has an invalid host`);
  let path = m[3] ?? '/';
  if (!path.endsWith('/')) path += '/';
  return `${m[1]!.toLowerCase()}://${host.toLowerCase()}${path}`;
}

/** Lower-cased host of an http(s) URL (no port), or undefined. */
function hostOf(url: string): string | undefined {
  const m = /^https?:\/\/([^/?#@\s\\:]+)(?::\d{1,5})?(?:[/?#]|$)/i.exec(url);
  return m ? m[1]!.toLowerCase() : undefined;
}

/** `region` if it is a region of `partition` (supported partitions only). */
function regionIn(region: string, partition: Partition): string | undefined {
  return partitionInfo(partition).regionRegex.test(region) ? region : undefined;
}

/**
 * The region an AWS STS host signs for, from the host name alone; undefined when the host is not one
 * of AWS's STS hosts (then requests are signed for their own region).
 * @example signingRegionOfStsHost('https://sts.amazonaws.com') // 'us-east-1'
 * @example signingRegionOfStsHost('https://vpce-0abc-1xyz.sts.eu-west-1.vpce.amazonaws.com') // 'eu-west-1'
 * @example signingRegionOfStsHost('http://127.0.0.1:4566') // undefined
 */
export function signingRegionOfStsHost(url: string): string | undefined {
  const host = hostOf(url);
  if (host === undefined) return undefined;
  if (host === 'sts.amazonaws.com') return 'us-east-1';
  for (const p of AWS_PARTITIONS) {
    if (!isPartition(p.id)) continue;
    for (const suffix of [p.dnsSuffix, p.dualStackDnsSuffix]) {
      const m = new RegExp(`^sts(?:-fips)?\\.([a-z0-9-]+)\\.${escape(suffix)}$`).exec(host);
      if (m && regionIn(m[1]!, p.id)) return m[1]!;
    }
    // Interface VPC endpoints: vpce-<id>[-<az>].sts.<region>.vpce.<dnsSuffix>
    const v = new RegExp(`^(?:[a-z0-9-]+\\.)+sts\\.([a-z0-9-]+)\\.vpce\\.${escape(p.dnsSuffix)}$`).exec(host);
    if (v && regionIn(v[1]!, p.id)) return v[1]!;
  }
  return undefined;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The SigV4 signing region for a request for `region` sent to `override` (or to AWS's regional host
 * when there is none): the override's `signingRegion`, else the region its host names, else `region`.
 * @example signingRegionFor('eu-west-1', { url: 'https://sts.amazonaws.com' }) // 'us-east-1'
 * @example signingRegionFor('eu-west-1', { url: 'http://127.0.0.1:4566' }) // 'eu-west-1'
 */
export function signingRegionFor(region: string, override?: EndpointOverride): string {
  if (override === undefined) return region;
  if (override.signingRegion !== undefined && override.signingRegion !== '') return override.signingRegion;
  return signingRegionOfStsHost(override.url) ?? region;
}

/**
 * Check one partition's override: a valid URL; a `signingRegion`, if given, in that partition; an AWS
 * STS host of another partition refused (China keys to a commercial host cannot work).
 * @returns the override with its URL normalised
 * @throws SigvaultError INVALID_INPUT (field `endpoints.<partition>`)
 */
export function validateEndpointOverride(partition: Partition, override: EndpointOverride): EndpointOverride {
  const field = `endpoints.${partition}`;
  if (typeof override !== 'object' || override === null) throw invalid(field, `${field} must be { url, signingRegion? }`);
  const url = normalizeEndpoint(override.url, field);
  const out: EndpointOverride = { url };
  if (override.signingRegion !== undefined && override.signingRegion !== '') {
    const r = validateRegion(override.signingRegion, `${field}.signingRegion`);
    if (partitionOfRegion(r) !== partition) throw invalid(`${field}.signingRegion`, `${field}.signingRegion ${r} is not in the ${partition} partition`);
    out.signingRegion = r;
  }
  const derived = signingRegionOfStsHost(url);
  if (derived !== undefined && partitionOfRegion(derived) !== partition) {
    throw invalid(field, `${field}: ${hostOf(url)} is an STS endpoint of the ${partitionOfRegion(derived)} partition, not ${partition}`);
  }
  return out;
}

/** Validate every override (unknown partitions refused). */
export function validateEndpointOverrides(endpoints: unknown): EndpointOverrides {
  if (endpoints === undefined || endpoints === null) return {};
  if (typeof endpoints !== 'object' || Array.isArray(endpoints)) throw invalid('endpoints', 'endpoints must map a partition (aws, aws-cn, aws-us-gov) to { url, signingRegion? }');
  const out: EndpointOverrides = {};
  for (const [k, v] of Object.entries(endpoints as Record<string, unknown>)) {
    if (v === undefined) continue;
    if (!isPartition(k)) throw invalid('endpoints', `endpoints: unknown partition "${k.slice(0, 40)}" (aws, aws-cn or aws-us-gov)`);
    out[k] = validateEndpointOverride(k, v as EndpointOverride);
  }
  return out;
}

/** Where a request for `region` goes and which region it is signed for. */
export function resolveStsEndpoint(region: string, overrides: EndpointOverrides): { url: string; signingRegion: string } {
  const override = overrides[partitionOfRegion(region)];
  if (override === undefined) return { url: stsUrl(region), signingRegion: region };
  return { url: override.url, signingRegion: signingRegionFor(region, override) };
}

/**
 * Whether `url` is one of the partition's own STS or sign-in hosts, exactly: `https:`, no userinfo,
 * no port, no path beyond `/`, no query or fragment, a plain lower-case-able host name.
 * - sts: `sts.<region>.<dnsSuffix>`, `sts-fips.<region>.<dnsSuffix>`, the dual-stack
 *   `sts[-fips].<region>.<dualStackDnsSuffix>` for a region of the partition, and `sts.amazonaws.com`
 *   (aws). VPC endpoints and anything else under `amazonaws.com` (API Gateway, S3…) are not.
 * - oidc / portal: IAM Identity Center's `oidc.<region>.<dnsSuffix>` and `portal.sso.<region>.<dnsSuffix>`.
 * - signin: the partition's sign-in host (`signin.aws.amazon.com`, `signin.amazonaws-us-gov.com`,
 *   `signin.amazonaws.cn`) and `<region>.` + that host for a region of the partition.
 * @example isAwsOwnEndpoint('signin', 'https://eu-west-1.signin.aws.amazon.com', 'aws') // true
 * @example isAwsOwnEndpoint('sts', 'https://abc.execute-api.us-east-1.amazonaws.com', 'aws') // false
 */
export function isAwsOwnEndpoint(kind: 'sts' | 'signin' | 'oidc' | 'portal', url: string, partition: Partition): boolean {
  if (typeof url !== 'string' || !isPartition(partition)) return false;
  const m = /^https:\/\/([A-Za-z0-9.-]+)\/?$/.exec(url);
  if (!m) return false;
  const host = m[1]!.toLowerCase();
  if (host.startsWith('.') || host.endsWith('.') || host.includes('..')) return false;
  const info = partitionInfo(partition);
  if (kind === 'sts') {
    if (partition === 'aws' && host === 'sts.amazonaws.com') return true;
    for (const suffix of [info.dnsSuffix, info.dualStackDnsSuffix]) {
      const r = new RegExp(`^sts(?:-fips)?\\.([a-z0-9-]+)\\.${escape(suffix)}$`).exec(host);
      if (r && regionIn(r[1]!, partition)) return true;
    }
    return false;
  }
  if (kind === 'oidc' || kind === 'portal') {
    const prefix = kind === 'oidc' ? 'oidc' : 'portal\\.sso';
    const r = new RegExp(`^${prefix}\\.([a-z0-9-]+)\\.${escape(info.dnsSuffix)}$`).exec(host);
    return !!r && regionIn(r[1]!, partition) !== undefined;
  }
  const base = signinHost(partition);
  if (host === base) return true;
  if (!host.endsWith('.' + base)) return false;
  return regionIn(host.slice(0, -base.length - 1), partition) !== undefined;
}
