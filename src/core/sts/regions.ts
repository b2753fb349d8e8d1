/**
 * The regions that exist in each supported partition, and the check an identity's region goes through.
 * Apart from ./partition.ts (whose shape rule the popup's first paint uses) so the list stays out of
 * the popup's first paint: only the forms (lazy) and the background load it.
 * @module
 */

import { SigvaultError } from '../errors.ts';
import { awsPartitionOfRegion, validateRegion, type Partition } from './partition.ts';

/**
 * The regions of each supported partition, as botocore 1.43.11 `data/partitions.json` lists them
 * (`regions`, without the `aws-global`-style pseudo regions).
 *
 * A region an identity is set to must be one of these ({@link validateKnownRegion}): a name that only
 * has a region's shape (`us-east-99`) would give an STS host that does not resolve and a console link
 * that does not open. The rule for a region AWS opens later is explicit: it is refused ("not a region
 * Sigvault knows") until it is added here. It stays current because partition.test.ts compares this list
 * with the `partitions.json` of the botocore installed on the machine (python3; the test says it skipped
 * when there is none): a newer botocore with a new region fails that test until the region is added.
 * Region names in settings, SSO sources and endpoints keep the shape rule ({@link validateRegion} in ./partition.ts).
 */
export const KNOWN_REGIONS: Readonly<Record<Partition, readonly string[]>> = {
  aws: [
    'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-south-2',
    'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7',
    'ca-central-1', 'ca-west-1', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2',
    'eu-west-3', 'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1', 'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-1',
    'us-west-2',
  ],
  'aws-cn': ['cn-north-1', 'cn-northwest-1'],
  'aws-us-gov': ['us-gov-east-1', 'us-gov-west-1'],
};

/**
 * Check that `region` is a region that exists ({@link KNOWN_REGIONS}) and, when the identity's
 * `partition` is known (from its role ARN, MFA device or what STS said), that it lies in that partition.
 * The error's details carry `reason` (`regionUnknown` with params `[region]`, `regionPartition` with
 * params `[region, partition]`) for pages that explain it in their own words.
 * @throws SigvaultError INVALID_INPUT (details.field = `field`)
 * @example validateKnownRegion('us-east-99') // throws: not a region Sigvault knows
 * @example validateKnownRegion('cn-north-1', 'aws') // throws: not in the aws partition
 */
export function validateKnownRegion(region: unknown, partition?: Partition, field = 'region'): string {
  const r = validateRegion(region, field);
  const of = awsPartitionOfRegion(r) as Partition;
  if (!KNOWN_REGIONS[of].includes(r)) {
    throw new SigvaultError('INVALID_INPUT', `${field} ${r} is not an AWS region Sigvault knows (a region looks like us-east-1)`, { field, reason: 'regionUnknown', params: [r] });
  }
  if (partition !== undefined && of !== partition) {
    throw new SigvaultError('INVALID_INPUT', `${field} ${r} is not a region of the ${partition} partition this identity is in`, { field, reason: 'regionPartition', params: [r, partition] });
  }
  return r;
}

