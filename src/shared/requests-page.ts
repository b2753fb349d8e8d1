/**
 * The request console page's address and what its hash may say: `#presign&id=<identity id>` opens it in
 * presign mode with that identity chosen (the popup's "Presign…"), `#id=<identity id>` with the identity
 * chosen. Only an identity id — never a secret — goes into the URL. Pure.
 * @module
 */

export const REQUESTS_PAGE = 'src/requests/index.html';

export interface RequestsRoute {
  mode: 'send' | 'presign';
  id?: string;
}

export function requestsHash(route: RequestsRoute): string {
  const parts: string[] = [];
  if (route.mode === 'presign') parts.push('presign');
  if (route.id !== undefined) parts.push(`id=${encodeURIComponent(route.id)}`);
  return parts.length ? `#${parts.join('&')}` : '';
}

/** Reads a hash `requestsHash` wrote; anything else is the default (send mode, no identity). */
export function parseRequestsHash(hash: string): RequestsRoute {
  const route: RequestsRoute = { mode: 'send' };
  for (const part of hash.replace(/^#/, '').split('&')) {
    if (part === 'presign') route.mode = 'presign';
    else if (part.startsWith('id=')) {
      try {
        const id = decodeURIComponent(part.slice(3));
        if (/^[\w-]{1,64}$/.test(id)) route.id = id;
      } catch { /* ignored: no identity chosen */ }
    }
  }
  return route;
}
