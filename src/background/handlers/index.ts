/**
 * The flat map of request handlers, one file each. The type makes a missing or misspelt handler a
 * compile error.
 * @module
 */
import type { Handlers } from '../../platform/messaging.ts';
import { appPing } from './app-ping.ts';

export const handlers: Handlers = {
  'app.ping': appPing,
};
