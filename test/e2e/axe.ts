/**
 * axe-core inside the real browser page (not a DOM emulation): returns the serious and critical
 * accessibility violations of what the page shows now, as `impact rule: target` lines.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ExtPage } from './harness.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export async function seriousA11yViolations(page: ExtPage): Promise<string[]> {
  await (page.evaluate as unknown as (fn: string, arg: undefined) => Promise<unknown>)(`(() => { if (!globalThis.axe) { ${axeSource} } return true; })()`, undefined);
  return page.evaluate(async () => {
    const res = await (globalThis as any).axe.run(document, { resultTypes: ['violations'] });
    return res.violations
      .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v: any) => v.nodes.map((n: any) => `${v.impact} ${v.id}: ${n.target.join(' ')}`));
  }, undefined);
}
