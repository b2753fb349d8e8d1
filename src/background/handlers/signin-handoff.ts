import type { Handler } from '../../platform/background-messaging.ts';
import { requireString } from '../validate.ts';
import { takeHandoff } from '../console/signin-handoff.ts';
import { armTab } from '../console/sessions.ts';

/**
 * `signin.handoff { id }` → `{ action, fields }`: the console login form (with the sign-in token) that
 * `console.open` left for its sign-in page. Once, and only to that page in that tab.
 */
export const signinHandoff: Handler<'signin.handoff'> = async (p, ctx) => {
  const id = requireString(p, 'id', { max: 64 });
  const form = await takeHandoff(id, ctx.sender);
  // from now on a console page in this tab is the new session's landing (console sessions)
  await armTab(ctx.sender.tab!.id!).catch(() => undefined);
  return { action: form.action, fields: { ...form.fields } };
};
