/**
 * A component whose code loads on first use (a dynamic import, a chunk of its own), so a page's first paint
 * does not wait for screens it does not show. Preact's own `lazy` needs preact/compat and Suspense; this is
 * the part of it the pages need.
 * - Renders nothing while the chunk loads, then the component (every mounted instance re-renders).
 * - `preload()` starts the load early so a click finds it loaded.
 * - A failed load (a chunk fetch can fail while the extension is being updated) shows a short message with
 *   a "Try again" button that loads it again; a later `preload()` tries again too.
 * @module
 */
import { h, type ComponentType, type FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from './i18n.ts';

export type Lazy<P> = FunctionComponent<P> & { preload(): Promise<void> };

export function lazy<P extends object>(load: () => Promise<ComponentType<P>>): Lazy<P> {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<void> | undefined;
  const preload = (): Promise<void> => {
    if (loaded) return Promise.resolve();
    pending ??= load().then((c) => { loaded = c; }, (e: unknown) => { pending = undefined; throw e; });
    return pending;
  };
  const Component: FunctionComponent<P> = (props) => {
    const [failed, setFailed] = useState(false);
    const [attempt, setAttempt] = useState(0);
    // Rendered before the load finished, the component waits for it in an effect. The load can finish
    // between that render and the effect (a preload started earlier): the effect still sets `ready`, so
    // the component renders again; returning early there left the screen empty for good.
    const [, setReady] = useState(() => loaded !== undefined);
    useEffect(() => {
      let live = true;
      preload().then(() => { if (live) setReady(true); }, () => { if (live) setFailed(true); });
      return () => { live = false; };
    }, [attempt]);
    if (loaded) return h(loaded, props);
    if (!failed) return null;
    return h('p', { class: 'error', role: 'alert' }, t('screenLoadFailed'), ' ',
      h('button', { type: 'button', onClick: () => { setFailed(false); setAttempt((n) => n + 1); } }, t('screenLoadRetry')));
  };
  return Object.assign(Component, { preload });
}
