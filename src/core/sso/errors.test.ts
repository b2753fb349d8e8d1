import { describe, expect, it } from 'vitest';
import { cleanSsoMessage, parseSsoErrorBody } from './errors.ts';

const TOKEN = 'aoaAAAAAGcX6wQ8b3VzdGluZy10ZXN0LXRva2VuLWZvci1zaWd2YXVsdC0xMjM0NTY3ODkw';

describe('cleanSsoMessage', () => {
  it('redacts a secret the call carried, whole or any 16+-character piece of it, and drops control characters', () => {
    expect(cleanSsoMessage(`Invalid token ${TOKEN}`, [TOKEN])).toBe('Invalid token [redacted]');
    const piece = TOKEN.slice(10, 40);
    expect(cleanSsoMessage(`Token starting ${piece}… is not valid`, [TOKEN])).not.toContain(piece);
    expect(cleanSsoMessage('line one\nline\u0007two', [undefined])).toBe('line one line two');
    expect(cleanSsoMessage('x'.repeat(800), [])).toHaveLength(501);
  });
  it('reads both error body shapes: RFC 6749 (OIDC) and AWS JSON (portal)', () => {
    expect(parseSsoErrorBody('{"error":"authorization_pending","error_description":"Authorization is still pending"}', 'AuthorizationPendingException:http://internal.amazon.com/coral/com.amazonaws.sso.oidc/')).toMatchObject({ awsCode: 'AuthorizationPendingException', oauthError: 'authorization_pending' });
    expect(parseSsoErrorBody('{"message":"Session token not found or invalid","__type":"com.amazonaws.switchboard.portal#UnauthorizedException"}', null)).toMatchObject({ awsCode: 'UnauthorizedException', awsMessage: 'Session token not found or invalid' });
    expect(parseSsoErrorBody('not json', null)).toBeUndefined();
  });
});
