/**
 * Chrome offscreen document (reason CLIPBOARD): empties the clipboard when the background asks. It holds
 * nothing and reads nothing; it exists only because a service worker has no clipboard.
 * @module
 */
import { browser } from '../platform/browser.ts';

browser.runtime.onMessage.addListener((message: unknown) => {
  if ((message as { event?: string } | null)?.event !== 'clipboard.clear') return undefined;
  const onCopy = (e: ClipboardEvent) => {
    e.clipboardData?.setData('text/plain', '');
    e.preventDefault();
  };
  document.addEventListener('copy', onCopy);
  try {
    document.execCommand('copy');
  } finally {
    document.removeEventListener('copy', onCopy);
  }
  return undefined;
});
