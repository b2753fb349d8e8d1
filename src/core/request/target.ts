/**
 * Where a request goes, as SigV4 needs it: the signing name (service) and region inferred from an AWS
 * host name, overridable by the caller; whether a host is an AWS API host; `s3://bucket/key` → an
 * object URL.
 *
 * Host shapes recognised (`<suffix>` is `amazonaws.com` for aws and aws-us-gov, `amazonaws.com.cn` for
 * aws-cn):
 * - regional `<endpoint>.<region>.<suffix>` (`ec2.eu-west-1.amazonaws.com`, `dynamodb.us-gov-west-1…`),
 *   FIPS (`<endpoint>-fips.<region>…`), and dual-stack `<endpoint>.<region>.api.aws`;
 * - the global endpoints (`iam.amazonaws.com`, `sts.amazonaws.com`, `iam.us-gov.amazonaws.com`,
 *   `route53.amazonaws.com.cn`, …): their fixed signing region;
 * - S3: virtual-hosted (`<bucket>.s3.<region>…`, `<bucket>.s3.amazonaws.com`, legacy `<bucket>.s3-<region>…`,
 *   dual-stack `s3.dualstack.<region>…`), path-style (`s3.<region>…/<bucket>/<key>`), access points
 *   (`<name>-<account>.s3-accesspoint.<region>…`), S3 Control (`<account>.s3-control.<region>…`);
 *   Multi-Region Access Points (`<alias>.accesspoint.s3-global.amazonaws.com`) need SigV4a (`sigv4a: true`);
 * - API Gateway `<api-id>.execute-api.<region>…` and Lambda function URLs `<id>.lambda-url.<region>.on.aws`.
 *
 * Endpoint prefixes that are not the signing name are mapped (`email` → `ses`, `streams.dynamodb` →
 * `dynamodb`, …); any other prefix is taken as the signing name, which is AWS's rule for most services.
 * Pure: no browser API.
 * @module
 */
import { SigvaultError } from '../errors.ts';
import { uriEncode } from '../sigv4/encoding.ts';
import { parseUrl } from '../sigv4/url.ts';
import { awsPartitionOfRegion, defaultRegion, isPartition, type Partition } from '../sts/partition.ts';

/** What a URL says about its signing target. Absent fields could not be inferred. */
export interface InferredTarget {
  service?: string;
  region?: string;
  partition?: Partition;
  /** The host needs SigV4a (S3 Multi-Region Access Points). */
  sigv4a: boolean;
  /** S3: how the bucket is addressed, and which. */
  s3?: { addressing: 'virtual-hosted' | 'path'; bucket?: string };
}

/** The target a request is signed for. */
export interface ResolvedTarget {
  service: string;
  /** The SigV4 region (with SigV4a it is not signed: {@link regionSet} is). */
  region: string;
  /** Sign with SigV4a: the host needs it (S3 Multi-Region Access Points) or the caller asked for it. */
  sigv4a: boolean;
  /** SigV4a only: the region set signed (`X-Amz-Region-Set`), `*` unless the caller gave one. */
  regionSet?: string;
  /** Which of the two came from the URL (false: the caller's override or the fallback region). */
  inferred: { service: boolean; region: boolean };
}

/** The DNS suffixes of AWS API hosts in the supported partitions (dual-stack and function URLs included). */
const SUFFIXES: ReadonlyArray<{ suffix: string; partition?: Partition; dualStack?: boolean }> = [
  { suffix: '.amazonaws.com.cn', partition: 'aws-cn' },
  { suffix: '.api.amazonwebservices.com.cn', partition: 'aws-cn', dualStack: true },
  { suffix: '.amazonaws.com' },
  { suffix: '.api.aws', dualStack: true },
  { suffix: '.on.aws' },
];

/** Endpoint prefixes whose signing name differs (botocore's `signingName` / `endpointPrefix`). */
const SIGNING_NAMES: Readonly<Record<string, string>> = {
  email: 'ses',
  'streams.dynamodb': 'dynamodb',
  'api.ecr': 'ecr',
  'api.ecr-public': 'ecr-public',
  'api.sagemaker': 'sagemaker',
  'runtime.sagemaker': 'sagemaker',
  'runtime.lex': 'lex',
  'data.iot': 'iotdata',
  'api.pricing': 'pricing',
  'data-ats.iot': 'iotdata',
  'api.tunneling.iot': 'IoTSecuredTunneling',
  'runtime-v2-lex': 'lex',
  'query.timestream': 'timestream',
  'ingest.timestream': 'timestream',
  'api.mediatailor': 'mediatailor',
  'contentmanagement.kendra': 'kendra',
};

/** Prefixes whose LAST label is the service and whose first labels name a resource (`<api-id>.execute-api`). */
const RESOURCE_SERVICES: ReadonlySet<string> = new Set(['execute-api', 'lambda-url', 'dkr', 'appsync-api', 'iot']);

/** Global endpoints: host (without partition suffix handling) → service and signing region. */
const GLOBAL_HOSTS: Readonly<Record<string, { service: string; region: string }>> = {
  'iam.amazonaws.com': { service: 'iam', region: 'us-east-1' },
  'iam.us-gov.amazonaws.com': { service: 'iam', region: 'us-gov-west-1' },
  'sts.amazonaws.com': { service: 'sts', region: 'us-east-1' },
  's3.amazonaws.com': { service: 's3', region: 'us-east-1' },
  's3-external-1.amazonaws.com': { service: 's3', region: 'us-east-1' },
  'route53.amazonaws.com': { service: 'route53', region: 'us-east-1' },
  'route53.us-gov.amazonaws.com': { service: 'route53', region: 'us-gov-west-1' },
  'route53.amazonaws.com.cn': { service: 'route53', region: 'cn-northwest-1' },
  'cloudfront.amazonaws.com': { service: 'cloudfront', region: 'us-east-1' },
  'cloudfront.cn-northwest-1.amazonaws.com.cn': { service: 'cloudfront', region: 'cn-northwest-1' },
  'organizations.us-east-1.amazonaws.com': { service: 'organizations', region: 'us-east-1' },
  'waf.amazonaws.com': { service: 'waf', region: 'us-east-1' },
  'shield.us-east-1.amazonaws.com': { service: 'shield', region: 'us-east-1' },
  'globalaccelerator.amazonaws.com': { service: 'globalaccelerator', region: 'us-west-2' },
  'budgets.amazonaws.com': { service: 'budgets', region: 'us-east-1' },
  'ce.us-east-1.amazonaws.com': { service: 'ce', region: 'us-east-1' },
  'networkmanager.us-west-2.amazonaws.com': { service: 'networkmanager', region: 'us-west-2' },
  'sdb.amazonaws.com': { service: 'sdb', region: 'us-east-1' },
  'importexport.amazonaws.com': { service: 'importexport', region: 'us-east-1' },
};

const REGION_SHAPE = /^[a-z]{2,4}(-[a-z0-9]{1,20}){1,4}-\d{1,3}$/;
const LOOPBACK = /^(127(\.\d{1,3}){3}|localhost|\[::1\])(:\d+)?$/;

function invalid(field: string, message: string): SigvaultError {
  return new SigvaultError('INVALID_INPUT', message, { field });
}

/** A region of a supported partition (`us-east-1`, `cn-north-1`, `us-gov-west-1`), else undefined. */
function supportedRegion(label: string | undefined): { region: string; partition: Partition } | undefined {
  if (label === undefined || !REGION_SHAPE.test(label)) return undefined;
  const p = awsPartitionOfRegion(label);
  return p !== undefined && isPartition(p) ? { region: label, partition: p } : undefined;
}

/** `host` without a port, lower-case. */
function hostName(host: string): string {
  const h = host.toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.lastIndexOf(':');
  return colon < 0 ? h : h.slice(0, colon);
}

/** The AWS suffix a host name ends with, and the labels before it; undefined for any other host. */
function splitAwsHost(name: string): { labels: string[]; suffix: (typeof SUFFIXES)[number] } | undefined {
  for (const s of SUFFIXES) {
    if (name.endsWith(s.suffix) && name.length > s.suffix.length) {
      const labels = name.slice(0, -s.suffix.length).split('.');
      if (labels.some((l) => !/^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/.test(l))) return undefined;
      if (s.suffix === '.on.aws' && !(labels.length === 3 && labels[1] === 'lambda-url')) return undefined;
      return { labels, suffix: s };
    }
  }
  return undefined;
}

/**
 * Is `host` (a URL's host, port allowed) an AWS API host of a supported partition: `*.amazonaws.com`
 * (aws and GovCloud), `*.amazonaws.com.cn`, the dual-stack `*.api.aws` / `*.api.amazonwebservices.com.cn`,
 * or a Lambda function URL (`*.lambda-url.<region>.on.aws`)?
 * @example isAwsApiHost('dynamodb.eu-west-1.amazonaws.com') // true
 */
export function isAwsApiHost(host: string): boolean {
  return splitAwsHost(hostName(host)) !== undefined;
}

/** A loopback host (127.0.0.0/8, localhost, [::1]), port allowed: emulators and test stand-ins. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.test(host.toLowerCase());
}

/** The S3 part of a host: the index of its `s3…` label and what it says. */
function s3Label(labels: string[]): { at: number; region?: string; dualstack: boolean; kind: 's3' | 'accesspoint' | 'control' | 'object-lambda' | 'express' } | undefined {
  for (let i = labels.length - 1; i >= 0; i--) {
    const l = labels[i]!;
    if (l === 's3' || l === 's3-fips' || l === 's3-external-1') {
      const dual = labels[i + 1] === 'dualstack';
      const region = supportedRegion(labels[dual ? i + 2 : i + 1])?.region ?? (l === 's3-external-1' ? 'us-east-1' : undefined);
      return { at: i, dualstack: dual, kind: 's3', ...(region ? { region } : {}) };
    }
    if (l === 's3-accesspoint' || l === 's3-accesspoint-fips') {
      const dual = labels[i + 1] === 'dualstack';
      const region = supportedRegion(labels[dual ? i + 2 : i + 1])?.region;
      return { at: i, dualstack: dual, kind: 'accesspoint', ...(region ? { region } : {}) };
    }
    if (l === 's3-control' || l === 's3-control-fips') {
      const region = supportedRegion(labels[i + 1])?.region;
      return { at: i, dualstack: false, kind: 'control', ...(region ? { region } : {}) };
    }
    if (l === 's3-object-lambda' || l === 's3-object-lambda-fips') {
      const region = supportedRegion(labels[i + 1])?.region;
      return { at: i, dualstack: false, kind: 'object-lambda', ...(region ? { region } : {}) };
    }
    if (/^s3express(-control)?(-[a-z0-9-]+)?$/.test(l) && supportedRegion(labels[i + 1])) {
      return { at: i, dualstack: false, kind: 'express', region: labels[i + 1]! };
    }
    const legacy = /^s3-(.+)$/.exec(l);
    if (legacy && i === labels.length - 1) {
      const r = supportedRegion(legacy[1]);
      if (r) return { at: i, dualstack: false, kind: 's3', region: r.region };
    }
  }
  return undefined;
}

function firstPathSegment(path: string): string | undefined {
  const m = /^\/([^/?#]+)/.exec(path);
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return m[1];
  }
}

/**
 * What an AWS URL's host says about its signing target. Never throws for a well-formed URL; a host that
 * is not an AWS API host gives `{ sigv4a: false }` only.
 * @throws SigvaultError INVALID_INPUT (field `url`) for a URL that cannot be parsed
 * @example
 * inferTarget('https://my-bucket.s3.eu-west-1.amazonaws.com/photo.jpg')
 * // { service: 's3', region: 'eu-west-1', partition: 'aws', sigv4a: false, s3: { addressing: 'virtual-hosted', bucket: 'my-bucket' } }
 */
export function inferTarget(url: string): InferredTarget {
  const parsed = parseUrl(url);
  const name = hostName(parsed.host);
  const split = splitAwsHost(name);
  if (!split) return { sigv4a: false };
  const { labels, suffix } = split;
  const withPartition = (t: InferredTarget): InferredTarget => {
    if (t.region !== undefined) {
      const p = supportedRegion(t.region)?.partition;
      // a region of the other partitions' naming under this suffix is not an AWS host we know
      if (p === undefined || (suffix.partition === 'aws-cn') !== (p === 'aws-cn')) return { sigv4a: t.sigv4a };
      return { ...t, partition: p };
    }
    return suffix.partition ? { ...t, partition: suffix.partition } : t;
  };

  // Global endpoints with a fixed signing region.
  const global = GLOBAL_HOSTS[name];
  if (global && global.service !== 's3') return withPartition({ service: global.service, region: global.region, sigv4a: false });

  // S3 Multi-Region Access Points: SigV4a, signed for every region ('*').
  if (suffix.suffix === '.amazonaws.com' && labels.length >= 3 && labels.at(-1) === 's3-global' && labels.at(-2) === 'accesspoint') {
    return { service: 's3', sigv4a: true, partition: 'aws' };
  }

  // Lambda function URLs: <url-id>.lambda-url.<region>.on.aws
  if (suffix.suffix === '.on.aws') {
    const r = supportedRegion(labels[2]);
    return r ? withPartition({ service: 'lambda', region: r.region, sigv4a: false }) : { sigv4a: false };
  }

  const s3 = s3Label(labels);
  if (s3) {
    const service = s3.kind === 'object-lambda' ? 's3-object-lambda' : s3.kind === 'express' ? 's3express' : 's3';
    const region = s3.region ?? (labels.length === s3.at + 1 && suffix.suffix === '.amazonaws.com' ? 'us-east-1' : undefined);
    const t: InferredTarget = { service, sigv4a: false, ...(region ? { region } : {}) };
    if (s3.kind === 's3' || s3.kind === 'express') {
      if (s3.at > 0) t.s3 = { addressing: 'virtual-hosted', bucket: labels.slice(0, s3.at).join('.') };
      else {
        const bucket = firstPathSegment(parsed.path);
        t.s3 = { addressing: 'path', ...(bucket ? { bucket } : {}) };
      }
    }
    return withPartition(t);
  }

  // Regional: the right-most label that is a region; the labels before it name the endpoint.
  let at = -1;
  for (let i = labels.length - 1; i >= 0; i--) {
    if (supportedRegion(labels[i])) {
      at = i;
      break;
    }
  }
  if (at < 0) {
    // GovCloud's global form (`<svc>.us-gov.amazonaws.com`) and other hosts without a region.
    if (labels.length === 2 && labels[1] === 'us-gov') return withPartition({ service: mapService([labels[0]!]), region: 'us-gov-west-1', sigv4a: false });
    if (labels.length === 1) return withPartition({ service: mapService(labels), sigv4a: false });
    return { sigv4a: false };
  }
  const prefix = labels.slice(0, at);
  if (prefix.length === 0) return { sigv4a: false };
  return withPartition({ service: mapService(prefix), region: labels[at]!, sigv4a: false });
}

/** Endpoint prefix labels → signing name. */
function mapService(prefix: string[]): string {
  const joined = prefix.join('.').replace(/-fips$/, '');
  const mapped = SIGNING_NAMES[joined];
  if (mapped) return mapped;
  const last = prefix.at(-1)!.replace(/-fips$/, '');
  if (prefix.length > 1 && RESOURCE_SERVICES.has(last)) {
    // <api-id>.execute-api, <account>.dkr.ecr, <id>.appsync-api, <prefix>-ats.iot (IoT's data plane)
    return last === 'lambda-url' ? 'lambda' : last === 'dkr' ? 'ecr' : last === 'appsync-api' ? 'appsync' : last === 'iot' ? 'iotdata' : last;
  }
  return SIGNING_NAMES[last] ?? last;
}

const SERVICE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,62}$/;

/** One region or pattern of a SigV4a region set (the signer's own rule, src/core/sigv4a/sign.ts). */
const REGION_PATTERN = /^[A-Za-z0-9._*-]{1,64}$/;

/** The signing algorithms a caller may ask for. */
export type SigningAlgorithm = 'sigv4' | 'sigv4a';

/**
 * Whether to sign with SigV4a, and for which region set: the caller's `signingAlgorithm` where given,
 * otherwise what the host needs; the region set (SigV4a only) is the caller's or `*`.
 * @throws SigvaultError INVALID_INPUT: `signingAlgorithm` (not `sigv4`/`sigv4a`, or `sigv4` for a host
 *   that only takes SigV4a), `regionSet` (malformed, or given for SigV4)
 */
function algorithmOf(hostNeedsV4a: boolean, algorithm: unknown, regionSet: unknown): { sigv4a: boolean; regionSet?: string } {
  if (algorithm !== undefined && algorithm !== 'sigv4' && algorithm !== 'sigv4a') {
    throw invalid('signingAlgorithm', 'signingAlgorithm must be "sigv4" or "sigv4a".');
  }
  if (algorithm === 'sigv4' && hostNeedsV4a) {
    throw invalid('signingAlgorithm', 'This host is an S3 Multi-Region Access Point: AWS accepts only SigV4a signatures there.');
  }
  const sigv4a = algorithm === 'sigv4a' || (algorithm === undefined && hostNeedsV4a);
  if (regionSet === undefined) return sigv4a ? { sigv4a, regionSet: '*' } : { sigv4a };
  if (!sigv4a) throw invalid('regionSet', 'regionSet is for SigV4a signatures only (signingAlgorithm "sigv4a").');
  const parts = typeof regionSet === 'string' && regionSet.length <= 1024 ? regionSet.split(',') : [];
  if (typeof regionSet !== 'string' || parts.length === 0 || parts.length > 64 || !parts.every((r) => REGION_PATTERN.test(r))) {
    throw invalid('regionSet', 'regionSet must be regions or patterns joined with "," ("*", "us-east-1", "us-*,eu-west-1"): letters, digits, "-", "_", "." and "*".');
  }
  return { sigv4a, regionSet };
}

/**
 * The service and region to sign `url` for: the caller's `service` / `region` where given (checked),
 * otherwise what the host says; a region that neither gives is `fallbackRegion` (the identity's or the
 * default region) — or, for a host of a known partition, that partition's default region. SigV4a
 * (`sigv4a: true`, with `regionSet`) for hosts that need it, or when `signingAlgorithm` is `sigv4a`.
 * @throws SigvaultError INVALID_INPUT: `service` when it is neither given nor inferable (a loopback or
 *   custom host needs it), `region` when one given is not a region of aws, aws-cn or aws-us-gov,
 *   `signingAlgorithm` / `regionSet` (see {@link algorithmOf})
 * @example resolveTarget('http://127.0.0.1:4566/bucket/key', { service: 's3', region: 'us-east-1' })
 */
export function resolveTarget(
  url: string,
  opts: { service?: string; region?: string; fallbackRegion?: string; signingAlgorithm?: SigningAlgorithm; regionSet?: string } = {},
): ResolvedTarget {
  const t = inferTarget(url);
  let service = t.service;
  let inferredService = service !== undefined;
  if (opts.service !== undefined) {
    if (typeof opts.service !== 'string' || !SERVICE_NAME.test(opts.service)) throw invalid('service', 'service must be a signing name such as s3, dynamodb or execute-api.');
    service = opts.service;
    inferredService = false;
  }
  if (service === undefined) {
    throw invalid('service', 'The service cannot be inferred from this host: give the signing name (service), e.g. s3, dynamodb, execute-api.');
  }
  let region = t.region;
  let inferredRegion = region !== undefined;
  if (opts.region !== undefined) {
    if (typeof opts.region !== 'string' || !supportedRegion(opts.region)) throw invalid('region', 'region must be a region of aws, aws-cn or aws-us-gov, such as us-east-1.');
    region = opts.region;
    inferredRegion = false;
  }
  if (region === undefined) {
    region = t.partition && t.partition !== 'aws' ? defaultRegion(t.partition) : opts.fallbackRegion ?? 'us-east-1';
    inferredRegion = false;
  }
  const signing = algorithmOf(t.sigv4a, opts.signingAlgorithm, opts.regionSet);
  return { service, region, ...signing, inferred: { service: inferredService, region: inferredRegion } };
}

/**
 * `s3://bucket/key` → the object's https URL in `region`: virtual-hosted
 * (`https://bucket.s3.<region>.amazonaws.com/key`), or path-style for a bucket name with dots (whose
 * virtual host a wildcard TLS certificate does not cover). The key is percent-encoded per segment
 * (`/` kept), as S3 signs it. Any other URL is returned unchanged.
 * @throws SigvaultError INVALID_INPUT (field `url`) for an `s3://` URL without a valid bucket name
 * @example s3UriToUrl('s3://my-bucket/a b.txt', 'eu-west-1') // 'https://my-bucket.s3.eu-west-1.amazonaws.com/a%20b.txt'
 */
export function s3UriToUrl(url: string, region: string): string {
  if (!/^s3:\/\//i.test(url)) return url;
  const rest = url.slice(5);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const key = slash < 0 ? '' : rest.slice(slash + 1);
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) || bucket.includes('..')) {
    throw invalid('url', 's3:// URLs need a bucket name (3 to 63 lower-case letters, digits, dots and hyphens): s3://bucket/key.');
  }
  const r = supportedRegion(region);
  if (!r) throw invalid('region', 'region must be a region of aws, aws-cn or aws-us-gov, such as us-east-1.');
  const suffix = r.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
  const encodedKey = uriEncode(key, true);
  return bucket.includes('.')
    ? `https://s3.${region}.${suffix}/${bucket}/${encodedKey}`
    : `https://${bucket}.s3.${region}.${suffix}/${encodedKey}`;
}
