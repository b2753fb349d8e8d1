import { render } from 'preact';
import { call, onEvent } from '../platform/messaging.ts';
import { App } from './components/App.tsx';
import { createPopupState } from './state.ts';

const store = createPopupState({ call, onEvent });
render(<App store={store} />, document.getElementById('app')!);
