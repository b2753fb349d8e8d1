/**
 * AWS partitions: which one a region or ARN belongs to, and each supported partition's STS, sign-in
 * (federation) and console hosts; plus ARN parsing for the principals STS returns.
 *
 * ## Partitions and regions
 * Regions are matched against the partitions botocore knows (botocore 1.43 `data/partitions.json`:
 * each partition's `regionRegex` and `dnsSuffix`), so a region belongs to exactly one partition or to
 * none. Sigvault supports `aws`, `aws-cn` and `aws-us-gov` ({@link Partition}); a region of another
 * partition is refused with an error naming it, and a region of no partition (`xx-foo-1`) is refused
 * as not a region. Unlike botocore, whose endpoint rules put an unmatched region in `aws`, nothing
 * falls into `aws` by default. botocore's `\w` is narrowed to `[a-z0-9]`: region names are lower
 * case, and the name becomes part of a host name and of the SigV4 credential scope.
 *
 * `aws-eusc` (AWS European Sovereign Cloud, `eusc-de-east-1`, DNS suffix `amazonaws.eu`) is known
 * but not supported: its STS host follows the partition's DNS suffix, but its sign-in federation
 * endpoint and console host could not be established from AWS documentation (searched: the AWS
 * General Reference sign-in and console endpoint pages, the IAM User Guide's custom identity broker
 * page; none lists a European Sovereign Cloud host). Third-party code uses
 * `<region>.signin.amazonaws-eusc.eu` and `console.amazonaws-eusc.eu`, one with the note "not yet
 * available for aws-eusc"; botocore 1.43's own `signin` endpoint rules name no special host for it.
 * Until AWS documents them, sending credentials to a guessed host is worse than refusing.
 *
 * ## Hosts
 * From ../shared/aws-examples/federation (console-hosts.md, signin-endpoints.md) and the STS endpoint
 * pattern of the AWS General Reference:
 * | partition   | STS                                  | sign-in                                                   | console |
 * |-------------|--------------------------------------|-----------------------------------------------------------|---------|
 * | aws         | sts.<region>.amazonaws.com           | signin.aws.amazon.com (us-east-1), <region>.signin.aws.amazon.com | console.aws.amazon.com, <region>.console.aws.amazon.com |
 * | aws-us-gov  | sts.<region>.amazonaws.com           | signin.amazonaws-us-gov.com (us-gov-west-1), us-gov-east-1.signin.amazonaws-us-gov.com | console.amazonaws-us-gov.com |
 * | aws-cn      | sts.<region>.amazonaws.com.cn        | signin.amazonaws.cn                                       | console.amazonaws.cn |
 * @module
 */

import { SigvaultError } from '../errors.ts';

/** The partitions Sigvault supports. */
export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov';

/** Every partition botocore 1.43 knows (`data/partitions.json`). Only {@link Partition} is supported. */
export type AwsPartitionId = Partition | 'aws-iso' | 'aws-iso-b' | 'aws-iso-e' | 'aws-iso-f' | 'aws-eusc';

export interface AwsPartitionInfo {
  id: AwsPartitionId;
  /** botocore's `regionRegex`, with `\w` narrowed to `[a-z0-9]`. */
  regionRegex: RegExp;
  /** botocore's `dnsSuffix`. */
  dnsSuffix: string;
  /** botocore's `dualStackDnsSuffix`. */
  dualStackDnsSuffix: string;
  /** Sigvault can sign in to this partition's console (STS, sign-in and console hosts known). */
  supported: boolean;
}

/** botocore 1.43.11 `data/partitions.json`, in its order. */
export const AWS_PARTITIONS: readonly AwsPartitionInfo[] = [
  { id: 'aws', regionRegex: /^(us|eu|ap|sa|ca|me|af|il|mx)-[a-z0-9]+-\d+$/, dnsSuffix: 'amazonaws.com', dualStackDnsSuffix: 'api.aws', supported: true },
  { id: 'aws-cn', regionRegex: /^cn-[a-z0-9]+-\d+$/, dnsSuffix: 'amazonaws.com.cn', dualStackDnsSuffix: 'api.amazonwebservices.com.cn', supported: true },
  { id: 'aws-eusc', regionRegex: /^eusc-(de)-[a-z0-9]+-\d+$/, dnsSuffix: 'amazonaws.eu', dualStackDnsSuffix: 'api.amazonwebservices.eu', supported: false },
  { id: 'aws-iso', regionRegex: /^us-iso-[a-z0-9]+-\d+$/, dnsSuffix: 'c2s.ic.gov', dualStackDnsSuffix: 'api.aws.ic.gov', supported: false },
  { id: 'aws-iso-b', regionRegex: /^us-isob-[a-z0-9]+-\d+$/, dnsSuffix: 'sc2s.sgov.gov', dualStackDnsSuffix: 'api.aws.scloud', supported: false },
  { id: 'aws-iso-e', regionRegex: /^eu-isoe-[a-z0-9]+-\d+$/, dnsSuffix: 'cloud.adc-e.uk', dualStackDnsSuffix: 'api.cloud-aws.adc-e.uk', supported: false },
  { id: 'aws-iso-f', regionRegex: /^us-isof-[a-z0-9]+-\d+$/, dnsSuffix: 'csp.hci.ic.gov', dualStackDnsSuffix: 'api.aws.hci.ic.gov', supported: false },
  { id: 'aws-us-gov', regionRegex: /^us-gov-[a-z0-9]+-\d+$/, dnsSuffix: 'amazonaws.com', dualStackDnsSuffix: 'api.aws', supported: true },
];

export const PARTITIONS: readonly Partition[] = ['aws', 'aws-cn', 'aws-us-gov'];

const INFO = new Map(AWS_PARTITIONS.map((p) => [p.id, p]));

/** The botocore partition entry of a supported partition. */
export function partitionInfo(partition: Partition): AwsPartitionInfo {
  return INFO.get(partition)!;
}

/** Shaped like a region name (so it may be quoted in a message); says nothing about its partition. */
const REGION_SHAPE = /^[a-z]{2,4}(-[a-z0-9]{1,20}){1,4}-\d{1,3}$/;

/**
 * A region of a supported partition: the same rule as {@link validateRegion}, as one expression (for
 * code that filters rather than explains).
 */
export const REGION_PATTERN: RegExp = new RegExp(
  `(?=${REGION_SHAPE.source})(?:${AWS_PARTITIONS.filter((p) => p.supported)
    .map((p) => p.regionRegex.source)
    .join('|')})`,
);

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

/** The botocore partition whose region pattern `region` matches, supported or not; undefined if none. */
export function awsPartitionOfRegion(region: unknown): AwsPartitionId | undefined {
  if (typeof region !== 'string' || !REGION_SHAPE.test(region)) return undefined;
  return AWS_PARTITIONS.find((p) => p.regionRegex.test(region))?.id;
}

/**
 * Check a region name: a region of `aws` (`us-east-1`…), `aws-cn` (`cn-north-1`…) or `aws-us-gov`
 * (`us-gov-west-1`…). Regions of other partitions are refused naming their partition.
 * @throws SigvaultError INVALID_INPUT (details.field = `field`)
 * @example validateRegion('us-iso-east-1') // throws "region us-iso-east-1 is in the aws-iso partition, which Sigvault does not support"
 */
export function validateRegion(region: unknown, field = 'region'): string {
  if (typeof region !== 'string' || !REGION_SHAPE.test(region)) throw invalid(field, `${field} must look like us-east-1`);
  const id = awsPartitionOfRegion(region);
  if (id === undefined) throw invalid(field, `${field} ${region} is not a region of any AWS partition (a region looks like us-east-1)`);
  if (!isPartition(id)) {
    throw invalid(field, `${field} ${region} is in the ${id} partition, which Sigvault does not support (only aws, aws-cn and aws-us-gov)`);
  }
  return region;
}

/** The partition of a region (`us-east-1` → aws, `cn-north-1` → aws-cn, `us-gov-west-1` → aws-us-gov). */
export function partitionOfRegion(region: string): Partition {
  validateRegion(region);
  return awsPartitionOfRegion(region) as Partition;
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

/** Regional STS host: `sts.<region>.<partition's DNS suffix>` (`amazonaws.com`, `amazonaws.com.cn` in China). */
export function stsHost(region: string): string {
  return `sts.${region}.${partitionInfo(partitionOfRegion(region)).dnsSuffix}`;
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
 * Parse `arn:<partition>:iam::<12 digits>:role/<path/>name`. As IAM's model has them (botocore
 * `data/iam/2010-05-08/service-2.json`): the path is `/` or `/…/` with any of `\u0021-\u007E` between
 * the slashes, at most 512 characters (`pathType`); the name is 1–64 of `[\w+=,.@-]` (`roleNameType`).
 * @returns undefined for anything else
 */
export function parseRoleArn(arn: string): RoleArn | undefined {
  const a = parseArn(arn);
  if (!a || !isPartition(a.partition) || a.service !== 'iam' || a.region !== '' || !/^\d{12}$/.test(a.account)) return undefined;
  const m = /^role(\/|\/[\u0021-\u007E]+\/)([\w+=,.@-]{1,64})$/.exec(a.resource);
  if (!m || m[1]!.length > 512) return undefined;
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

