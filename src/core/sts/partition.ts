/**
 * AWS partitions (`aws`, `aws-cn`, `aws-us-gov`): which one an ARN or region belongs to, and each one's
 * STS, sign-in (federation) and console hosts; plus ARN parsing for the principals STS returns.
 *
 * Hosts, from ../shared/aws-examples/federation (console-hosts.md, signin-endpoints.md) and the STS
 * endpoint pattern of the AWS General Reference:
 * | partition   | STS                                  | sign-in                                                   | console |
 * |-------------|--------------------------------------|-----------------------------------------------------------|---------|
 * | aws         | sts.<region>.amazonaws.com           | signin.aws.amazon.com (us-east-1), <region>.signin.aws.amazon.com | console.aws.amazon.com, <region>.console.aws.amazon.com |
 * | aws-us-gov  | sts.<region>.amazonaws.com           | signin.amazonaws-us-gov.com (us-gov-west-1), us-gov-east-1.signin.amazonaws-us-gov.com | console.amazonaws-us-gov.com |
 * | aws-cn      | sts.<region>.amazonaws.com.cn        | signin.amazonaws.cn                                       | console.amazonaws.cn |
 * @module
 */

import { SigvaultError } from '../errors.ts';
import { REGION_PATTERN, type Partition } from '../vault/identity.ts';

export type { Partition };

export const PARTITIONS: readonly Partition[] = ['aws', 'aws-cn', 'aws-us-gov'];

/** The region each partition's global endpoints live in (and the default signing region). */
const DEFAULT_REGION: Readonly<Record<Partition, string>> = {
  aws: 'us-east-1',
  'aws-cn': 'cn-north-1',
  'aws-us-gov': 'us-gov-west-1',
};

function invalid(field: string, message: string): SigvaultError {
  return new SigvaultError('INVALID_INPUT', message, { field });
}

export function isPartition(v: unknown): v is Partition {
  return v === 'aws' || v === 'aws-cn' || v === 'aws-us-gov';
}

/**
 * Check a region name (`us-east-1`, `cn-north-1`, `us-gov-west-1`...).
 * @throws SigvaultError INVALID_INPUT (field `region`)
 */
export function validateRegion(region: unknown, field = 'region'): string {
  if (typeof region !== 'string' || !REGION_PATTERN.test(region)) throw invalid(field, `${field} must be an AWS region name such as us-east-1`);
  return region;
}

/** The partition of a region: `cn-*` → aws-cn, `us-gov-*` → aws-us-gov, anything else → aws. */
export function partitionOfRegion(region: string): Partition {
  validateRegion(region);
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The partition's default region: us-east-1, cn-north-1, us-gov-west-1. */
export function defaultRegion(partition: Partition): string {
  return DEFAULT_REGION[partition];
}

/**
 * The region an identity without one uses: `configured` (the `defaultRegion` setting) when it lies in
 * `partition`, else the partition's default region.
 * @example fallbackRegion('aws', 'eu-west-1') // 'eu-west-1'; fallbackRegion('aws-cn', 'eu-west-1') // 'cn-north-1'
 */
export function fallbackRegion(partition: Partition, configured?: string): string {
  return configured !== undefined && partitionOfRegion(configured) === partition ? configured : defaultRegion(partition);
}

/** Regional STS host: `sts.<region>.amazonaws.com`, or `.amazonaws.com.cn` in China. */
export function stsHost(region: string): string {
  const p = partitionOfRegion(region);
  return `sts.${region}.${p === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com'}`;
}

/** `https://<stsHost(region)>/` */
export function stsUrl(region: string): string {
  return `https://${stsHost(region)}/`;
}

function checkRegionInPartition(partition: Partition, region: string | undefined): void {
  if (region !== undefined && partitionOfRegion(region) !== partition) {
    throw invalid('region', `region ${region} is not in the ${partition} partition`);
  }
}

/**
 * AWS Sign-In host (the console federation endpoint lives at `https://<host>/federation`). Without a
 * region, the partition's un-prefixed host. With one: `<region>.signin.aws.amazon.com` (us-east-1
 * keeps the un-prefixed `signin.aws.amazon.com`), `us-gov-east-1.signin.amazonaws-us-gov.com`
 * (us-gov-west-1 un-prefixed); China always `signin.amazonaws.cn`.
 * @throws SigvaultError INVALID_INPUT when the region is not in the partition
 */
export function signinHost(partition: Partition, region?: string): string {
  checkRegionInPartition(partition, region);
  if (partition === 'aws-cn') return 'signin.amazonaws.cn';
  if (partition === 'aws-us-gov') return region === 'us-gov-east-1' ? 'us-gov-east-1.signin.amazonaws-us-gov.com' : 'signin.amazonaws-us-gov.com';
  return region === undefined || region === 'us-east-1' ? 'signin.aws.amazon.com' : `${region}.signin.aws.amazon.com`;
}

/** `https://<signinHost>` (no trailing slash). */
export function signinBaseUrl(partition: Partition, region?: string): string {
  return `https://${signinHost(partition, region)}`;
}

/**
 * Console host: `console.aws.amazon.com` or `<region>.console.aws.amazon.com` (us-east-1 and no region
 * give the un-prefixed host), `console.amazonaws-us-gov.com`, `console.amazonaws.cn`.
 */
export function consoleHost(partition: Partition, region?: string): string {
  checkRegionInPartition(partition, region);
  if (partition === 'aws-cn') return 'console.amazonaws.cn';
  if (partition === 'aws-us-gov') return 'console.amazonaws-us-gov.com';
  return region === undefined || region === 'us-east-1' ? 'console.aws.amazon.com' : `${region}.console.aws.amazon.com`;
}

const CONSOLE_SUFFIX: Readonly<Record<Partition, string>> = {
  aws: 'console.aws.amazon.com',
  'aws-cn': 'console.amazonaws.cn',
  'aws-us-gov': 'console.amazonaws-us-gov.com',
};

/**
 * Whether `host` (lower case, no port) is a console host of the partition: the partition's console
 * host or any subdomain of it (regional `eu-west-1.console.aws.amazon.com`, multi-session
 * `<id>.us-east-1.console.aws.amazon.com`).
 */
export function isConsoleHost(host: string, partition: Partition): boolean {
  const suffix = CONSOLE_SUFFIX[partition];
  if (host === suffix) return true;
  if (!host.endsWith('.' + suffix)) return false;
  const labels = host.slice(0, -suffix.length - 1).split('.');
  return labels.every((l) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(l));
}

// ---- ARNs ----

/** The parts of `arn:partition:service:region:account:resource`. */
export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

/** Split an ARN into its six parts (the resource may contain `:`); undefined if it is not one. */
export function parseArn(arn: unknown): Arn | undefined {
  if (typeof arn !== 'string' || arn.length > 2048) return undefined;
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || parts[1] === '' || parts[2] === '') return undefined;
  return {
    partition: parts[1]!,
    service: parts[2]!,
    region: parts[3]!,
    account: parts[4]!,
    resource: parts.slice(5).join(':'),
  };
}

/** The partition of an ARN when it is one we know. */
export function partitionOfArn(arn: string): Partition | undefined {
  const p = parseArn(arn)?.partition;
  return isPartition(p) ? p : undefined;
}

/** An IAM role ARN's parts. `path` is `/` or `/a/b/`. */
export interface RoleArn {
  partition: Partition;
  account: string;
  roleName: string;
  path: string;
}

/**
 * Parse `arn:<partition>:iam::<12 digits>:role/<path/>name`.
 * @returns undefined for anything else
 */
export function parseRoleArn(arn: string): RoleArn | undefined {
  const a = parseArn(arn);
  if (!a || !isPartition(a.partition) || a.service !== 'iam' || a.region !== '' || !/^\d{12}$/.test(a.account)) return undefined;
  const m = /^role(\/(?:[\w+=,.@-]+\/)*)([\w+=,.@-]{1,64})$/.exec(a.resource);
  if (!m) return undefined;
  return { partition: a.partition, account: a.account, roleName: m[2]!, path: m[1]! };
}

export type PrincipalKind = 'root' | 'user' | 'assumed-role' | 'federated-user' | 'role' | 'other';

/** What a principal ARN (as GetCallerIdentity returns it) denotes. */
export interface PrincipalInfo {
  kind: PrincipalKind;
  partition: string;
  account: string;
  /** User name, federated user name, or role name. */
  name?: string;
  /** Assumed role: the session name. */
  sessionName?: string;
}

/**
 * Describe a principal ARN: `arn:aws:iam::123456789012:root` → root, `…:user/path/Alice` → user Alice,
 * `arn:aws:sts::…:assumed-role/Role/session` → assumed-role, `…:federated-user/Bob` → federated-user.
 */
export function describePrincipal(arn: string): PrincipalInfo | undefined {
  const a = parseArn(arn);
  if (!a) return undefined;
  const base = { partition: a.partition, account: a.account };
  if (a.service === 'iam') {
    if (a.resource === 'root') return { ...base, kind: 'root' };
    if (a.resource.startsWith('user/')) return { ...base, kind: 'user', name: a.resource.slice(a.resource.lastIndexOf('/') + 1) };
    if (a.resource.startsWith('role/')) return { ...base, kind: 'role', name: a.resource.slice(a.resource.lastIndexOf('/') + 1) };
  }
  if (a.service === 'sts') {
    const m = /^assumed-role\/([^/]+)\/(.+)$/.exec(a.resource);
    if (m) return { ...base, kind: 'assumed-role', name: m[1]!, sessionName: m[2]! };
    if (a.resource.startsWith('federated-user/')) return { ...base, kind: 'federated-user', name: a.resource.slice(15) };
  }
  return { ...base, kind: 'other' };
}

/** True for the root user's ARN `arn:<partition>:iam::<account>:root` (root-user access keys). */
export function isRootArn(arn: string): boolean {
  return describePrincipal(arn)?.kind === 'root';
}

/**
 * Whether `url` is one of the partition's own STS or sign-in hosts (https, default port, no userinfo),
 * with any path: such an override needs no confirmation (it still reaches AWS).
 */
export function isAwsOwnEndpoint(kind: 'sts' | 'signin', url: string, partition: Partition): boolean {
  const m = /^https:\/\/([a-z0-9.-]+)(?::443)?(?:\/[^?#\s]*)?$/i.exec(url);
  if (!m) return false;
  const host = m[1]!.toLowerCase();
  if (kind === 'sts') {
    if (partition === 'aws' && host === 'sts.amazonaws.com') return true;
    const r = /^sts(?:-fips)?\.([a-z0-9-]+)\.(amazonaws\.com(?:\.cn)?)$/.exec(host);
    if (!r) return false;
    try {
      return partitionOfRegion(r[1]!) === partition && (r[2] === 'amazonaws.com.cn') === (partition === 'aws-cn');
    } catch {
      return false;
    }
  }
  if (partition === 'aws') return host === 'signin.aws.amazon.com' || /^[a-z]{2}(-[a-z]+)+-\d{1,2}\.signin\.aws\.amazon\.com$/.test(host);
  if (partition === 'aws-us-gov') return host === 'signin.amazonaws-us-gov.com' || host === 'us-gov-east-1.signin.amazonaws-us-gov.com';
  return host === 'signin.amazonaws.cn';
}
