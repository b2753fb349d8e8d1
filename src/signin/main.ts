/**
 * The console sign-in page (see src/background/console/signin-handoff.ts): takes the login form that
 * `console.open` left for this tab, once, and posts it to AWS's federation endpoint, so the sign-in
 * token is never part of a tab's address or of History. No framework: it runs for a few milliseconds.
 * @module
 */
import { browser } from '../platform/browser.ts';
import { call, RemoteError } from '../platform/messaging.ts';

const id = location.hash.slice(1);
// The id is single-use, but keep it out of the address (and History) all the same.
history.replaceState(null, '', location.pathname);
const state = document.getElementById('signin-state')!;
state.textContent = browser.i18n.getMessage('signinPosting') || state.textContent;

call('signin.handoff', { id }).then(({ action, fields }) => {
  const form = document.createElement('form');
  form.method = 'POST';
  form.action = action;
  for (const [name, value] of Object.entries(fields)) {
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = name;
    input.value = value;
    form.append(input);
  }
  document.body.append(form);
  form.submit();
}, (e: unknown) => {
  state.dataset['state'] = 'error';
  state.setAttribute('role', 'alert');
  state.textContent = e instanceof RemoteError ? e.message : (browser.i18n.getMessage('signinFailed') || 'The sign-in could not start.');
});
