import type { Handler } from '../../platform/messaging.ts';
import { requireString } from '../validate.ts';
import { takeHandoff } from '../console/signin-handoff.ts';

/**
 * `signin.handoff { id }` → `{ action, fields }`: the console login form (with the sign-in token) that
 * `console.open` left for its sign-in page. Once, and only to that page in that tab.
 */
export const signinHandoff: Handler<'signin.handoff'> = async (p, ctx) => {
  const id = requireString(p, 'id', { max: 64 });
  const form = await takeHandoff(id, ctx.sender);
  return { action: form.action, fields: { ...form.fields } };
};
