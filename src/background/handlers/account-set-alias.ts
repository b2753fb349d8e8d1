import { SigvaultError } from '../../core/errors.ts';
import { broadcast, type Handler } from '../../platform/background-messaging.ts';
import { checkAlias } from '../../shared/prefs-parse.ts';
import { updatePrefs } from '../vault/prefs.ts';
import { requireString } from '../validate.ts';

/** `account.setAlias { account, alias }` → `{ prefs }`: the name shown (and searched) for an account. */
export const accountSetAlias: Handler<'account.setAlias'> = async (p) => {
  const account = requireString(p, 'account', { max: 12 });
  if (!/^\d{12}$/.test(account)) throw new SigvaultError('INVALID_INPUT', 'account must be a 12-digit AWS account id', { field: 'account' });
  const raw = (p as { alias?: unknown }).alias;
  if (typeof raw !== 'string') throw new SigvaultError('INVALID_INPUT', 'alias must be text (empty to remove it)', { field: 'alias' });
  const alias = raw.trim() === '' ? '' : checkAlias(raw);
  if (alias === undefined) throw new SigvaultError('INVALID_INPUT', 'alias must be 1–64 characters, without control or invisible formatting characters (such as bidirectional overrides)', { field: 'alias' });
  const prefs = await updatePrefs((x) => {
    const aliases = { ...x.aliases };
    if (alias === '') delete aliases[account];
    else aliases[account] = alias;
    return { ...x, aliases };
  });
  broadcast('vault.changed', {});
  return { prefs };
};
