/**
 * Whether the console page of the tab the popup was opened over can be the destination of an
 * identity's console sign-in: only in the identity's own partition (a GovCloud page is no destination
 * for a commercial-partition role). Pure, for Node tests.
 * @module
 */
import type { IdentityView, TabConsoleContext } from '../shared/protocol.ts';

type Partition = TabConsoleContext['partition'];

/** An identity's partition: from its ARN (role ARN, or the user's ARN from STS), else `aws`. */
export function partitionOfView(view: IdentityView): Partition {
  const arn = view.kind === 'role' || view.kind === 'saml' || view.kind === 'web-identity' ? view.roleArn : view.kind === 'user' ? view.arn : undefined;
  const m = arn === undefined ? null : /^arn:(aws|aws-cn|aws-us-gov):/.exec(arn);
  if (m) return m[1] as Partition;
  return (view.kind === 'user' ? view.partition : undefined) ?? 'aws';
}

/** The `destination`/`region` to add to `console.open` for `view`, or undefined when the tab's page does not fit. */
export function consoleTargetFor(view: IdentityView | undefined, ctx: TabConsoleContext | null): { destination: string; region?: string } | undefined {
  // a console role never signs in (console.switchRole switches the tab in place)
  if (!view || view.kind === 'unknown' || view.kind === 'console-role' || !ctx || partitionOfView(view) !== ctx.partition) return undefined;
  return { destination: ctx.destination, ...(ctx.region !== undefined ? { region: ctx.region } : {}) };
}
