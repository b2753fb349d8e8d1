import type { Handler } from '../../platform/messaging.ts';
import { readSettings } from '../../platform/settings.ts';

/** `settings.get` → every setting with its current value. */
export const settingsGet: Handler<'settings.get'> = () => readSettings();
