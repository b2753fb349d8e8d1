/**
 * Sender checks for messages reaching the background. Pure (no browser API) so it is unit-tested in Node
 * and used unchanged by the real listener.
 *
 * Accepted: a page of this extension (popup, options, an extension page in a tab). Refused: other
 * extensions (Chrome's externally_connectable already blocks them; this is the second wall), content
 * scripts (Sigvault has none, so any is foreign: its `url` is a web page), frames without a URL.
 * @module
 */

/** The fields of `runtime.MessageSender` the check reads (Chrome and Firefox). */
export interface SenderLike {
  id?: string;
  url?: string;
  origin?: string;
  tab?: unknown;
  frameId?: number;
  envType?: string;
}

export interface Self {
  /** `runtime.id` */
  id: string;
  /** `runtime.getURL('')` without the trailing slash, e.g. `chrome-extension://abc…` */
  origin: string;
}

export type SenderVerdict = { ok: true } | { ok: false; reason: string };

export function checkSender(sender: SenderLike | undefined, self: Self): SenderVerdict {
  if (!sender) return { ok: false, reason: 'no sender' };
  if (sender.id !== self.id) return { ok: false, reason: 'message from another extension' };
  // Firefox marks content scripts explicitly; Chrome does not, but their url is the web page's.
  if (sender.envType === 'content_child') return { ok: false, reason: 'message from a content script' };
  if (typeof sender.url !== 'string') return { ok: false, reason: 'sender has no url' };
  if (!isOwnUrl(sender.url, self.origin)) return { ok: false, reason: 'message from a content script or web page' };
  // Chrome 80+ sets origin; when present it must agree with the url (an opaque or foreign origin is refused).
  if (sender.origin !== undefined && sender.origin !== self.origin) {
    return { ok: false, reason: 'sender origin is not this extension' };
  }
  return { ok: true };
}

export function isOwnUrl(url: string, origin: string): boolean {
  // exact origin followed by a path: 'chrome-extension://id/...' — not 'chrome-extension://id.evil/...'
  return url.startsWith(origin + '/');
}
