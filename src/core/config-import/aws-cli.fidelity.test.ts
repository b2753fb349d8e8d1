/**
 * Where the importer must read `~/.aws/config` as the AWS CLI (botocore) does: issue 10, items 7, 8, 15, 17.
 * Each expectation was checked against botocore 1.43 with test/support/botocore_resolve.py on the same text.
 */
import { describe, expect, it } from 'vitest';
import { parseAwsConfig, planAwsImport, toPlanView, type ConfigImportPlan, type ExistingIdentity } from './aws-cli.ts';

const KEY_A = 'AKIAIOSFODNN7EXAMPLE';
const KEY_B = 'AKIAI44QH8DHBEXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const keys = (id: string) => `aws_access_key_id = ${id}\naws_secret_access_key = ${SECRET}\n`;
const ARN = (name: string) => `arn:aws:iam::123456789012:role/${name}`;

function plan(config: string, credentials?: string, existing: ExistingIdentity[] = []): ConfigImportPlan {
  return planAwsImport(parseAwsConfig(config, credentials), existing);
}
const labels = (p: ConfigImportPlan) => p.create.map((c) => `${c.kind}:${c.label}`);
const skips = (p: ConfigImportPlan) => p.skip.map((s) => [s.label, s.code, s.file, s.line]);
const warningsAt = (p: ConfigImportPlan) => p.warnings.map((w) => `${w.file}:${w.line}`);

describe('duration_seconds as botocore reads it (issue 10 #17)', () => {
  const text = (duration: string) =>
    `[profile base]\n${keys(KEY_A)}[profile r]\nrole_arn = ${ARN('R')}\nsource_profile = base\nduration_seconds = ${duration}\n` +
    `[profile r2]\nrole_arn = ${ARN('R2')}\nsource_profile = r\n`;

  it('a non-integer duration_seconds is ignored with a warning; the role and the roles chained from it are imported', () => {
    for (const bad of ['1h', '3600.0', '1e3', '0x100', '36 00', '3__600', '_3600']) {
      const p = plan(text(bad));
      expect(labels(p), bad).toEqual(['user:base', 'role:r', 'role:r2']);
      expect(p.create[1], bad).not.toHaveProperty('durationSeconds');
      expect(p.skip, bad).toEqual([]);
      expect(p.warnings, bad).toEqual([
        { file: 'config', line: 7, message: "duration_seconds of 'r' is not a whole number; ignored, as the AWS CLI does (the role gets STS's default of 1 hour)" },
      ]);
    }
  });

  it('integers are read as Python int() reads them (spaces, sign, underscores, leading zeros, other scripts)', () => {
    for (const [v, n] of [['3600', 3600], ['+3600', 3600], ['3_600', 3600], ['0003600', 3600], ['\u0663\u0666\u0660\u0660', 3600], ['\u{1D7D1}\u{1D7D4}\u{1D7CE}\u{1D7CE}', 3600]] as const) {
      const p = plan(text(v));
      expect(p.create[1], v).toMatchObject({ label: 'r', durationSeconds: n });
      expect(p.warnings, v).toEqual([]);
    }
  });

  it('integers out of range are still refused (STS would refuse them), and so are the roles chained from them', () => {
    for (const v of ['-5', '0', '899', '43201', '99999999999999999999']) {
      const p = plan(text(v));
      expect(skips(p), v).toEqual([
        ['r', 'invalid', 'config', 7],
        ['r2', 'source_skipped', 'config', 10],
      ]);
      expect(p.skip[0]?.reason).toBe('duration_seconds must be an integer from 900 to 43200');
    }
  });
});
