/**
 * Approval prompts for the signing agent (core/agent/approval.ts): a small extension window
 * (src/agent/prompt.html, `windows.create` type `popup`) shows the origin, the identity and the request's
 * summary; the request waits for the answer (`agent.answer`, from that extension page only — the sender
 * check refuses web pages and content scripts). Closing the window, a lock or {@link APPROVAL_TIMEOUT_MS}
 * without an answer denies. One prompt per origin at a time: a second request meanwhile is denied
 * rather than stacking windows.
 * @module
 */
import { APPROVAL_TIMEOUT_MS, type ApprovalAnswer, type ApprovalView } from '../../core/agent/approval.ts';
import { AgentError } from '../../core/agent/channel.ts';
import { browser } from '../../platform/browser.ts';
import * as vault from '../vault/service.ts';

interface Pending {
  view: ApprovalView;
  settle: (answer: ApprovalAnswer) => void;
  windowId?: number;
}

const pending = new Map<string, Pending>();

export const PROMPT_PAGE = 'src/agent/prompt.html';

vault.onLock(() => {
  for (const p of [...pending.values()]) p.settle('deny');
});

browser.windows?.onRemoved.addListener((windowId) => {
  for (const p of [...pending.values()]) if (p.windowId === windowId) p.settle('deny');
});

/** The prompt's view model, while it waits. */
export function pendingApproval(id: string): ApprovalView | undefined {
  return pending.get(id)?.view;
}

/** The user's answer; false when nothing waits under `id` (answered, timed out, or unknown). */
export function answerApproval(id: string, answer: ApprovalAnswer): boolean {
  const p = pending.get(id);
  if (!p) return false;
  p.settle(answer);
  return true;
}

/**
 * Opens the prompt and waits for the answer.
 * @throws AgentError DENIED when a prompt for this origin is already open
 */
export async function askApproval(view: Omit<ApprovalView, 'id' | 'expiresAt'>): Promise<ApprovalAnswer> {
  if ([...pending.values()].some((p) => p.view.origin === view.origin)) {
    throw new AgentError('DENIED', 'Another approval for this page is waiting for an answer.');
  }
  const id = crypto.randomUUID();
  const full: ApprovalView = { ...view, id, expiresAt: Date.now() + APPROVAL_TIMEOUT_MS };
  let entry!: Pending;
  const answer = new Promise<ApprovalAnswer>((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    entry = {
      view: full,
      settle: (a) => {
        if (pending.get(id) !== entry) return;
        pending.delete(id);
        clearTimeout(timer);
        if (entry.windowId !== undefined) void browser.windows.remove(entry.windowId).catch(() => undefined);
        resolve(a);
      },
    };
    pending.set(id, entry);
    timer = setTimeout(() => entry.settle('deny'), APPROVAL_TIMEOUT_MS);
  });
  try {
    const win = await browser.windows.create({ url: browser.runtime.getURL(`${PROMPT_PAGE}?id=${id}`), type: 'popup', width: 440, height: 520, focused: true });
    if (pending.get(id) === entry) entry.windowId = win.id;
    else if (win.id !== undefined) void browser.windows.remove(win.id).catch(() => undefined);
  } catch {
    entry.settle('deny');
  }
  return answer;
}
