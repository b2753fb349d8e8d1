/**
 * Background entry (Chrome MV3 service worker; Firefox event page). Every listener is registered here,
 * synchronously, at top level: a worker woken by an event must find its listener on the first turn.
 * No dynamic import() anywhere reachable from here (MV3 workers forbid it; scripts/check-worker.ts
 * fails the build if one appears).
 * @module
 */
import { browser } from '../platform/browser.ts';
import { createRequestListener } from '../platform/messaging.ts';
import { handlers } from './handlers/index.ts';
import './lifecycle.ts';

browser.runtime.onMessage.addListener(createRequestListener(handlers));
