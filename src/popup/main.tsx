import { render } from 'preact';
import { applyTheme, readThemeMirror } from '../ui/theme.ts';
import { call, onEvent } from '../platform/messaging.ts';
import { readViewSnapshot } from '../platform/session.ts';
import { App } from './components/App.tsx';
import { IdentityDetails } from './components/IdentityList.tsx';
import { createPopupState } from './state.ts';

// Theme before the first render, from the localStorage mirror (synchronous: the popup never waits for the
// background to paint in the right colours; see ./theme.ts). The setting itself is read once the
// first screen is shown — off the open-to-list path that is benchmarked — and wins if the mirror is
// missing or stale (cleared site data).
applyTheme(readThemeMirror());
const store = createPopupState({
  call, onEvent, snapshot: () => readViewSnapshot(),
  // a frame, then a task; at most 100 ms (a page in a hidden tab gets no frames)
  afterPaint: () => new Promise((resolve) => {
    const cap = setTimeout(resolve, 100);
    requestAnimationFrame(() => setTimeout(() => { clearTimeout(cap); resolve(); }));
  }),
});
// Ask for the vault's state and list before the first render: the answers are on their way while Preact mounts.
store.start();
render(<App store={store} />, document.getElementById('app')!);
void store.whenOpened().then(() => call('settings.get', {})).then((s) => applyTheme(s.theme), () => undefined);
// The details panel's code once the list is up (the list shows it next). The other screens' code loads
// when the pointer or the focus reaches the toolbar (App.tsx), not right away: a user typing a search at
// once would otherwise wait behind their compilation.
void store.whenOpened().then(() => IdentityDetails.preload());
