/**
 * Approval prompts: a page of an approved origin asks to sign with an identity it has no grant for, and
 * the user answers in Sigvault's prompt window — allow once, for an hour, always, or deny. The request
 * waits for the answer, at most {@link APPROVAL_TIMEOUT_MS} (then it is denied). Pure.
 * @module
 */
import { AgentError } from './channel.ts';
import { grantTerms } from './grants.ts';
import type { RequestSummary } from './summary.ts';

export const APPROVAL_TIMEOUT_MS = 60_000;
export const APPROVAL_ANSWERS = ['once', 'hour', 'always', 'deny'] as const;
export type ApprovalAnswer = (typeof APPROVAL_ANSWERS)[number];

/** What the prompt shows: who asks, for which identity, to sign what. No secret. */
export interface ApprovalView extends RequestSummary {
  id: string;
  origin: string;
  identityId: string;
  identityLabel: string;
  kind: 'sign' | 'presign';
  /** When the request stops waiting (ms). */
  expiresAt: number;
}

export function parseApprovalAnswer(v: unknown): ApprovalAnswer {
  if (!(APPROVAL_ANSWERS as readonly unknown[]).includes(v)) throw new AgentError('INVALID_INPUT', 'answer must be once, hour, always or deny.');
  return v as ApprovalAnswer;
}

/** The grant terms an answer other than `deny` makes. */
export function answerTerms(answer: Exclude<ApprovalAnswer, 'deny'>, now: number): { until?: number; once?: true } {
  return grantTerms(answer, now);
}
