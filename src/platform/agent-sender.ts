/**
 * The sender check of the signing agent's channel (the request listener's is ./sender.ts). On its own so
 * that the pages' bundles, which share ./sender.ts with the background, do not carry it. Pure.
 * @module
 */
import { isOwnUrl, type SenderLike, type Self } from './sender.ts';

/**
 * The signing agent's bridge (a content script of this extension, registered only for origins the user
 * approved) is the one foreign-looking sender the background answers, and only on the agent channel
 * (src/background/agent/serve.ts): this names the web origin it runs in, from what the browser says
 * (`sender.origin` in Chrome, the frame's `sender.url`), never from what the page claims. Only the top
 * frame of a tab: the bridge is not registered for frames.
 */
export type AgentSenderVerdict = { ok: true; origin: string } | { ok: false; reason: string };

export function checkAgentSender(sender: SenderLike | undefined, self: Self): AgentSenderVerdict {
  if (!sender) return { ok: false, reason: 'no sender' };
  if (sender.id !== self.id) return { ok: false, reason: 'message from another extension' };
  if (sender.tab === undefined || sender.tab === null) return { ok: false, reason: 'not from a tab' };
  if (sender.frameId !== 0) return { ok: false, reason: 'not from the top frame' };
  if (typeof sender.url !== 'string') return { ok: false, reason: 'sender has no url' };
  if (isOwnUrl(sender.url, self.origin)) return { ok: false, reason: 'an extension page does not use the agent' };
  let fromUrl: string;
  try {
    const u = new URL(sender.url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return { ok: false, reason: 'not a web page' };
    fromUrl = u.origin;
  } catch {
    return { ok: false, reason: 'sender url is not a URL' };
  }
  if (sender.origin !== undefined && sender.origin !== fromUrl) return { ok: false, reason: 'sender origin and url disagree' };
  return { ok: true, origin: fromUrl };
}
