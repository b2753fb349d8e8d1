import { useLayoutEffect, useRef } from 'preact/hooks';

/**
 * A ref that focuses its element when the component mounts (when `enabled`). The HTML `autofocus`
 * attribute only works once per document, so screens rendered later focus explicitly.
 */
export function useFocusOnMount<T extends HTMLElement>(enabled = true) {
  const ref = useRef<T>(null);
  useLayoutEffect(() => {
    if (enabled) ref.current?.focus();
  }, []);
  return ref;
}
