/**
 * A one-line summary of a request, for the audit log and approvals: method, host, service and the API
 * action — from `X-Amz-Target` (JSON protocols: `DynamoDB_20120810.ListTables` → `ListTables`), an
 * `Action=` parameter in the query or a form body (query protocols: EC2, STS, IAM), else the method and
 * path (REST protocols: `GET /bucket/key`). No header value or body is kept beyond the action's name. Pure.
 * @module
 */
import { inferTarget } from '../request/target.ts';

export interface RequestSummary {
  method: string;
  host: string;
  service: string;
  action: string;
}

const ACTION = /^[A-Za-z0-9_.:-]{1,128}$/;

function formAction(text: string): string | undefined {
  for (const part of text.split('&')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq) !== 'Action') continue;
    try {
      const v = decodeURIComponent(part.slice(eq + 1).replace(/\+/g, ' '));
      if (ACTION.test(v)) return v;
    } catch { /* not an action */ }
  }
  return undefined;
}

/**
 * @param service - the service the request is signed for when known (else inferred from the host, or `unknown`)
 * @example summarizeRequest('POST', 'https://dynamodb.us-east-1.amazonaws.com/', { 'X-Amz-Target': 'DynamoDB_20120810.ListTables' })
 *   // { method: 'POST', host: 'dynamodb.us-east-1.amazonaws.com', service: 'dynamodb', action: 'ListTables' }
 */
export function summarizeRequest(method: string, url: string, headers: Record<string, string> = {}, body?: string, service?: string): RequestSummary {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { method, host: '', service: service ?? 'unknown', action: method };
  }
  let svc = service;
  if (svc === undefined) {
    try {
      svc = inferTarget(url).service;
    } catch { /* not an AWS host */ }
  }
  const target = Object.entries(headers).find(([k]) => k.toLowerCase() === 'x-amz-target')?.[1];
  let action: string | undefined;
  if (target !== undefined) {
    const name = target.slice(target.lastIndexOf('.') + 1);
    if (ACTION.test(name)) action = name;
  }
  action ??= formAction(u.search.slice(1));
  const contentType = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
  if (action === undefined && body && /application\/x-www-form-urlencoded/i.test(contentType)) action = formAction(body);
  if (action === undefined) {
    const path = u.pathname.length > 120 ? u.pathname.slice(0, 117) + '…' : u.pathname;
    action = `${method} ${path}`;
  }
  return { method, host: u.host, service: svc ?? 'unknown', action };
}
