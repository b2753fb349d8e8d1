/**
 * Identity Center sync benchmark in Node: `npx tsx bench/sso-sync.bench.ts`.
 * Against the local stand-in over real HTTP (127.0.0.1): the full listing of 1,000 accounts × 3 roles
 * (ListAccounts pages + one ListAccountRoles per account) at concurrency 1, 4, 6 (the default) and 8, then once more at 8
 * with 5% injected 429s and real backoff pauses; and planSsoSync re-planning 3,000 existing identities.
 * Target (issue 13): a re-sync of 1,000 × 3 in ≤ 30 s, sending no more requests than pages to read.
 */

import { availableParallelism, loadavg } from 'node:os';
import { createOidcClient } from '../src/core/sso/oidc.ts';
import { DEFAULT_CONCURRENCY, createPortalClient, type Assignment } from '../src/core/sso/portal.ts';
import { planSsoSync } from '../src/core/sso/sync.ts';
import type { HttpFetch } from '../src/core/http/exchange.ts';
import { startSsoStandin } from '../test/support/sso-standin.ts';
import { startStandin } from '../test/support/sts-standin.ts';

const REGION = 'us-east-1';
const TARGET_MS = 30_000;
const ACCOUNTS = 1000;
const ROLES = 3;
const fetchFn: HttpFetch = (u, i) => fetch(u, i);

const sts = await startStandin();
const sso = await startSsoStandin({ sts });
try {
  sso.setAssignments(ACCOUNTS, ROLES);
  const oidc = createOidcClient({ fetch: fetchFn, endpoint: sso.oidcEndpoint, sleep: async () => undefined });
  const reg = await oidc.registerClient(REGION, { clientName: 'Sigvault bench' });
  const auth = await oidc.startDeviceAuthorization(REGION, reg, sso.startUrl);
  sso.approve(auth.userCode);
  const { accessToken } = await oidc.pollDeviceToken(REGION, reg, auth);

  const pages = Math.ceil(ACCOUNTS / 100) + ACCOUNTS; // accounts pages + one roles page per account
  console.log(`Sigvault Identity Center sync bench: Node ${process.version}, ${availableParallelism()} CPU(s); stand-in over HTTP on 127.0.0.1; ${ACCOUNTS} accounts × ${ROLES} roles = ${pages} pages to read`);

  type Row = { label: string; ms: number; requests: number; throttled: number; listing: Assignment[] };
  const rows: Row[] = [];
  async function measure(label: string, concurrency: number, throttle = 0): Promise<Row> {
    sso.resetLog();
    sso.throttleRate(throttle);
    const portal = createPortalClient({ fetch: fetchFn, endpoint: sso.portalEndpoint });
    const t0 = performance.now();
    const listing = await portal.listAssignments(accessToken, REGION, { concurrency });
    const ms = performance.now() - t0;
    sso.throttleRate(0);
    const row = { label, ms, requests: sso.count(), throttled: sso.count(undefined, 429), listing };
    if (listing.length !== ACCOUNTS || listing.some((a) => a.roles.length !== ROLES)) throw new Error('incomplete listing');
    rows.push(row);
    return row;
  }
  await measure('warm-up', 8); // JIT and sockets
  rows.length = 0;
  const c1 = await measure('concurrency 1', 1);
  await measure('concurrency 4', 4);
  await measure(`concurrency ${DEFAULT_CONCURRENCY} (default)`, DEFAULT_CONCURRENCY);
  await measure('concurrency 8', 8);
  await measure('concurrency 8, 5% 429s', 8, 0.05);

  const existing = c1.listing.flatMap((a) => a.roles.map((r) => ({ id: `${a.accountId}/${r}`, accountId: a.accountId, roleName: r, accountName: a.accountName })));
  const planRuns: number[] = [];
  let plan = planSsoSync(existing, c1.listing);
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    plan = planSsoSync(existing, c1.listing);
    planRuns.push(performance.now() - t0);
  }
  planRuns.sort((a, b) => a - b);
  const planMs = planRuns[2]!;
  if (plan.unchanged !== ACCOUNTS * ROLES) throw new Error('plan should be empty');

  const pad = (s: string, n: number) => s.padEnd(n);
  console.log(`\n${pad('listing (listAssignments)', 28)}${pad('ms', 10)}${pad('requests', 10)}${pad('of which 429', 14)}${pad('vs pages', 10)}speed-up vs c=1`);
  for (const r of rows) {
    console.log(`${pad(r.label, 28)}${pad(r.ms.toFixed(0), 10)}${pad(String(r.requests), 10)}${pad(String(r.throttled), 14)}${pad(r.requests - r.throttled === pages ? '= pages' : 'MISMATCH', 10)}${(c1.ms / r.ms).toFixed(2)}×`);
  }
  console.log(`\nplanSsoSync, ${existing.length} existing identities vs the listing (median of 5): ${planMs.toFixed(1)} ms`);
  const worst = Math.max(...rows.map((r) => r.ms));
  const dflt = rows.find((r) => r.label.endsWith('(default)'))!;
  console.log(
    `re-sync (listing at the default concurrency ${DEFAULT_CONCURRENCY} + plan): ${(dflt.ms + planMs).toFixed(0)} ms; slowest measured (incl. 429s / c=1): ${(worst + planMs).toFixed(0)} ms` +
      `  target ≤ ${TARGET_MS} ms  ${worst + planMs <= TARGET_MS ? 'PASS' : 'FAIL'}`,
  );
  console.log(`load average at end: ${loadavg().map((x) => x.toFixed(2)).join(' ')} (other work on this machine inflates every figure)`);
} finally {
  await sso.stop();
  await sts.stop();
}
