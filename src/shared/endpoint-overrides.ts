/**
 * The endpoint overrides in force, as pages show them: one entry per URL, with what it replaces (STS,
 * sign-in) and in which partitions. Used by the background (`identity.list` carries them, so the popup
 * names them with its first rows) and by the popup (from `settings.get`).
 * @module
 */
import type { Endpoints } from '../core/settings.ts';
import type { Partition } from '../core/vault/identity.ts';

export interface EndpointOverrideView {
  url: string;
  kinds: Array<'sts' | 'signin'>;
  partitions: Partition[];
}

/** The overrides in `endpoints` (none for `null`: a locked vault), grouped by URL. */
export function overridesOf(endpoints: Endpoints | null | undefined): EndpointOverrideView[] {
  const byUrl = new Map<string, EndpointOverrideView>();
  if (!endpoints) return [];
  for (const [partition, o] of Object.entries(endpoints) as [Partition, { sts: string; signin: string }][]) {
    for (const kind of ['sts', 'signin'] as const) {
      const url = o[kind];
      if (!url) continue;
      const v = byUrl.get(url) ?? { url, kinds: [], partitions: [] };
      if (!v.kinds.includes(kind)) v.kinds.push(kind);
      if (!v.partitions.includes(partition)) v.partitions.push(partition);
      byUrl.set(url, v);
    }
  }
  return [...byUrl.values()];
}
