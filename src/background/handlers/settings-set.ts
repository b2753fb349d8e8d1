import { validateSettingsPatch } from '../../core/settings.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import { writeLocalSettings } from '../../platform/settings.ts';
import { updateVaultSettings } from '../vault/settings.ts';
import { settingsView } from './settings-get.ts';
import { refreshViewSnapshot } from '../view-snapshot.ts';
import { refreshSamlListener } from '../saml/capture.ts';

/**
 * `settings.set { ...partial, confirmEndpoint? }` → every setting. Theme and default region change at any
 * time; the sealed settings (auto-lock, OS lock, endpoints, session policy) only while unlocked (LOCKED
 * otherwise). An endpoint that is not AWS's own STS or sign-in host answers CONFIRM_ENDPOINT with its URL
 * until the request carries `confirmEndpoint: true`. A refused request changes nothing.
 */
export const settingsSet: Handler<'settings.set'> = async (p) => {
  const patch = validateSettingsPatch(p);
  if (Object.keys(patch.vault).length > 0) await updateVaultSettings(patch.vault, patch.confirmEndpoint);
  if (Object.keys(patch.local).length > 0) await writeLocalSettings(patch.local);
  // the snapshot carries the endpoint overrides and the auto-lock timeout
  if (Object.keys(patch.vault).length > 0) await refreshViewSnapshot();
  if (patch.vault.samlEndpoints !== undefined || patch.vault.samlCapture !== undefined) await refreshSamlListener();
  return settingsView();
};
