import type { IdentityView } from '../../shared/protocol.ts';
import { t } from '../i18n.ts';
import { chipColor, roleNameOf } from '../match.ts';
import { KindIcon } from './KindIcon.tsx';

interface Props {
  view: IdentityView;
  selected: boolean;
  active: boolean;
  onSelect(id: string): void;
  onOpen(id: string, newTab: boolean): void;
}

/** One option of the identity listbox: color chip, kind icon, label, role name, active mark. */
export function IdentityItem({ view, selected, active, onSelect, onOpen }: Props) {
  const sub = view.kind === 'role' ? roleNameOf(view) : view.kind === 'user' ? view.accessKeyIdMasked : view.storedKind;
  return (
    <li
      id={`opt-${view.id}`}
      role="option"
      aria-selected={selected}
      class={`identity${selected ? ' selected' : ''}${active ? ' active' : ''}`}
      data-id={view.id}
      onMouseDown={(e) => { e.preventDefault(); onSelect(view.id); }}
      onDblClick={(e) => onOpen(view.id, e.shiftKey)}
    >
      <span class="chip" style={{ background: chipColor(view) }} aria-hidden="true" />
      <KindIcon view={view} />
      <span class="label">{view.label}</span>
      {sub && <span class="sub">{sub}</span>}
      {active && <span class="active-mark">{t('listActive')}</span>}
    </li>
  );
}
