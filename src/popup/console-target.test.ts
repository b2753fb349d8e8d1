import { describe, expect, it } from 'vitest';
import type { IdentityView, TabConsoleContext } from '../shared/protocol.ts';
import { consoleTargetFor, partitionOfView } from './console-target.ts';
import { createPopupState, type PopupApi } from './state.ts';

const role = (roleArn: string): IdentityView => ({ kind: 'role', id: 'r1', label: 'r', roleArn, sourceId: 'u1', mfa: false, hasExternalId: false, createdAt: 1, updatedAt: 1 });
const user = (extra: Partial<Extract<IdentityView, { kind: 'user' }>> = {}): IdentityView => ({ kind: 'user', id: 'u1', label: 'u', accessKeyIdMasked: 'AKIA…MPLE', mfa: false, createdAt: 1, updatedAt: 1, ...extra });
const EC2: TabConsoleContext = { partition: 'aws', service: 'ec2', serviceName: 'EC2', region: 'eu-west-1', destination: 'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1', replaces: true };

describe('consoleTargetFor', () => {
  it('offers the tab\'s page to identities of the same partition only', () => {
    expect(consoleTargetFor(role('arn:aws:iam::111111111111:role/A'), EC2)).toEqual({ destination: EC2.destination, region: 'eu-west-1' });
    expect(consoleTargetFor(role('arn:aws-us-gov:iam::111111111111:role/A'), EC2)).toBeUndefined();
    expect(consoleTargetFor(role('arn:aws-cn:iam::111111111111:role/A'), { ...EC2, partition: 'aws-cn' })).toEqual({ destination: EC2.destination, region: 'eu-west-1' });
    expect(consoleTargetFor(user(), EC2)).toBeDefined(); // an unchecked user: aws until STS says otherwise
    expect(consoleTargetFor(user({ partition: 'aws-cn' }), EC2)).toBeUndefined();
    expect(consoleTargetFor(user({ arn: 'arn:aws-us-gov:iam::111111111111:user/x' }), EC2)).toBeUndefined();
  });
  it('nothing without a page, without an identity, or for an unknown kind', () => {
    expect(consoleTargetFor(role('arn:aws:iam::111111111111:role/A'), null)).toBeUndefined();
    expect(consoleTargetFor(undefined, EC2)).toBeUndefined();
    expect(consoleTargetFor({ kind: 'unknown', storedKind: 'sso', id: 'x', label: 'x', createdAt: 1, updatedAt: 1 }, EC2)).toBeUndefined();
  });
  it('a global page has no region to pass', () => {
    expect(consoleTargetFor(role('arn:aws:iam::111111111111:role/A'), { partition: 'aws', service: 'iam', destination: 'https://console.aws.amazon.com/iam/home', replaces: true }))
      .toEqual({ destination: 'https://console.aws.amazon.com/iam/home' });
  });
  it('partitionOfView', () => {
    expect(partitionOfView(role('arn:aws-us-gov:iam::111111111111:role/A'))).toBe('aws-us-gov');
    expect(partitionOfView(user())).toBe('aws');
  });
});

describe('popup state: console destination and edit', () => {
  const fakeApi = (replies: Record<string, unknown>) => {
    const calls: [string, unknown][] = [];
    const api = {
      call: async (type: string, payload: unknown) => { calls.push([type, payload]); return replies[type]; },
      onEvent: () => () => undefined,
    } as unknown as PopupApi;
    return { api, calls };
  };
  const settle = () => new Promise((r) => setTimeout(r, 0));

  it('openConsole passes the tab\'s destination and region while the checkbox is on, not after', async () => {
    const { api, calls } = fakeApi({
      'vault.status': { state: 'unlocked' }, 'app.ping': {}, 'tab.consoleContext': EC2,
      'identity.list': { identities: [role('arn:aws:iam::111111111111:role/A')], corrupt: [], activeId: null },
      'console.open': { tabId: 1, destination: EC2.destination, notices: [] }, 'identity.activate': { activeId: 'r1' },
    });
    const store = createPopupState(api);
    store.start();
    await settle();
    expect(store.get().consoleContext).toEqual(EC2);
    expect(store.get().useConsoleContext).toBe(true);
    await store.openConsole('r1', false);
    expect(calls.find((c) => c[0] === 'console.open')![1]).toEqual({ id: 'r1', newTab: false, destination: EC2.destination, region: 'eu-west-1' });
    store.setUseConsoleContext(false);
    await store.openConsole('r1', true);
    expect(calls.filter((c) => c[0] === 'console.open')[1]![1]).toEqual({ id: 'r1', newTab: true });
  });

  it('edit → update goes back to the list with the identity selected; a failed update stays on the form', async () => {
    const { api, calls } = fakeApi({ 'identity.update': { id: 'r1' }, 'identity.list': { identities: [], corrupt: [], activeId: null } });
    const store = createPopupState(api);
    store.edit('r1');
    expect(store.get()).toMatchObject({ screen: 'edit', editId: 'r1' });
    await store.update('r1', { label: 'new', region: null });
    expect(calls[0]).toEqual(['identity.update', { label: 'new', region: null, id: 'r1' }]);
    expect(store.get()).toMatchObject({ screen: 'list', selectId: 'r1' });

    const failing = createPopupState({ call: async () => { throw Object.assign(new Error('bad'), { code: 'INVALID_INPUT' }); }, onEvent: () => () => undefined } as unknown as PopupApi);
    failing.edit('r1');
    await expect(failing.update('r1', { label: '' })).rejects.toThrow('bad');
    expect(failing.get().screen).toBe('edit');
  });
});
