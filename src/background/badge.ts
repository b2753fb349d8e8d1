/**
 * The toolbar badge: the active identity's short label in its color while unlocked, a lock while
 * locked, nothing when there is no vault. Recomputed on every change that can affect it.
 * @module
 */
import type { IdentityView } from '../core/vault/identity.ts';
import { browser } from '../platform/browser.ts';
import { readUnlocked } from '../platform/session.ts';
import { readHeader } from '../platform/vault-store.ts';
import * as vault from './vault/service.ts';
import { expiryBadge } from './console/sessions.ts';

export const LOCK_BADGE = '🔒';
const DEFAULT_COLOR = '#1f5fbf';

/** Up to 4 characters: initials of a multi-word label, else its start. */
export function shortLabel(label: string): string {
  const words = label.trim().split(/[\s\-_/.:]+/).filter(Boolean);
  const s = words.length > 1 ? words.map((w) => [...w][0]).join('') : [...(words[0] ?? '')].slice(0, 4).join('');
  return [...s].slice(0, 4).join('').toUpperCase();
}

async function activeView(): Promise<IdentityView | undefined> {
  const { activeId } = (await browser.storage.local.get('activeId')) as { activeId?: string | null };
  if (!activeId) return undefined;
  const { views } = await vault.catalog();
  return views.get(activeId);
}

export async function updateBadge(): Promise<void> {
  const action = browser.action;
  if (!(await readHeader().catch(() => undefined))) {
    await action.setBadgeText({ text: '' });
    return;
  }
  if (!(await readUnlocked())) {
    await action.setBadgeText({ text: LOCK_BADGE });
    await action.setBadgeBackgroundColor({ color: '#5b6470' });
    await action.setTitle({ title: 'Sigvault (locked)' });
    return;
  }
  // a console session Sigvault opened ends within 5 minutes: that comes first
  const labels = await vault.catalog().then(({ views }) => new Map([...views].map(([id, v]) => [id, v.label]))).catch(() => new Map<string, string>());
  const expiring = await expiryBadge(labels).catch(() => undefined);
  if (expiring) {
    await action.setBadgeText({ text: expiring.text });
    await action.setBadgeBackgroundColor({ color: '#b35c00' });
    await action.setTitle({ title: expiring.title });
    return;
  }
  const active = await activeView().catch(() => undefined);
  await action.setBadgeText({ text: active ? shortLabel(active.label) : '' });
  await action.setBadgeBackgroundColor({ color: active?.color ?? DEFAULT_COLOR });
  await action.setTitle({ title: active ? `Sigvault: ${active.label}${'arn' in active && active.arn ? ` (${active.arn})` : ''}` : 'Sigvault' });
}

/**
 * On a background start. The browser keeps the badge while it runs, so it is current unless the vault is
 * locked (a browser restart or an update cleared storage.session; a lock while the worker was stopped
 * broadcasts and redraws it anyway). When unlocked, the badge is left as it is: drawing it opens the catalog,
 * which would compete with the popup whose opening most likely woke the worker.
 */
export async function updateBadgeOnWake(): Promise<void> {
  if (await readUnlocked()) return;
  await updateBadge();
}
