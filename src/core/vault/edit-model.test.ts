import { describe, expect, it } from 'vitest';
import { toEditModel } from './edit-model.ts';
import { createRole, createUser } from './identity.ts';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const EXTERNAL = 'partner-external-id-77';

describe('toEditModel', () => {
  it('a user: current settings to prefill, no secret and no full key id', () => {
    const u = { ...createUser({ label: 'alice', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: SECRET, mfaSerial: 'arn:aws:iam::111111111111:mfa/alice', region: 'eu-west-1' }, { id: 'u1' }), color: '#aabbcc', account: '111111111111', arn: 'arn:aws:iam::111111111111:user/alice', isRoot: false };
    const m = toEditModel(u);
    expect(m).toEqual({ kind: 'user', id: 'u1', label: 'alice', region: 'eu-west-1', color: '#aabbcc', mfaSerial: 'arn:aws:iam::111111111111:mfa/alice', accessKeyIdMasked: 'AKIA…MPLE', isRoot: false, partition: 'aws' });
    const json = JSON.stringify(m);
    expect(json).not.toContain(SECRET);
    expect(json).not.toContain('AKIAIOSFODNN7EXAMPLE');
  });
  it('a role: every non-secret setting; the external id only as a flag', () => {
    const r = createRole({ label: 'partner', roleArn: 'arn:aws:iam::222222222222:role/Partner', sourceId: 'u1', externalId: EXTERNAL, mfaSerial: 'GAHT12345678', sessionName: 'me', durationSeconds: 3600, region: 'us-east-2', color: '#112233', sourceIdentity: 'alice' }, { id: 'r1' });
    const m = toEditModel(r);
    expect(m).toEqual({ kind: 'role', id: 'r1', label: 'partner', roleArn: 'arn:aws:iam::222222222222:role/Partner', sourceId: 'u1', hasExternalId: true, mfaSerial: 'GAHT12345678', sessionName: 'me', durationSeconds: 3600, region: 'us-east-2', color: '#112233', sourceIdentity: 'alice' });
    expect(JSON.stringify(m)).not.toContain(EXTERNAL);
    expect(toEditModel(createRole({ label: 'plain', roleArn: 'arn:aws:iam::222222222222:role/P', sourceId: 'u1' }, { id: 'r2' }))).toEqual({ kind: 'role', id: 'r2', label: 'plain', roleArn: 'arn:aws:iam::222222222222:role/P', sourceId: 'u1', hasExternalId: false });
  });
  it('the container choice (Firefox): own or none as stored, absent (the default) otherwise', () => {
    const r = createRole({ label: 'x', roleArn: 'arn:aws:iam::222222222222:role/P', sourceId: 'u1', container: 'own' }, { id: 'r4' });
    expect(toEditModel(r).container).toBe('own');
    expect(toEditModel({ ...r, container: 'none' }).container).toBe('none');
    expect(toEditModel({ ...r, container: 'bogus' as never })).not.toHaveProperty('container');
    expect(toEditModel(createUser({ label: 'u', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: SECRET, container: 'none' }, { id: 'u2' })).container).toBe('none');
  });
  it('stored fields it does not know are not passed on (allow-list)', () => {
    const r = { ...createRole({ label: 'x', roleArn: 'arn:aws:iam::222222222222:role/P', sourceId: 'u1' }, { id: 'r3' }), futureSecret: 'shh' } as never;
    expect(JSON.stringify(toEditModel(r))).not.toContain('shh');
  });
  it('an identity of an unknown kind cannot be edited', () => {
    expect(() => toEditModel({ kind: 'unknown', storedKind: 'sso', id: 'x', label: 'x', createdAt: 1, updatedAt: 1, data: {} })).toThrow(/newer version/);
  });
});
