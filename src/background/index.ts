/**
 * Background entry (Chrome MV3 service worker; Firefox event page). Every listener is registered here,
 * synchronously, at top level: a worker woken by an event must find its listener on the first turn.
 * No dynamic import() anywhere reachable from here (MV3 workers forbid it; scripts/check-worker.ts
 * fails the build if one appears).
 * @module
 */
import { browser } from '../platform/browser.ts';
import { createRequestListener, listenOnPortChannel, onLocalBroadcast, type Handler, type Handlers } from '../platform/background-messaging.ts';
import { restrictSessionAccess } from '../platform/session.ts';
import { PASSIVE_REQUESTS, REQUEST_TYPES, type RequestType } from '../shared/protocol.ts';
import { updateBadge, updateBadgeOnWake } from './badge.ts';
import { CLIPBOARD_ALARM, onClipboardAlarm } from './clipboard.ts';
import { handlers } from './handlers/index.ts';
import { EXPIRY_ALARM, listenToTabs, onExpiryAlarm, onSessionsChanged } from './console/sessions.ts';
import { AUTOLOCK_ALARM } from './vault/autolock-alarm.ts';
import * as vault from './vault/service.ts';
import { refreshViewSnapshot } from './view-snapshot.ts';
import { onPrefsChanged } from './vault/prefs.ts';
import './lifecycle.ts';
import { createAgentListener } from './agent/listener.ts';
import { resyncBridge } from './agent/bridge-sync.ts';
import { syncBridge } from './agent/bridge.ts';
// Federated kinds register how they get credentials (Identity Center's is reached through the sso handlers).
import './federated/web-identity.ts';
import './saml/assume.ts';
import { listenForSaml, refreshSamlListener, stopListeningForSaml } from './saml/capture.ts';

/** Every request first enforces the idle deadline; a user action (non-passive request) then extends it. */
function withAutoLock(all: Handlers): Handlers {
  const out = {} as Record<RequestType, Handler<RequestType>>;
  for (const type of REQUEST_TYPES) {
    const h = all[type] as Handler<RequestType>;
    out[type] = async (payload, ctx) => {
      await vault.enforceAutoLock();
      try {
        return await h(payload, ctx);
      } finally {
        if (!PASSIVE_REQUESTS.has(type)) await vault.touch();
      }
    };
  }
  return out as Handlers;
}

const requestListener = createRequestListener(withAutoLock(handlers));
browser.runtime.onMessage.addListener(requestListener);
// The request console's request.send over a MessagePort, same checks and handlers (platform/port-channel.ts).
listenOnPortChannel(requestListener);
// The signing agent's channel: the bridge content script on approved origins (src/background/agent/).
browser.runtime.onMessage.addListener(createAgentListener());
// SAML sign-in capture (opt-in, checked per request): AWS's SAML endpoints and loopback at once (a post
// that woke the worker finds its listener); then, once the sealed settings are read, the confirmed extra
// endpoints if capture is on and the vault unlocked, no listener otherwise.
listenForSaml();
void refreshSamlListener();

// The badge follows the vault: recomputed after every lock, unlock and change. So does the popup's view
// snapshot (a lock removes it with the key; see ./view-snapshot.ts).
onLocalBroadcast((e) => {
  void updateBadge().catch(() => undefined);
  if (e.event === 'vault.unlocked' || e.event === 'vault.changed' || e.event === 'sso.changed') void refreshViewSnapshot();
  if (e.event === 'vault.unlocked') void resyncBridge().catch(() => undefined); // grants are readable again
  // SAML capture listens only while it can capture (unlocked, capture on): see saml/capture.ts
  if (e.event === 'vault.unlocked' || e.event === 'vault.changed') void refreshSamlListener();
  if (e.event === 'vault.locked') stopListeningForSaml();
  if (e.event === 'vault.locked' && (e as { reason?: string }).reason === 'destroyed') void syncBridge([]).catch(() => undefined); // the grants went with the vault
});
onPrefsChanged(() => void refreshViewSnapshot()); // recently used, favorites, aliases

// Keyboard shortcuts (manifest `commands`): `_execute_action` opens the popup by itself.
browser.commands.onCommand.addListener((command) => {
  if (command === 'lock-vault') void vault.lock('manual');
});

browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === AUTOLOCK_ALARM) void vault.enforceAutoLock({ rearm: true });
  if (alarm.name === CLIPBOARD_ALARM) void onClipboardAlarm();
  if (alarm.name === EXPIRY_ALARM) void onExpiryAlarm().catch(() => undefined);
});

// Console sessions Sigvault opened: a sign-in tab landing on a console host, and a session that is over
// going with its last tab (docs/console-sessions.md). Registered here; dropped at once when there is no
// session record, so tab events do not wake the worker for nothing (see listenToTabs).
listenToTabs();
onSessionsChanged(() => void updateBadge().catch(() => undefined));

browser.idle.onStateChanged.addListener((state) => {
  if (state !== 'locked') return;
  // the setting is sealed in the vault; its copy in storage.session exists exactly while unlocked
  void vault.lockPolicy().then((p) => (p?.lockOnOsLock ? vault.lock('os') : undefined));
});

// On every wake: storage.session readable by extension pages only, and a late alarm caught up.
void restrictSessionAccess();
void vault.enforceAutoLock().then(updateBadgeOnWake).catch(() => undefined);
