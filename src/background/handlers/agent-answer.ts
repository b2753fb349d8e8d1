import { parseApprovalAnswer } from '../../core/agent/approval.ts';
import { AgentError } from '../../core/agent/channel.ts';
import { SigvaultError } from '../../core/errors.ts';
import type { Handler } from '../../platform/background-messaging.ts';
import { answerApproval } from '../agent/approvals.ts';
import { requireString } from '../validate.ts';

/**
 * `agent.answer { id, answer }` → `{ answered }`: the prompt window's answer (extension pages only: the
 * sender check refuses a web page or content script). `answered: false` when nothing waits under `id`.
 */
export const agentAnswer: Handler<'agent.answer'> = async (p) => {
  const id = requireString(p, 'id', { max: 64 });
  let answer;
  try {
    answer = parseApprovalAnswer((p as { answer?: unknown }).answer);
  } catch (e) {
    if (e instanceof AgentError) throw new SigvaultError('INVALID_INPUT', e.message, { field: 'answer' });
    throw e;
  }
  return { answered: answerApproval(id, answer) };
};
