// Sigvault popup, loaded async ahead of the page's modules: starts reading the popup's view snapshot
// (src/shared/view-snapshot.ts) from storage.session while the rest of the popup's code loads.
// src/platform/session.ts readViewSnapshot() takes the pending read. Two keys only, never the key
// stored next to them; nothing here is secret. Plain JS in public/: it must load alone, with no import.
(function () {
  var api = globalThis.browser || globalThis.chrome;
  try {
    globalThis.__sigvaultEarlyView = api.storage.session.get(['viewSnapshot', 'lastActivity']);
  } catch (e) {
    // no storage.session here: the popup reads it the usual way
  }
})();
