/**
 * Import plans between `config.preview` and `config.import`. A plan holds the secret keys of users it
 * would create, so it stays in the background's memory (never in storage, never sent to a page), for
 * 10 minutes at most, and is dropped on lock.
 * @module
 */
import type { ConfigImportPlan } from '../../core/config-import/aws-cli.ts';
import * as vault from '../vault/service.ts';

const TTL_MS = 10 * 60_000;
const plans = new Map<string, { plan: ConfigImportPlan; at: number }>();

export function keepPlan(plan: ConfigImportPlan): string {
  const now = Date.now();
  for (const [t, p] of plans) if (now - p.at > TTL_MS) plans.delete(t);
  const token = crypto.randomUUID();
  plans.set(token, { plan, at: now });
  return token;
}

/** Takes (and forgets) a plan; undefined when unknown or expired. */
export function takePlan(token: string): ConfigImportPlan | undefined {
  const p = plans.get(token);
  plans.delete(token);
  return p && Date.now() - p.at <= TTL_MS ? p.plan : undefined;
}

vault.onLock(() => plans.clear());
