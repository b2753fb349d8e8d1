// Sigvault: injected by console.switchRole into the AWS console tab the user pointed at (activeTab,
// scripting.executeScript, the page's main world), once, when the user asks to switch role. It reads what
// the console's own Switch Role uses and returns it as plain strings; it changes nothing. The background
// trusts none of it (src/core/console/switch-page.ts checks every value). Kept as a file, not a function
// in the service worker: it touches the DOM, which no code in the worker's graph may (scripts/check-worker.ts).
(() => {
  const cut = (v, max) => (typeof v === 'string' ? v.slice(0, max) : null);
  const meta = (selector) => {
    const el = document.querySelector(selector);
    return el ? cut(el.getAttribute('content'), 65536) : null;
  };
  let csrf = null;
  try {
    const auth = globalThis.AWSC && globalThis.AWSC.Auth;
    if (auth && typeof auth.getMbtc === 'function') csrf = cut(auth.getMbtc(), 4096);
  } catch (e) {
    csrf = null;
  }
  const accountInfo = {};
  try {
    const info = globalThis.ConsoleNavService && globalThis.ConsoleNavService.AccountInfo;
    if (info && typeof info === 'object') {
      for (const k of ['loginDisplayNameAccount', 'loginDisplayNameUser', 'roleDisplayNameAccount', 'roleDisplayNameUser']) {
        const v = cut(info[k], 256);
        if (v !== null) accountInfo[k] = v;
      }
    }
  } catch (e) {
    // no account info: the background says the console changed
  }
  return {
    origin: location.origin,
    sessionData: meta('meta[name="awsc-session-data"]'),
    signinEndpoint: meta('#awsc-signin-endpoint'),
    csrf,
    accountInfo,
  };
})();
