// Sigvault: injected by console.switchRole (classic, single-session console) into the AWS console tab the
// user pointed at, right after the background staged the checked form (action URL and fields) in
// `globalThis.__sigvaultSwitchRole`. Builds the console's Switch Role form and submits it top-level, as
// the console's own menu does, so the page's cookies go with it. Returns whether it posted.
(() => {
  const staged = globalThis.__sigvaultSwitchRole;
  try {
    delete globalThis.__sigvaultSwitchRole;
  } catch (e) {
    globalThis.__sigvaultSwitchRole = undefined;
  }
  if (!staged || typeof staged.action !== 'string' || !Array.isArray(staged.fields)) return false;
  const form = document.createElement('form');
  form.method = 'POST';
  form.action = staged.action;
  form.target = '_top';
  form.style.display = 'none';
  for (const pair of staged.fields) {
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = String(pair[0]);
    input.value = String(pair[1]);
    form.appendChild(input);
  }
  (document.body || document.documentElement).appendChild(form);
  HTMLFormElement.prototype.submit.call(form);
  return true;
})();
