/**
 * Does AWS's answer say the request's session token has expired? The request console retries such a
 * request once with fresh credentials (an SDK's credential provider would have refreshed them): the
 * background dates a role's session by its own clock, and AWS can end it sooner (clock skew, a session
 * cut short). What AWS answers, by protocol:
 * - XML (S3, STS, IAM and the other query services): `<Code>ExpiredToken</Code>`, 400 or 403;
 * - JSON services (DynamoDB, Lambda, …): the type `ExpiredTokenException` in `__type`
 *   (`com.amazon.coral.service#ExpiredTokenException`) or in the `x-amzn-ErrorType` header.
 * STS's `ExpiredTokenException` in an XML body is about a web identity token the request carried
 * (AssumeRoleWithWebIdentity), not the signing credentials: it does not count. Pure.
 * @module
 */

/** The type named by a JSON error's `__type` (after its `#`), or undefined. */
function jsonErrorType(body: string): string | undefined {
  const t = body.trimStart();
  if (!t.startsWith('{')) return undefined;
  try {
    const type = (JSON.parse(t) as { __type?: unknown }).__type;
    return typeof type === 'string' ? type.slice(type.lastIndexOf('#') + 1) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * @param status - the answer's HTTP status
 * @param headers - its headers, names lower-case
 * @param body - its body as text
 * @example saysTokenExpired(400, {}, '<Error><Code>ExpiredToken</Code>…') // true
 */
export function saysTokenExpired(status: number, headers: Readonly<Record<string, string>>, body: string): boolean {
  if (status !== 400 && status !== 403) return false;
  const errorType = headers['x-amzn-errortype'];
  if (errorType !== undefined && errorType.split(':')[0]!.trim() === 'ExpiredTokenException') return true;
  if (jsonErrorType(body) === 'ExpiredTokenException') return true;
  return /<Code>\s*ExpiredToken\s*<\/Code>/.test(body);
}
