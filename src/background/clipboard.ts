/**
 * Clearing the clipboard 30 s after the user copied credentials. The popup is usually closed by then,
 * so the background does it: in Chrome through an offscreen document (a service worker has no
 * clipboard), in Firefox from the event page itself. A timer does it on time while the worker lives;
 * an alarm catches up if the worker was stopped meanwhile.
 * @module
 */
import { browser, BROWSER } from '../platform/browser.ts';

export const CLIPBOARD_ALARM = 'sigvault.clipboard';
export const CLEAR_AFTER_MS = 30_000;
const OFFSCREEN_PATH = 'src/offscreen/clipboard.html';

let timer: ReturnType<typeof setTimeout> | undefined;

/** Empties the clipboard: a copy event whose data is the empty string. Runs where there is a DOM. */
export function clearWithDom(doc: Document): boolean {
  const onCopy = (e: ClipboardEvent) => {
    e.clipboardData?.setData('text/plain', '');
    e.preventDefault();
  };
  doc.addEventListener('copy', onCopy);
  try {
    return doc.execCommand('copy');
  } finally {
    doc.removeEventListener('copy', onCopy);
  }
}

async function clearNow(): Promise<void> {
  if (BROWSER === 'firefox' && typeof document !== 'undefined') {
    clearWithDom(document);
    return;
  }
  type Offscreen = {
    hasDocument?: () => Promise<boolean>;
    createDocument(o: { url: string; reasons: string[]; justification: string }): Promise<void>;
    closeDocument(): Promise<void>;
  };
  const offscreen = (globalThis as unknown as { chrome?: { offscreen?: Offscreen } }).chrome?.offscreen;
  if (!offscreen) return;
  if (!(await offscreen.hasDocument?.())) {
    await offscreen.createDocument({ url: OFFSCREEN_PATH, reasons: ['CLIPBOARD'], justification: 'Clear copied AWS credentials from the clipboard' });
  }
  await browser.runtime.sendMessage({ event: 'clipboard.clear' }).catch(() => undefined);
  await offscreen.closeDocument().catch(() => undefined);
}

export async function clearLater(afterMs = CLEAR_AFTER_MS): Promise<number> {
  const at = Date.now() + afterMs;
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => { timer = undefined; void clearNow().then(() => browser.alarms.clear(CLIPBOARD_ALARM)); }, afterMs);
  await browser.alarms.create(CLIPBOARD_ALARM, { when: Math.max(at, Date.now() + 30_000) });
  return at;
}

export async function onClipboardAlarm(): Promise<void> {
  await clearNow();
}
