/**
 * A component whose code loads on first use (a dynamic import, a chunk of its own), so a page's first paint
 * does not wait for screens it does not show. Preact's own `lazy` needs preact/compat and Suspense; this is
 * the part of it the pages need.
 * - Renders nothing until the chunk is there, then the component (every mounted instance re-renders).
 * - `preload()` starts the load early (in idle time after the first paint) so a click finds it loaded.
 * - A failed load is retried on the next render or preload (a chunk fetch can fail while the extension is
 *   being updated); it throws nothing into the page.
 * @module
 */
import { h, type ComponentType, type FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export type Lazy<P> = FunctionComponent<P> & { preload(): Promise<void> };

export function lazy<P extends object>(load: () => Promise<ComponentType<P>>): Lazy<P> {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<void> | undefined;
  const preload = (): Promise<void> => {
    if (loaded) return Promise.resolve();
    pending ??= load().then((c) => { loaded = c; }, () => { pending = undefined; });
    return pending;
  };
  const Component: FunctionComponent<P> = (props) => {
    const [, setReady] = useState(loaded !== undefined);
    useEffect(() => {
      if (loaded) return;
      let live = true;
      void preload().then(() => { if (live && loaded) setReady(true); });
      return () => { live = false; };
    }, []);
    return loaded ? h(loaded, props) : null;
  };
  return Object.assign(Component, { preload });
}
