import { validateSettingsPatch } from '../../core/settings.ts';
import type { Handler } from '../../platform/messaging.ts';
import { writeSettings } from '../../platform/settings.ts';
import * as vault from '../vault/service.ts';

/** `settings.set { ...partial }` → all settings. A new auto-lock timeout applies from now. */
export const settingsSet: Handler<'settings.set'> = async (p) => {
  const next = await writeSettings(validateSettingsPatch(p));
  await vault.touch();
  return next;
};
