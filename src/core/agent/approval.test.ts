import { describe, expect, it } from 'vitest';
import { AgentError } from './channel.ts';
import { answerTerms, parseApprovalAnswer } from './approval.ts';
import { HOUR_MS } from './grants.ts';

describe('approval answers', () => {
  it('accepts the four answers only', () => {
    for (const a of ['once', 'hour', 'always', 'deny']) expect(parseApprovalAnswer(a)).toBe(a);
    for (const a of ['yes', '', undefined, 1, 'ALWAYS']) expect(() => parseApprovalAnswer(a)).toThrow(AgentError);
  });
  it('turns an answer into grant terms', () => {
    expect(answerTerms('always', 0)).toEqual({});
    expect(answerTerms('hour', 5)).toEqual({ until: 5 + HOUR_MS });
    expect(answerTerms('once', 5)).toEqual({ until: 5 + HOUR_MS, once: true });
  });
});
