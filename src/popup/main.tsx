import { render } from 'preact';
import { call, onEvent } from '../platform/messaging.ts';
import { App } from './components/App.tsx';
import { createPopupState } from './state.ts';

const store = createPopupState({ call, onEvent });
// Ask for the vault's state and list before the first render: the answers are on their way while Preact mounts.
store.start();
render(<App store={store} />, document.getElementById('app')!);
