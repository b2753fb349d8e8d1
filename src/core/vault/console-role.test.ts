/** The console-role kind: validation, storage, backups, views, edit model, list order and search, export. */
import { describe, expect, it } from 'vitest';
import { SigvaultError } from '../errors.ts';
import { exportAwsConfig } from '../config-import/export.ts';
import { accountOf, roleNameOf } from '../../shared/list-order.ts';
import { searchText } from '../../popup/match.ts';
import { toEditModel } from './edit-model.ts';
import { assertChainValid } from './chain.ts';
import {
  consoleRoleHasNoCredentials,
  createConsoleRole,
  parseStoredIdentity,
  toView,
  validateNewConsoleRole,
  validateStoredIdentity,
  type ConsoleRole,
  type IdentityView,
} from './identity.ts';

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SigvaultError);
    expect((e as SigvaultError).code).toBe('INVALID_INPUT');
    return (e as SigvaultError).details.field;
  }
  throw new Error('expected INVALID_INPUT');
}

const good = { label: ' prod admin ', account: '123456789012', roleName: 'Admin' };

describe('validateNewConsoleRole', () => {
  it('accepts an account id or alias and a role name with its path; trims; drops blank optionals', () => {
    expect(validateNewConsoleRole({ ...good, displayName: '', color: '' })).toEqual({ label: 'prod admin', account: '123456789012', roleName: 'Admin' });
    expect(validateNewConsoleRole({ ...good, account: 'my-company', roleName: '/division_abc/subdivision_efg/role_name' }))
      .toMatchObject({ account: 'my-company', roleName: 'division_abc/subdivision_efg/role_name' });
    expect(validateNewConsoleRole({ ...good, account: '1234-5678-9012' }).account).toBe('123456789012');
    expect(validateNewConsoleRole({ ...good, displayName: 'prod | 1234', color: '#aabbcc', region: 'eu-west-1', sourceAccount: '000011112222' }))
      .toMatchObject({ displayName: 'prod | 1234', color: '#aabbcc', region: 'eu-west-1', sourceAccount: '000011112222' });
  });
  it.each([
    ['account', { account: '12345678901' }],
    ['account', { account: 'My-Company' }],
    ['account', { account: 'a--b' }],
    ['account', { account: '-abc' }],
    ['account', { account: undefined }],
    ['roleName', { roleName: undefined }],
    ['roleName', { roleName: 'has space' }],
    ['roleName', { roleName: `p/${'a'.repeat(63)}` }], // path + name over 64 (the console's limit)
    ['roleName', { roleName: 'a'.repeat(65) }],
    ['roleName', { roleName: 'path//name' }],
    ['displayName', { displayName: 'x'.repeat(65) }],
    ['displayName', { displayName: 'evil\u202Eeman' }],
    ['displayName', { displayName: 'line\nbreak' }],
    ['color', { color: 'red' }],
    ['region', { region: 'mars-1' }],
    ['sourceAccount', { sourceAccount: '12' }],
    ['label', { label: '' }],
  ])('refuses a bad %s', (field, patch) => {
    expect(fieldOf(() => validateNewConsoleRole({ ...good, ...patch }))).toBe(field);
  });
  it('keeps a role name of exactly 64 characters with its path', () => {
    const name = `p/${'a'.repeat(62)}`;
    expect(validateNewConsoleRole({ ...good, roleName: name }).roleName).toBe(name);
  });
});

describe('stored console roles', () => {
  const role = createConsoleRole(validateNewConsoleRole({ ...good, displayName: 'Prod', color: '#00ff00', sourceAccount: 'base-co' }), { id: 'cr1', now: () => 5 });

  it('is created with its kind, id and times; parses back; unknown properties kept', () => {
    expect(role).toMatchObject({ kind: 'console-role', id: 'cr1', createdAt: 5, updatedAt: 5, account: '123456789012', roleName: 'Admin' });
    expect(parseStoredIdentity({ ...role, later: 1 }, 'cr1')).toEqual({ ...role, later: 1 });
    expect(() => parseStoredIdentity({ ...role, roleName: undefined }, 'cr1')).toThrow(/field roleName is missing/);
  });
  it('a restored backup is checked as new input', () => {
    expect(validateStoredIdentity({ ...role, label: ' x ' } as ConsoleRole)).toMatchObject({ kind: 'console-role', label: 'x' });
    expect(fieldOf(() => validateStoredIdentity({ ...role, account: 'NOT AN ACCOUNT' } as ConsoleRole))).toBe('account');
    expect(fieldOf(() => validateStoredIdentity({ ...role, roleName: 'x'.repeat(70) } as ConsoleRole))).toBe('roleName');
  });
  it('has a view and an edit model (allow-lists)', () => {
    expect(toView({ ...role, secret: 'no' } as ConsoleRole)).toEqual({
      id: 'cr1', label: 'prod admin', kind: 'console-role', account: '123456789012', roleName: 'Admin', displayName: 'Prod',
      color: '#00ff00', sourceAccount: 'base-co', createdAt: 5, updatedAt: 5,
    });
    expect(toEditModel(role)).toEqual({ id: 'cr1', label: 'prod admin', kind: 'console-role', account: '123456789012', roleName: 'Admin', displayName: 'Prod', color: '#00ff00', sourceAccount: 'base-co' });
  });
  it('groups by its account id (not an alias), searches by account, alias and role name', () => {
    const v = toView(role);
    expect(accountOf(v)).toBe('123456789012');
    expect(roleNameOf(toView({ ...role, roleName: 'team/Dev' }))).toBe('Dev');
    const aliased = toView({ ...role, account: 'stage-co' });
    expect(accountOf(aliased)).toBeUndefined();
    expect(searchText(aliased)).toContain('stage-co');
    expect(searchText(v, { '123456789012': 'production' })).toContain('production');
  });
  it('cannot be a role\'s source: it has no credentials', () => {
    const views = new Map<string, IdentityView>([['cr1', toView(role)]]);
    expect(() => assertChainValid(views, 'r1', 'cr1')).toThrow(/"prod admin" is a console role: it has no credentials/);
    expect(consoleRoleHasNoCredentials('prod admin').message).toBe('"prod admin" is a console role: it has no credentials; switch to it inside a signed-in console');
  });
  it('exports as an AWS Extend Switch Roles style profile', () => {
    const text = exportAwsConfig([{ ...role, label: 'prod admin', region: 'eu-west-1' }]);
    expect(text).toContain('[profile prod-admin]\n# Sigvault label: prod admin\n# console role (AWS Extend Switch Roles style)');
    expect(text).toContain('aws_account_id = 123456789012\nrole_name = Admin\ncolor = 00ff00\nregion = eu-west-1\n');
    expect(text).not.toContain('Not exported');
  });
});
