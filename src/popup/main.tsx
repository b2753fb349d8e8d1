import { render } from 'preact';
import { applyTheme, readThemeMirror } from '../options/theme.ts';
import { call, onEvent } from '../platform/messaging.ts';
import { App } from './components/App.tsx';
import { createPopupState } from './state.ts';

// Theme before the first render, from the localStorage mirror (synchronous: the popup never waits for the
// background to paint in the right colours; see ../options/theme.ts). The setting itself is read in
// parallel, off the critical path, and wins if the mirror is missing or stale (cleared site data).
applyTheme(readThemeMirror());
const store = createPopupState({ call, onEvent });
render(<App store={store} />, document.getElementById('app')!);
call('settings.get', {}).then((s) => applyTheme(s.theme), () => undefined);
