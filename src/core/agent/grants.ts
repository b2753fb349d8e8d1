/**
 * Agent grants: which web origin may have which identity sign, and until when. Like ssh-agent's
 * confirmations, per origin and per identity: `once` (used up by the first signature), for one hour, or
 * always. Sealed in the vault by the background. Pure; times are passed in.
 * @module
 */
import { AgentError } from './channel.ts';
import { normalizeOrigin } from './origin.ts';

export const GRANT_DURATIONS = ['once', 'hour', 'always'] as const;
export type GrantDuration = (typeof GRANT_DURATIONS)[number];

/** At most this many grants are kept (oldest dropped). */
export const GRANTS_MAX = 200;
export const HOUR_MS = 3_600_000;

export interface Grant {
  origin: string;
  identityId: string;
  /** When it was made (ms). */
  grantedAt: number;
  /** Until when it holds (ms); absent = always. */
  until?: number;
  /** Used up by the first signature. */
  once?: true;
}

/** How long a grant made in the options page (or, later, the approval prompt) holds. */
export function grantTerms(duration: GrantDuration, now: number): { until?: number; once?: true } {
  if (duration === 'always') return {};
  if (duration === 'hour') return { until: now + HOUR_MS };
  if (duration === 'once') return { until: now + HOUR_MS, once: true };
  throw new AgentError('INVALID_INPUT', 'duration must be once, hour or always.');
}

/** Longest `until` accepted: a year (beyond that, ask for "always"). */
export const GRANT_UNTIL_MAX_MS = 366 * 24 * HOUR_MS;

/**
 * The grant `agent.grant { origin, identityId, until?, once? }` asks for: always when `until` is absent;
 * a `once` grant is used up by the first signature (and lapses at `until`, default one hour).
 * @throws AgentError INVALID_INPUT
 */
export function makeGrant(origin: string, identityId: string, terms: { until?: unknown; once?: unknown }, now: number): Grant {
  const o = normalizeOrigin(origin);
  if (typeof identityId !== 'string' || identityId === '' || identityId.length > 64) throw new AgentError('INVALID_INPUT', 'identityId is required.');
  const { until, once } = terms;
  if (once !== undefined && typeof once !== 'boolean') throw new AgentError('INVALID_INPUT', 'once must be true or false.');
  if (until !== undefined && (typeof until !== 'number' || !Number.isFinite(until) || until <= now || until > now + GRANT_UNTIL_MAX_MS)) {
    throw new AgentError('INVALID_INPUT', 'until must be a time (ms) in the future, at most a year away; leave it out for "always".');
  }
  const g: Grant = { origin: o, identityId, grantedAt: now };
  if (once === true) return { ...g, until: (until as number | undefined) ?? now + HOUR_MS, once: true };
  return until === undefined ? g : { ...g, until: until as number };
}

export function isActive(g: Grant, now: number): boolean {
  return g.until === undefined || g.until > now;
}

/** Adds `g`, replacing the grant of the same origin and identity; drops expired ones. */
export function addGrant(grants: readonly Grant[], g: Grant, now: number): Grant[] {
  const rest = grants.filter((x) => isActive(x, now) && !(x.origin === g.origin && x.identityId === g.identityId));
  return [...rest, g].slice(-GRANTS_MAX);
}

/** Removes every grant of `origin`; returns the rest and how many went. */
export function revokeOrigin(grants: readonly Grant[], origin: string): { grants: Grant[]; removed: number } {
  const kept = grants.filter((g) => g.origin !== origin);
  return { grants: kept, removed: grants.length - kept.length };
}

/** Removes every grant of an identity (it was removed from the vault). */
export function revokeIdentity(grants: readonly Grant[], identityId: string): Grant[] {
  return grants.filter((g) => g.identityId !== identityId);
}

/**
 * The grant a request from `origin` signs under: for `identityIds` (the ids the page's `identity`
 * names; undefined = any) the most recent active one.
 */
export function findGrant(grants: readonly Grant[], origin: string, now: number, identityIds?: readonly string[]): Grant | undefined {
  let best: Grant | undefined;
  for (const g of grants) {
    if (g.origin !== origin || !isActive(g, now)) continue;
    if (identityIds && !identityIds.includes(g.identityId)) continue;
    if (!best || g.grantedAt >= best.grantedAt) best = g;
  }
  return best;
}

/** After a signature under `used`: a `once` grant is gone. */
export function afterUse(grants: readonly Grant[], used: Grant): Grant[] {
  if (!used.once) return [...grants];
  return grants.filter((g) => !(g.origin === used.origin && g.identityId === used.identityId && g.grantedAt === used.grantedAt));
}

/** The active grants, sorted by origin then newest first. */
export function activeGrants(grants: readonly Grant[], now: number): Grant[] {
  return grants.filter((g) => isActive(g, now)).sort((a, b) => a.origin.localeCompare(b.origin) || b.grantedAt - a.grantedAt);
}

/** The distinct origins with an active grant. */
export function grantedOrigins(grants: readonly Grant[], now: number): string[] {
  return [...new Set(activeGrants(grants, now).map((g) => g.origin))].sort();
}

/** Grants from a sealed record; anything malformed is dropped (never a grant that was not checked). */
export function parseGrants(stored: unknown): Grant[] {
  if (!Array.isArray(stored)) return [];
  const out: Grant[] = [];
  for (const x of stored) {
    if (typeof x !== 'object' || x === null) continue;
    const g = x as Record<string, unknown>;
    if (typeof g['origin'] !== 'string' || typeof g['identityId'] !== 'string' || typeof g['grantedAt'] !== 'number') continue;
    let origin: string;
    try {
      origin = normalizeOrigin(g['origin']);
    } catch {
      continue;
    }
    if (origin !== g['origin']) continue;
    if (g['until'] !== undefined && typeof g['until'] !== 'number') continue;
    out.push({ origin, identityId: g['identityId'], grantedAt: g['grantedAt'], ...(typeof g['until'] === 'number' ? { until: g['until'] } : {}), ...(g['once'] === true ? { once: true as const } : {}) });
  }
  return out.slice(-GRANTS_MAX);
}
