// Sigvault signing agent: the bridge content script. Registered at runtime (scripting.registerContentScripts,
// src/background/agent/bridge.ts) only on the hosts of origins the user approved, top frame only. It relays
// requests a page posts on its own window ({ channel: 'sigvault-agent/1', id, type: 'hello'|'sign'|'presign', ... })
// to Sigvault's background and posts the answer back to the same window: first { type: 'ack' } (so the page
// knows a bridge is there), then { type: 'reply', ok, result | error }. It decides nothing: the background
// checks the sender's origin (from the browser, not from the page), the grants, the host and the rate.
// Plain script, no imports: content scripts are classic scripts (docs/protocol.md "Signing agent").
(() => {
  const CHANNEL = 'sigvault-agent/1';
  const api = globalThis.browser || globalThis.chrome;
  if (!api || !api.runtime || window.top !== window) return;
  const origin = location.origin;
  const post = (msg) => window.postMessage(msg, origin);
  const unavailable = { ok: false, error: { code: 'NOT_AVAILABLE', message: 'Sigvault did not answer.' } };
  window.addEventListener('message', (event) => {
    if (event.source !== window) return;
    let d;
    try {
      d = JSON.parse(JSON.stringify(event.data)); // a plain copy of what the page wrote: no getters, no wrappers
    } catch (e) {
      return;
    }
    if (!d || typeof d !== 'object' || d.channel !== CHANNEL) return;
    if (d.type !== 'hello' && d.type !== 'sign' && d.type !== 'presign') return;
    if (typeof d.id !== 'string' || d.id.length === 0 || d.id.length > 64) return;
    const id = d.id;
    delete d.channel;
    delete d.id;
    post({ channel: CHANNEL, id, type: 'ack' });
    Promise.resolve()
      .then(() => api.runtime.sendMessage({ agent: CHANNEL, request: d }))
      .then((r) => (r && typeof r === 'object' && typeof r.ok === 'boolean' ? r : unavailable), () => unavailable)
      .then((r) => post(r.ok ? { channel: CHANNEL, id, type: 'reply', ok: true, result: r.result } : { channel: CHANNEL, id, type: 'reply', ok: false, error: r.error }));
  });
})();
