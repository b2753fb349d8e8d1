/**
 * Firefox containers for console sign-ins (pure): whether an identity's console opens in a container,
 * and the container's name, colour and icon. The browser side is src/background/console/containers.ts.
 * @module
 */

/** An identity's own choice: follow the global setting, always its own container, or never one. */
export type ContainerPreference = 'default' | 'own' | 'none';
export const CONTAINER_PREFERENCES: readonly ContainerPreference[] = ['default', 'own', 'none'];

/** Colours Firefox accepts for a container (`contextualIdentities.create`), with the codes Firefox shows. */
export const CONTAINER_COLORS = {
  blue: '#37adff',
  turquoise: '#00c79a',
  green: '#51cd00',
  yellow: '#ffcb00',
  orange: '#ff9f00',
  red: '#ff613d',
  pink: '#ff4bda',
  purple: '#af51f5',
} as const;
/** A chromatic container colour, or `toolbar` (Firefox's neutral one) for a grey, black or white identity colour. */
export type ContainerColor = keyof typeof CONTAINER_COLORS | 'toolbar';

/** Icons by identity kind (Firefox's container icons). */
export type ContainerIcon = 'fingerprint' | 'briefcase' | 'circle';

/**
 * Whether a console opens in a container: the identity's own choice over the global setting
 * (`consoleContainers`). Absent means `'default'`.
 */
export function wantsContainer(preference: ContainerPreference | undefined, globalSetting: boolean): boolean {
  if (preference === 'own') return true;
  if (preference === 'none') return false;
  return globalSetting;
}

function srgbToLinear(c: number): number {
  const v = c / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
}

/** `#rrggbb` → OKLab (Björn Ottosson's matrices): a space where hue and chroma match what people see. */
function oklab(hex: string): [number, number, number] {
  const r = srgbToLinear(parseInt(hex.slice(1, 3), 16));
  const g = srgbToLinear(parseInt(hex.slice(3, 5), 16));
  const b = srgbToLinear(parseInt(hex.slice(5, 7), 16));
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  return [
    0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s,
    1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s,
    0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s,
  ];
}

/** Below this OKLCh chroma a colour reads as grey (black and white included). */
const ACHROMATIC = 0.03;
const PALETTE_HUES = Object.entries(CONTAINER_COLORS).map(([name, code]) => {
  const [, a, b] = oklab(code);
  return { name: name as keyof typeof CONTAINER_COLORS, hue: Math.atan2(b, a) };
});

/**
 * The Firefox container colour nearest an identity's `#rrggbb` colour: the palette colour of the
 * closest hue in OKLCh (Firefox's eight colours are all bright, so hue is what tells them apart: a dark
 * green is still green, #3f51b5 indigo is blue); a grey, black or white colour → `toolbar`.
 * @throws Error for anything but `#rrggbb` (identities are validated before they get here)
 * @example nearestContainerColor('#1e88e5') // 'blue'
 */
export function nearestContainerColor(hex: string): ContainerColor {
  if (!/^#[0-9a-fA-F]{6}$/.test(hex)) throw new Error('a colour must look like #aabbcc');
  const [, a, b] = oklab(hex);
  if (Math.hypot(a, b) < ACHROMATIC) return 'toolbar';
  const hue = Math.atan2(b, a);
  let best = PALETTE_HUES[0]!;
  let bestDistance = Infinity;
  for (const p of PALETTE_HUES) {
    let d = Math.abs(hue - p.hue);
    if (d > Math.PI) d = 2 * Math.PI - d;
    if (d < bestDistance) { bestDistance = d; best = p; }
  }
  return best.name;
}

/**
 * The colour an identity without one is shown in: the popup's chip colour (src/popup/match.ts
 * `chipColor`: `hsl(h 60% 50%)`, `h` from the id), as `#rrggbb`, so its container matches its chip.
 */
export function fallbackIdentityColor(id: string): string {
  let h = 0;
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) % 360;
  // hsl(h, 60%, 50%) → rgb (CSS Color 4's hslToRgb)
  const s = 0.6;
  const l = 0.5;
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    const v = l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(v * 255).toString(16).padStart(2, '0');
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

/** The container's icon for an identity kind: an IAM user → fingerprint, a role → briefcase. */
export function containerIcon(kind: string): ContainerIcon {
  return kind === 'user' ? 'fingerprint' : kind === 'role' || kind === 'sso' || kind === 'saml' || kind === 'web-identity' ? 'briefcase' : 'circle';
}

/**
 * The container's name: the identity's label, or with an account alias `alias · label` (two identities
 * of one account would otherwise get two containers of the same name). The label is left out when it
 * already says the alias.
 * @example containerName('Admin', 'prod') // 'prod · Admin'
 */
export function containerName(label: string, alias?: string): string {
  if (!alias || label.toLowerCase().includes(alias.toLowerCase())) return label;
  return `${alias} · ${label}`;
}

/** What a container of Sigvault's should look like for an identity. */
export interface ContainerLook {
  name: string;
  color: ContainerColor;
  icon: ContainerIcon;
}

export function containerLook(identity: { id: string; kind: string; label: string; color?: string | undefined }, alias?: string): ContainerLook {
  const color = identity.color !== undefined && /^#[0-9a-fA-F]{6}$/.test(identity.color) ? identity.color : fallbackIdentityColor(identity.id);
  return { name: containerName(identity.label, alias), color: nearestContainerColor(color), icon: containerIcon(identity.kind) };
}

/**
 * The remembered map of Sigvault's containers (`storage.local`: cookieStoreId → identity id, no labels),
 * from what is stored: anything not of that shape is dropped.
 */
export function parseContainerMap(stored: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return out;
  for (const [k, v] of Object.entries(stored)) {
    if (/^firefox-container-\d{1,10}$/.test(k) && typeof v === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(v)) out[k] = v;
  }
  return out;
}

/**
 * `console.open { newTab: false }`: the active tab to reuse, if it can be. A tab cannot change its cookie
 * store: when the console belongs in a container (`cookieStoreId`) the active tab is not in, a new tab
 * opens in the container instead, and the notice says so.
 */
export function reusableTab(active: { id?: number | undefined; cookieStoreId?: string | undefined } | undefined, cookieStoreId: string | undefined): { tabId?: number; notice?: string } {
  if (active?.id === undefined) return {};
  if (cookieStoreId === undefined || active.cookieStoreId === cookieStoreId) return { tabId: active.id };
  return { notice: 'A tab cannot move into a container: the console opened in a new tab in its container.' };
}
