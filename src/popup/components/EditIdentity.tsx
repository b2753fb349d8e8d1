import { useEffect, useState } from 'preact/hooks';
import type { IdentityEditModel, IdentityView } from '../../shared/protocol.ts';
import { t } from '../../ui/i18n.ts';
import { errorText } from '../errors.ts';
import { AddRoleForm } from './AddRoleForm.tsx';
import { AddUserForm } from './AddUserForm.tsx';
import { AddConsoleRoleForm } from './AddConsoleRoleForm.tsx';
import { EditFederated } from './EditFederated.tsx';

interface Props {
  id: string;
  identities: IdentityView[];
  /** `identity.get`: the current non-secret settings to prefill. */
  onLoad(id: string): Promise<IdentityEditModel>;
  /** Whether the browser has containers (the form then shows the identity's container choice). */
  onContainers?(): Promise<boolean>;
  /** `identity.update`; on success the store goes back to the list with the identity selected. */
  onUpdate(id: string, patch: Record<string, unknown>): Promise<unknown>;
  /** Back to the list (Cancel, or after saving). */
  onDone(): void;
}

/** The edit screen: loads the identity's edit model, then the add form of its kind in edit mode. */
export function EditIdentity({ id, identities, onLoad, onContainers, onUpdate, onDone }: Props) {
  const [model, setModel] = useState<IdentityEditModel | null>(null);
  const [containers, setContainers] = useState<boolean | null>(onContainers ? null : false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    onLoad(id).then((m) => { if (live) setModel(m); }, (e: unknown) => { if (live) setError(errorText(e)); });
    onContainers?.().then((c) => { if (live) setContainers(c); }, () => { if (live) setContainers(false); });
    return () => { live = false; };
  }, [id]);

  if (error) {
    return (
      <div class="screen" id="edit-error">
        <p class="error" role="alert">{error}</p>
        <div class="actions"><button type="button" onClick={onDone}>{t('back')}</button></div>
      </div>
    );
  }
  if (!model || containers === null) return <p class="hint" id="edit-loading" aria-live="polite">{t('editLoading')}</p>;
  if (model.kind === 'console-role') return <AddConsoleRoleForm initial={model} onUpdate={(patch) => onUpdate(id, patch)} onDone={onDone} />;
  if (model.kind === 'user') return <AddUserForm initial={model} containers={containers} onUpdate={(patch) => onUpdate(id, patch)} onDone={onDone} />;
  if (model.kind === 'role') return <AddRoleForm initial={model} containers={containers} identities={identities} onUpdate={(patch) => onUpdate(id, patch)} onDone={onDone} />;
  return <EditFederated model={model} onUpdate={(patch) => onUpdate(id, patch)} onDone={onDone} />;
}
