/**
 * Reads an AWS console page's address (the browser's active tab) as a console destination: which
 * partition, service and region it shows, and a clean deep link to the same place that
 * `console.open` may sign in to.
 *
 * Console hosts per partition (../shared/aws-examples/federation/console-hosts.md):
 * `console.aws.amazon.com` and `<region>.console.aws.amazon.com` (also multi-session
 * `<session>.<region>.console.aws.amazon.com` and service hosts such as `s3.console.aws.amazon.com`),
 * `console.amazonaws-us-gov.com`, `console.amazonaws.cn` (and their subdomains).
 *
 * The destination is rebuilt, not copied: the regional host (a multi-session label dropped, since the
 * new sign-in is a new session), the path, only the `region` query parameter (a console address after
 * sign-in can carry an OAuth `code`, `state` or `hashArgs`), and the fragment only when it holds nothing
 * that looks like a credential. The result passes {@link validateDestination}, the check
 * `console.open` applies. Anything else — sign-in hosts (a login URL carries a `SigninToken`), other
 * schemes, ports, userinfo, odd characters — is not a console page: `undefined`.
 * @module
 */

import { validateDestination } from './federation.ts';
import { PARTITIONS, consoleHost, isConsoleHost, partitionOfRegion, type Partition } from './partition.ts';
import { REGION_PATTERN } from '../vault/identity.ts';

export interface ConsoleUrlContext {
  partition: Partition;
  /** The console's service path segment (`ec2`, `s3`, `iam`…); absent on the console home. */
  service?: string;
  /** The region the page shows (`?region=`, else the host's region label); absent for global pages. */
  region?: string;
  /** A deep link to the same page, safe to pass to `console.open` as `destination`. */
  destination: string;
}

const MAX_URL = 4096;
const MAX_PATH = 1024;
const MAX_FRAGMENT = 1024;
const SERVICE_SEGMENT = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** Path characters a console route uses (RFC 3986 pchar and `/`, percent escapes checked separately). */
const PATH_CHARS = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*$/;
const FRAGMENT_CHARS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*$/;
/** Parameter names (in a fragment's `name=value` pairs) that could carry a bearer secret. */
const SECRET_NAME_PART = /token|signin|session|auth|credential|secret|passw|signature|assertion|saml|x-amz|jwt/i;
const SECRET_NAME = /^(code|state|key|sig|otp|pin)$/i;

/** Whether any `name=value` pair in `s` (also once percent-decoded) has a name that could carry a secret. */
function hasSecretParam(s: string): boolean {
  let decoded = s;
  try {
    decoded = decodeURIComponent(s);
  } catch {
    return true; // undecodable: do not carry it
  }
  if (decoded !== s && hasSecretParam(decoded)) return true;
  for (const pair of s.split(/[?&;:#/,]/)) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const name = pair.slice(0, eq);
    if (SECRET_NAME_PART.test(name) || SECRET_NAME.test(name)) return true;
  }
  return false;
}

function regionOf(candidate: string | undefined, partition: Partition): string | undefined {
  if (candidate === undefined || !REGION_PATTERN.test(candidate)) return undefined;
  return partitionOfRegion(candidate) === partition ? candidate : undefined;
}

/** The `region` query parameter (the last one wins, as in the console), if present and well formed. */
function queryRegion(query: string): string | undefined {
  let region: string | undefined;
  for (const part of query.split('&')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq) === 'region') region = part.slice(eq + 1);
  }
  return region;
}

/** Percent escapes must be well formed and must not hide a separator or control character. */
function escapesOk(s: string): boolean {
  const escapes = s.match(/%(..)?/g) ?? [];
  for (const e of escapes) {
    if (!/^%[0-9A-Fa-f]{2}$/.test(e)) return false;
    const code = parseInt(e.slice(1), 16);
    if (code < 0x20 || code === 0x7f || code === 0x2f /* / */ || code === 0x5c /* \ */) return false;
  }
  return true;
}

/**
 * The console context of a tab's URL, or `undefined` when it is not an AWS console page.
 * @example
 * parseConsoleUrl('https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:')
 * // → { partition: 'aws', service: 'ec2', region: 'eu-west-1',
 * //     destination: 'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:' }
 */
export function parseConsoleUrl(url: unknown): ConsoleUrlContext | undefined {
  if (typeof url !== 'string' || url.length > MAX_URL) return undefined;
  // Controls, spaces, backslashes and non-ASCII: not a plain console address (no parser games).
  if (/[\u0000-\u0020\u007f-\uffff\\]/.test(url)) return undefined;
  const m = /^https:\/\/([^/?#]+)(\/[^?#]*)?(\?[^#]*)?(#.*)?$/i.exec(url);
  if (!m) return undefined;
  const authority = m[1]!;
  if (authority.includes('@')) return undefined;
  const host = authority.replace(/:443$/, '').toLowerCase();
  if (host.includes(':') || host.endsWith('.')) return undefined;
  const partition = PARTITIONS.find((p) => isConsoleHost(host, p));
  if (!partition) return undefined;

  // host labels in front of the partition's console suffix: [] | [region] | [session, region] | [service host]
  const suffix = consoleHost(partition);
  const labels = host === suffix ? [] : host.slice(0, -suffix.length - 1).split('.');
  const hostRegion = regionOf(labels.at(-1), partition);
  let destHost = host;
  if (hostRegion !== undefined) destHost = `${hostRegion}.${suffix}`;
  else if (labels.length > 1) return undefined; // deeper names than a console uses

  const path = m[2] ?? '/';
  if (path.length > MAX_PATH || !PATH_CHARS.test(path) || !escapesOk(path) || /(^|\/)\.\.?(\/|$)/.test(path) || path.startsWith('//') || hasSecretParam(path)) return undefined;
  const first = path.split('/')[1] ?? '';
  const service = first !== '' && first !== 'console' && SERVICE_SEGMENT.test(first) ? first : undefined;

  const query = (m[3] ?? '').slice(1);
  const region = regionOf(queryRegion(query), partition) ?? hostRegion;

  let fragment = m[4] ?? '';
  if (fragment !== '') {
    const body = fragment.slice(1);
    const keep = body.length <= MAX_FRAGMENT && FRAGMENT_CHARS.test(body) && escapesOk(body) && !hasSecretParam(body);
    if (!keep) fragment = '';
  }

  let destination = `https://${destHost}${path}${region !== undefined ? `?region=${region}` : ''}${fragment}`;
  try {
    destination = validateDestination(destination, partition);
  } catch {
    return undefined;
  }
  return { partition, ...(service !== undefined ? { service } : {}), ...(region !== undefined ? { region } : {}), destination };
}

const SERVICE_NAMES: Readonly<Record<string, string>> = {
  ec2: 'EC2', s3: 'S3', iam: 'IAM', iamv2: 'IAM', vpc: 'VPC', vpcconsole: 'VPC', rds: 'RDS', lambda: 'Lambda',
  cloudwatch: 'CloudWatch', cloudformation: 'CloudFormation', cloudfront: 'CloudFront', cloudtrail: 'CloudTrail',
  dynamodb: 'DynamoDB', dynamodbv2: 'DynamoDB', ecs: 'ECS', eks: 'EKS', ecr: 'ECR', sns: 'SNS', sqs: 'SQS',
  kms: 'KMS', route53: 'Route 53', billing: 'Billing', costmanagement: 'Cost Management',
  'systems-manager': 'Systems Manager', secretsmanager: 'Secrets Manager', sagemaker: 'SageMaker',
  apigateway: 'API Gateway', states: 'Step Functions', organizations: 'Organizations', guardduty: 'GuardDuty',
  athena: 'Athena', glue: 'Glue', kinesis: 'Kinesis', codepipeline: 'CodePipeline', codebuild: 'CodeBuild',
  elasticbeanstalk: 'Elastic Beanstalk', acm: 'ACM', ses: 'SES', singlesignon: 'IAM Identity Center',
};

/** A service path segment as people know it: `ec2` → `EC2`, `lambda` → `Lambda`, unknown ones as they are. */
export function serviceDisplayName(service: string): string {
  return SERVICE_NAMES[service] ?? service;
}
