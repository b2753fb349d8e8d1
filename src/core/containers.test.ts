import { describe, expect, it } from 'vitest';
import {
  CONTAINER_COLORS, containerIcon, containerLook, containerName, fallbackIdentityColor, nearestContainerColor, parseContainerMap, reusableTab, wantsContainer,
} from './containers.ts';

describe('wantsContainer', () => {
  it('the identity\'s own choice wins over the global setting; absent or default follows it', () => {
    expect(wantsContainer('own', false)).toBe(true);
    expect(wantsContainer('none', true)).toBe(false);
    expect(wantsContainer('default', true)).toBe(true);
    expect(wantsContainer('default', false)).toBe(false);
    expect(wantsContainer(undefined, true)).toBe(true);
    expect(wantsContainer(undefined, false)).toBe(false);
  });
});

describe('nearestContainerColor', () => {
  it('maps each of Firefox\'s own colour codes to itself', () => {
    for (const [name, code] of Object.entries(CONTAINER_COLORS)) expect(nearestContainerColor(code)).toBe(name);
  });
  it('maps common identity colours to the colour people would name', () => {
    const cases: [string, string][] = [
      ['#1e88e5', 'blue'], ['#0000ff', 'blue'], ['#3f51b5', 'blue'], ['#00bcd4', 'blue'],
      ['#00897b', 'turquoise'], ['#00ffff', 'turquoise'],
      ['#43a047', 'green'], ['#00ff00', 'green'], ['#8bc34a', 'green'],
      ['#fdd835', 'yellow'], ['#FFFF00', 'yellow'],
      ['#fb8c00', 'orange'], ['#5c3d00', 'orange'],
      ['#e53935', 'red'], ['#ff0000', 'red'], ['#ff5722', 'red'],
      ['#ff00ff', 'pink'],
      ['#8e24aa', 'purple'], ['#9c27b0', 'purple'],
    ];
    for (const [hex, color] of cases) expect([hex, nearestContainerColor(hex)]).toEqual([hex, color]);
  });
  it('greys, black and white become the neutral toolbar colour', () => {
    for (const hex of ['#000000', '#808080', '#ffffff', '#f5f5f5']) expect(nearestContainerColor(hex)).toBe('toolbar');
  });
  it('refuses anything but #rrggbb', () => {
    for (const bad of ['red', '#fff', 'url(x)', '#1e88e5;x']) expect(() => nearestContainerColor(bad)).toThrow();
  });
});

describe('container look', () => {
  it('icon by kind', () => {
    expect(containerIcon('user')).toBe('fingerprint');
    expect(containerIcon('role')).toBe('briefcase');
    expect(containerIcon('unknown')).toBe('circle');
  });
  it('named after the label, with the account alias in front when there is one', () => {
    expect(containerName('Admin')).toBe('Admin');
    expect(containerName('Admin', 'prod')).toBe('prod · Admin');
    expect(containerName('Prod admin', 'prod')).toBe('Prod admin');
  });
  it('an identity without a colour gets its popup chip\'s colour (hsl(h 60% 50%) from the id)', () => {
    // 'a' → h = 97: hsl(97 60% 50%) = rgb(110, 204, 51) (C = 0.6, X = 0.6·(1 − |97/60 mod 2 − 1|) = 0.23, m = 0.2)
    expect(fallbackIdentityColor('a')).toBe('#6ecc33');
    expect(containerLook({ id: 'a', kind: 'role', label: 'x' })).toEqual({ name: 'x', color: 'green', icon: 'briefcase' });
    expect(containerLook({ id: 'a', kind: 'user', label: 'x', color: '#e53935' }, 'acme')).toEqual({ name: 'acme · x', color: 'red', icon: 'fingerprint' });
  });
});

describe('parseContainerMap', () => {
  it('keeps only container ids mapped to identity ids', () => {
    expect(parseContainerMap({ 'firefox-container-3': 'abc_1', 'firefox-default': 'x', 'firefox-container-4': 5, 'firefox-container-5': 'bad id' })).toEqual({ 'firefox-container-3': 'abc_1' });
    expect(parseContainerMap(null)).toEqual({});
    expect(parseContainerMap(['firefox-container-1'])).toEqual({});
  });
});

describe('reusableTab (console.open with newTab: false)', () => {
  it('reuses the active tab without a container, or when it already is in the container', () => {
    expect(reusableTab({ id: 7, cookieStoreId: 'firefox-default' }, undefined)).toEqual({ tabId: 7 });
    expect(reusableTab({ id: 7, cookieStoreId: 'firefox-container-3' }, 'firefox-container-3')).toEqual({ tabId: 7 });
    expect(reusableTab(undefined, 'firefox-container-3')).toEqual({});
  });
  it('a tab in another cookie store cannot move: a new tab in the container, and a notice', () => {
    const r = reusableTab({ id: 7, cookieStoreId: 'firefox-default' }, 'firefox-container-3');
    expect(r.tabId).toBeUndefined();
    expect(r.notice).toMatch(/new tab in its container/);
  });
});
