import type { IdentityView } from '../../shared/protocol.ts';
import { t } from '../../ui/i18n.ts';
import { chipColor, roleNameOf } from '../match.ts';
import { remaining } from '../countdown.ts';
import { KindIcon } from './KindIcon.tsx';

interface Props {
  view: IdentityView;
  selected: boolean;
  active: boolean;
  favorite: boolean;
  /** The identity's account and its alias, for assistive tech (sighted users see the section heading). */
  account: string | undefined;
  alias: string | undefined;
  /** 1-based place among all identities shown, and how many there are (the list renders only some). */
  position: number;
  setSize: number | undefined;
  /** A federated identity's source, named (for assistive tech: sighted users see the source's heading). */
  source?: string | undefined;
  /** When its credentials (SAML) or token (web identity) end (ms): shown as the time left. */
  endsAt?: number | undefined;
  onSelect(id: string): void;
  onOpen(id: string, newTab: boolean): void;
}

/** One option of the identity listbox: color chip, kind icon, label, role name, favorite and active marks. */
export function IdentityItem({ view, selected, active, favorite, account, alias, position, setSize, source, endsAt, onSelect, onOpen }: Props) {
  const sub = view.kind === 'user' ? view.accessKeyIdMasked : view.kind === 'console-role' ? `${roleNameOf(view) ?? ''}@${view.account}` : view.kind === 'unknown' ? view.storedKind : roleNameOf(view);
  return (
    <li
      id={`opt-${view.id}`}
      role="option"
      aria-selected={selected}
      aria-posinset={position}
      aria-setsize={setSize ?? -1}
      class={`identity${selected ? ' selected' : ''}${active ? ' active' : ''}`}
      data-id={view.id}
      onMouseDown={(e) => { e.preventDefault(); onSelect(view.id); }}
      onDblClick={(e) => onOpen(view.id, e.shiftKey)}
    >
      <span class="chip" style={{ background: chipColor(view) }} aria-hidden="true" />
      <KindIcon view={view} />
      <span class="label">{view.label}</span>
      {sub && <span class="sub">{sub}</span>}
      {view.kind !== 'unknown' && view.region && <span class="region">{view.region}</span>}
      {account && <span class="sr-only">{alias ? t('accountLabel', `${alias} ${account}`) : t('accountLabel', account)}</span>}
      {source && <span class="sr-only">{t('sourceLabel', source)}</span>}
      {endsAt !== undefined && <Remaining view={view} endsAt={endsAt} />}
      {favorite && <span class="fav-mark" role="img" aria-label={t('favoriteMark')}>★</span>}
      {active && <span class="active-mark">{t('listActive')}</span>}
    </li>
  );
}

/** The time left before a federated identity's credentials or token end ("45 min", "ended"), the exact time in its title. */
function Remaining({ view, endsAt }: { view: IdentityView; endsAt: number }) {
  const left = remaining(endsAt, Date.now());
  const when = new Date(endsAt).toLocaleString();
  return (
    <span class={`remaining${left === 'ended' ? ' ended' : ''}`} title={t(view.kind === 'web-identity' ? 'remainingTokenTitle' : 'remainingTitle', when)}>
      {left === 'ended' ? t('remainingEnded') : t(left[1] === 'minutes' ? 'remainingMinutes' : left[1] === 'hours' ? 'remainingHours' : 'remainingDays', String(left[0]))}
    </span>
  );
}
