import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SigvaultError } from '../errors.ts';
import { execFileSync } from 'node:child_process';
import { REGION_PATTERN as IDENTITY_REGION_PATTERN } from '../vault/identity.ts';
import { validateSettingsPatch } from '../settings.ts';
import { KNOWN_REGIONS, validateKnownRegion } from './regions.ts';
import {
  AWS_PARTITIONS,
  REGION_PATTERN,
  awsPartitionOfRegion,
  consoleHost,
  defaultRegion,
  fallbackRegion,
  describePrincipal,
  isConsoleHost,
  isRootArn,
  parseArn,
  parseRoleArn,
  partitionOfArn,
  partitionOfRegion,
  signinBaseUrl,
  signinHost,
  stsHost,
  stsUrl,
  validateRegion,
  type Partition,
} from './partition.ts';

describe('regions and partitions', () => {
  it.each([
    ['us-east-1', 'aws'],
    ['eu-central-2', 'aws'],
    ['ap-southeast-7', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-gov-east-1', 'aws-us-gov'],
  ])('%s → %s', (region, partition) => {
    expect(partitionOfRegion(region)).toBe(partition);
  });

  it('refuses things that are not regions', () => {
    for (const bad of ['', 'US-EAST-1', 'useast1', 'us-east', 'us-east-1.evil.com', 'us-east-1/x', 'us-East-1', 'us-east_x-1', 'us-east-1\n']) {
      expect(() => validateRegion(bad)).toThrow(SigvaultError);
    }
    try {
      partitionOfRegion('nope');
    } catch (e) {
      expect((e as SigvaultError).code).toBe('INVALID_INPUT');
      expect((e as SigvaultError).details.field).toBe('region');
    }
  });

  // Issue 10 item 10: botocore's partitions (data/partitions.json), nothing falls into aws by default.
  it.each([
    ['us-iso-east-1', 'aws-iso'],
    ['us-iso-west-1', 'aws-iso'],
    ['us-isob-east-1', 'aws-iso-b'],
    ['eu-isoe-west-1', 'aws-iso-e'],
    ['us-isof-south-1', 'aws-iso-f'],
    ['eusc-de-east-1', 'aws-eusc'],
  ])('%s is in %s, which is refused with a message naming it', (region, partition) => {
    expect(awsPartitionOfRegion(region)).toBe(partition);
    let e: SigvaultError | undefined;
    try {
      partitionOfRegion(region);
    } catch (x) {
      e = x as SigvaultError;
    }
    expect(e?.code).toBe('INVALID_INPUT');
    expect(e?.details.field).toBe('region');
    expect(e?.message).toBe(`region ${region} is in the ${partition} partition, which Sigvault does not support (only aws, aws-cn and aws-us-gov)`);
  });

  it('regions of no partition are refused as not regions (xx-foo-1, mars-north-1)', () => {
    for (const bad of ['xx-foo-1', 'mars-north-1', 'cn-1', 'eusc-fr-east-1', 'aws-global']) {
      expect(awsPartitionOfRegion(bad), bad).toBeUndefined();
      expect(() => validateRegion(bad), bad).toThrow(SigvaultError);
    }
    expect(() => validateRegion('xx-foo-1')).toThrow('region xx-foo-1 is not a region of any AWS partition');
  });

  it('REGION_PATTERN (identity.ts), validateRegion, settings\' defaultRegion and partitionOfRegion agree', () => {
    expect(IDENTITY_REGION_PATTERN).toBe(REGION_PATTERN);
    const samples = ['us-east-1', 'eu-central-2', 'mx-central-1', 'il-central-1', 'cn-north-1', 'us-gov-east-1', 'us-east-10', 'ap-southeast-7',
      'us-iso-east-1', 'us-isob-east-1', 'eu-isoe-west-1', 'us-isof-east-1', 'eusc-de-east-1', 'xx-foo-1', 'us-east', 'US-EAST-1', 'us_east-1', 'us-east-1 ', 'us-east-1\n', 'us-east-1.evil.com', ''];
    for (const r of samples) {
      let valid = true;
      try {
        validateRegion(r);
      } catch {
        valid = false;
      }
      expect(REGION_PATTERN.test(r), r).toBe(valid);
      let setting = true;
      try {
        validateSettingsPatch({ defaultRegion: r });
      } catch {
        setting = false;
      }
      expect(setting, r).toBe(valid || r.trim() !== r && REGION_PATTERN.test(r.trim()));
    }
  });

  it('matches botocore 1.43 partitions.json (region regex, DNS suffix, every listed region)', () => {
    let data: { partitions: Array<{ id: string; regionRegex: string; outputs: { dnsSuffix: string; dualStackDnsSuffix: string }; regions: Record<string, unknown> }> };
    try {
      const py = 'import json, os, botocore; print(open(os.path.join(os.path.dirname(botocore.__file__), "data", "partitions.json")).read())';
      data = JSON.parse(execFileSync('python3', ['-c', py], { encoding: 'utf8' }));
    } catch {
      return; // no botocore here: the table's comment names the version it was taken from
    }
    expect(AWS_PARTITIONS.map((p) => p.id).sort()).toEqual(data.partitions.map((p) => p.id).sort());
    for (const p of data.partitions) {
      const mine = AWS_PARTITIONS.find((x) => x.id === p.id)!;
      expect(mine.dnsSuffix, p.id).toBe(p.outputs.dnsSuffix);
      expect(mine.dualStackDnsSuffix, p.id).toBe(p.outputs.dualStackDnsSuffix);
      expect(mine.regionRegex.source, p.id).toBe(p.regionRegex.replace(/\\-/g, '-').replace(/\\w/g, '[a-z0-9]'));
      for (const region of Object.keys(p.regions)) {
        if (region.endsWith('-global')) continue;
        expect(awsPartitionOfRegion(region), region).toBe(p.id);
      }
    }
  });

  it('KNOWN_REGIONS is the region list of botocore partitions.json for each supported partition (a new region fails this until added)', () => {
    let data: { partitions: Array<{ id: string; regions: Record<string, unknown> }> };
    try {
      const py = 'import json, os, botocore; print(open(os.path.join(os.path.dirname(botocore.__file__), "data", "partitions.json")).read())';
      data = JSON.parse(execFileSync('python3', ['-c', py], { encoding: 'utf8' }));
    } catch {
      console.warn('KNOWN_REGIONS not compared: no botocore (python3 -m pip install botocore) on this machine');
      return;
    }
    for (const partition of ['aws', 'aws-cn', 'aws-us-gov'] as const) {
      const listed = Object.keys(data.partitions.find((p) => p.id === partition)!.regions).filter((r) => !r.endsWith('-global')).sort();
      expect([...KNOWN_REGIONS[partition]].sort(), partition).toEqual(listed);
    }
  });

  it('validateKnownRegion: a region that exists, in the identity\'s partition when known', () => {
    expect(validateKnownRegion('us-east-1')).toBe('us-east-1');
    expect(validateKnownRegion('ap-southeast-5', 'aws')).toBe('ap-southeast-5');
    expect(validateKnownRegion('cn-northwest-1', 'aws-cn')).toBe('cn-northwest-1');
    expect(validateKnownRegion('us-gov-east-1', 'aws-us-gov')).toBe('us-gov-east-1');
    expect(validateKnownRegion('us-gov-east-1')).toBe('us-gov-east-1');
    const err = (r: string, p?: 'aws' | 'aws-cn' | 'aws-us-gov') => {
      try {
        validateKnownRegion(r, p);
      } catch (e) {
        return e instanceof SigvaultError ? { message: e.message, ...e.details } : e;
      }
      return 'accepted';
    };
    // shaped like an aws region (validateRegion takes it) but no such region: its console link would not open
    expect(err('us-east-99')).toEqual({ field: 'region', reason: 'regionUnknown', params: ['us-east-99'], message: 'region us-east-99 is not an AWS region Sigvault knows (a region looks like us-east-1)' });
    expect(err('eu-west-9', 'aws')).toMatchObject({ reason: 'regionUnknown' });
    expect(err('cn-north-9', 'aws-cn')).toMatchObject({ reason: 'regionUnknown' });
    expect(err('cn-north-1', 'aws')).toEqual({ field: 'region', reason: 'regionPartition', params: ['cn-north-1', 'aws'], message: 'region cn-north-1 is not a region of the aws partition this identity is in' });
    expect(err('eu-west-1', 'aws-us-gov')).toMatchObject({ reason: 'regionPartition', params: ['eu-west-1', 'aws-us-gov'] });
    expect(err('us-gov-west-1', 'aws')).toMatchObject({ reason: 'regionPartition' });
    // what validateRegion refuses stays refused, with its message
    expect(err('us-iso-east-1')).toMatchObject({ field: 'region', message: expect.stringMatching(/aws-iso partition/) });
    expect(err('Us-East-1')).toMatchObject({ field: 'region', message: 'region must look like us-east-1' });
    for (const p of ['aws', 'aws-cn', 'aws-us-gov'] as const) for (const r of KNOWN_REGIONS[p]) expect(err(r, p), r).toBe('accepted');
  });

  it('default regions', () => {
    expect(defaultRegion('aws')).toBe('us-east-1');
    expect(defaultRegion('aws-cn')).toBe('cn-north-1');
    expect(defaultRegion('aws-us-gov')).toBe('us-gov-west-1');
    expect(fallbackRegion('aws', 'eu-west-1')).toBe('eu-west-1');
    expect(fallbackRegion('aws-cn', 'eu-west-1')).toBe('cn-north-1');
    expect(fallbackRegion('aws-cn', 'cn-northwest-1')).toBe('cn-northwest-1');
    expect(fallbackRegion('aws-us-gov')).toBe('us-gov-west-1');
  });
});

describe('STS hosts', () => {
  it('regional endpoints per partition', () => {
    expect(stsHost('eu-west-1')).toBe('sts.eu-west-1.amazonaws.com');
    expect(stsHost('af-south-1')).toBe('sts.af-south-1.amazonaws.com');
    expect(stsHost('cn-north-1')).toBe('sts.cn-north-1.amazonaws.com.cn');
    expect(stsHost('us-gov-west-1')).toBe('sts.us-gov-west-1.amazonaws.com');
    expect(stsUrl('us-east-1')).toBe('https://sts.us-east-1.amazonaws.com/');
  });
});

describe('sign-in hosts (federation/signin-endpoints.csv)', () => {
  const rows = readFileSync('/work/shared/aws-examples/federation/signin-endpoints.csv', 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const cells = line.match(/("[^"]*"|[^,]+)/g)!;
      return [cells[0]!, cells[2]!, cells[3]! as Partition] as const;
    });
  it.each(rows)('%s → %s', (region, endpoint, partition) => {
    expect(signinHost(partition, region)).toBe(endpoint);
  });
  it('un-prefixed hosts without a region; China', () => {
    expect(signinHost('aws')).toBe('signin.aws.amazon.com');
    expect(signinHost('aws-us-gov')).toBe('signin.amazonaws-us-gov.com');
    expect(signinHost('aws-cn')).toBe('signin.amazonaws.cn');
    expect(signinHost('aws-cn', 'cn-northwest-1')).toBe('signin.amazonaws.cn');
    expect(signinBaseUrl('aws', 'eu-west-1')).toBe('https://eu-west-1.signin.aws.amazon.com');
  });
  it('refuses a region from another partition', () => {
    expect(() => signinHost('aws', 'cn-north-1')).toThrow(/not in the aws partition/);
    expect(() => consoleHost('aws-us-gov', 'eu-west-1')).toThrow(SigvaultError);
  });
});

describe('console hosts (federation/console-hosts.md)', () => {
  it('per partition and region', () => {
    expect(consoleHost('aws')).toBe('console.aws.amazon.com');
    expect(consoleHost('aws', 'us-east-1')).toBe('console.aws.amazon.com');
    expect(consoleHost('aws', 'eu-west-1')).toBe('eu-west-1.console.aws.amazon.com');
    expect(consoleHost('aws-us-gov', 'us-gov-east-1')).toBe('console.amazonaws-us-gov.com');
    expect(consoleHost('aws-cn', 'cn-north-1')).toBe('console.amazonaws.cn');
  });
  it('recognises console hosts and their subdomains only', () => {
    expect(isConsoleHost('console.aws.amazon.com', 'aws')).toBe(true);
    expect(isConsoleHost('eu-west-1.console.aws.amazon.com', 'aws')).toBe(true);
    expect(isConsoleHost('123456789012-abcdefgh.us-east-1.console.aws.amazon.com', 'aws')).toBe(true);
    expect(isConsoleHost('console.amazonaws-us-gov.com', 'aws-us-gov')).toBe(true);
    expect(isConsoleHost('console.amazonaws.cn', 'aws-cn')).toBe(true);
    expect(isConsoleHost('console.amazonaws.cn', 'aws')).toBe(false);
    expect(isConsoleHost('evilconsole.aws.amazon.com', 'aws')).toBe(false);
    expect(isConsoleHost('console.aws.amazon.com.evil.com', 'aws')).toBe(false);
    expect(isConsoleHost('signin.aws.amazon.com', 'aws')).toBe(false);
    expect(isConsoleHost('a..console.aws.amazon.com', 'aws')).toBe(false);
    expect(isConsoleHost('-x.console.aws.amazon.com', 'aws')).toBe(false);
  });
});

describe('ARNs (sts/arn-formats-and-id-prefixes.txt)', () => {
  it('parseArn splits six parts and keeps colons in the resource', () => {
    expect(parseArn('arn:aws:iam::123456789012:user/JohnDoe')).toEqual({ partition: 'aws', service: 'iam', region: '', account: '123456789012', resource: 'user/JohnDoe' });
    expect(parseArn('arn:aws:logs:us-east-1:123456789012:log-group:x:*')?.resource).toBe('log-group:x:*');
    expect(parseArn('not an arn')).toBeUndefined();
    expect(parseArn('arn:aws:iam')).toBeUndefined();
    expect(parseArn(42)).toBeUndefined();
  });

  it('partitionOfArn', () => {
    expect(partitionOfArn('arn:aws-cn:iam::123456789012:role/x')).toBe('aws-cn');
    expect(partitionOfArn('arn:aws-us-gov:iam::123456789012:mfa/x')).toBe('aws-us-gov');
    expect(partitionOfArn('arn:aws-eusc:iam::123456789012:role/x')).toBeUndefined();
  });

  it('parseRoleArn: any of \\u0021-\\u007E in the path (IAM pathType, ≤ 512), the name [\\w+=,.@-]{1,64}', () => {
    expect(parseRoleArn('arn:aws:iam::123456789012:role/team!#$%&*()[]{};?~^`"\'/x:y/Name')).toEqual({
      partition: 'aws',
      account: '123456789012',
      roleName: 'Name',
      path: '/team!#$%&*()[]{};?~^`"\'/x:y/',
    });
    expect(parseRoleArn('arn:aws:iam::123456789012:role/' + 'p'.repeat(510) + '/N')?.path).toHaveLength(512);
    expect(parseRoleArn('arn:aws:iam::123456789012:role/' + 'p'.repeat(511) + '/N')).toBeUndefined();
    expect(parseRoleArn('arn:aws:iam::123456789012:role/a b/N')).toBeUndefined();
    expect(parseRoleArn('arn:aws:iam::123456789012:role//N')).toBeUndefined();
    expect(parseRoleArn('arn:aws:iam::123456789012:role/p/N!')).toBeUndefined();
  });

  it('parseRoleArn: account, role name and path', () => {
    expect(parseRoleArn('arn:aws:iam::123456789012:role/S3Access')).toEqual({ partition: 'aws', account: '123456789012', roleName: 'S3Access', path: '/' });
    expect(parseRoleArn('arn:aws:iam::123456789012:role/application_abc/component_xyz/RDSAccess')).toEqual({
      partition: 'aws',
      account: '123456789012',
      roleName: 'RDSAccess',
      path: '/application_abc/component_xyz/',
    });
    expect(parseRoleArn('arn:aws:iam::123456789012:role/aws-service-role/access-analyzer.amazonaws.com/AWSServiceRoleForAccessAnalyzer')?.roleName).toBe(
      'AWSServiceRoleForAccessAnalyzer',
    );
    // Doc typos kept in the examples: arn:aws::iam:: and a 3-part CLI ARN.
    expect(parseRoleArn('arn:aws::iam::123456789012:role/demo')).toBeUndefined();
    expect(parseRoleArn('arn:aws:iam:123456789012:role/demo')).toBeUndefined();
    expect(parseRoleArn('arn:aws:iam::123456789012:user/demo')).toBeUndefined();
    expect(parseRoleArn('arn:aws:iam::12345:role/demo')).toBeUndefined();
  });

  it('describePrincipal for every GetCallerIdentity shape, and root detection', () => {
    expect(describePrincipal('arn:aws:iam::123456789012:user/Alice')).toMatchObject({ kind: 'user', name: 'Alice', account: '123456789012' });
    expect(describePrincipal('arn:aws:iam::123456789012:user/division_abc/subdivision_xyz/JaneDoe')).toMatchObject({ kind: 'user', name: 'JaneDoe' });
    expect(describePrincipal('arn:aws:sts::123456789012:assumed-role/my-role-name/my-role-session-name')).toMatchObject({
      kind: 'assumed-role',
      name: 'my-role-name',
      sessionName: 'my-role-session-name',
    });
    expect(describePrincipal('arn:aws:sts::123456789012:federated-user/my-federated-user-name')).toMatchObject({ kind: 'federated-user', name: 'my-federated-user-name' });
    expect(describePrincipal('arn:aws:iam::692867976397:root')).toMatchObject({ kind: 'root', account: '692867976397' });
    expect(describePrincipal('arn:aws:iam::123456789012:role/S3Access')).toMatchObject({ kind: 'role', name: 'S3Access' });
    expect(describePrincipal('arn:aws:s3:::bucket')?.kind).toBe('other');
    expect(isRootArn('arn:aws:iam::692867976397:root')).toBe(true);
    expect(isRootArn('arn:aws-cn:iam::692867976397:root')).toBe(true);
    expect(isRootArn('arn:aws:iam::123456789012:user/root')).toBe(false);
    expect(isRootArn('arn:aws:sts::123456789012:assumed-role/root/root')).toBe(false);
  });
});
