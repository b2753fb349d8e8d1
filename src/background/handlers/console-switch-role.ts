import { SigvaultError } from '../../core/errors.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import { switchRoleInTab } from '../console/page-adapter.ts';
import { tabUnderPopup } from '../console/tab-under-popup.ts';
import { requireString } from '../validate.ts';
import * as vault from '../vault/service.ts';
import { recordUse } from '../vault/prefs.ts';

/**
 * `console.switchRole { id, tabId? }` → `{ tabId, mode, destination }`: switches a signed-in console tab
 * (`tabId`, else the tab the popup was opened over) to the console role `id` through the console's own
 * Switch Role (../console/page-adapter.ts). No credential is involved: the console session the user
 * already has does the switch. Errors: NOT_FOUND (unknown id), INVALID_INPUT (not a console role; a tab
 * that is not a readable console page), CONSOLE_CHANGED (the page lacks what the adapter reads; nothing posted).
 */
export const consoleSwitchRole: Handler<'console.switchRole'> = async (p, ctx) => {
  const guard = vault.lockGuard();
  const id = requireString(p, 'id', { max: 64 });
  const rawTab = (p as { tabId?: unknown }).tabId;
  if (rawTab !== undefined && (typeof rawTab !== 'number' || !Number.isSafeInteger(rawTab) || rawTab < 0)) {
    throw new SigvaultError('INVALID_INPUT', 'tabId must be a tab id', { field: 'tabId' });
  }
  const identity = await vault.identity(id);
  if (identity.kind !== 'console-role') {
    throw new SigvaultError('INVALID_INPUT', `"${identity.label}" is not a console role: use Open console to sign in as it.`, { field: 'id' });
  }
  const tabId = typeof rawTab === 'number' ? rawTab : (await tabUnderPopup(ctx.sender))?.id;
  const result = await switchRoleInTab(identity, tabId, guard);
  await recordUse(id);
  return result;
};
