import { useEffect } from 'preact/hooks';
import { t } from '../i18n.ts';
import { usePopupState, type PopupState } from '../state.ts';
import { AddRoleForm } from './AddRoleForm.tsx';
import { AddUserForm } from './AddUserForm.tsx';
import { CreateVault } from './CreateVault.tsx';
import { ExportConfig } from './ExportConfig.tsx';
import { ImportConfig } from './ImportConfig.tsx';
import { IdentityList } from './IdentityList.tsx';
import { MfaPrompt } from './MfaPrompt.tsx';
import { StatusFooter } from './StatusFooter.tsx';
import { Unlock } from './Unlock.tsx';

interface Props {
  store: PopupState;
}

/** The popup: one screen at a time for the vault's state, the MFA prompt on top when asked. */
export function App({ store }: Props) {
  const s = usePopupState(store);
  useEffect(() => store.start(), [store]);
  const unlocked = s.status?.state === 'unlocked';
  const prompt = s.mfa[0];

  return (
    <div class="app" data-screen={s.screen}>
      <header inert={prompt ? true : undefined}>
        <h1>{t('popupTitle')}</h1>
        {unlocked && (
          <nav aria-label={t('toolbarLabel')}>
            {s.screen === 'list' ? (
              <>
                <button type="button" id="add-user-button" onClick={() => store.show('addUser')}>{t('addUserNav')}</button>
                <button type="button" id="add-role-button" onClick={() => store.show('addRole')}
                  disabled={s.identities.length === 0}>{t('addRoleNav')}</button>
                <button type="button" id="import-button" title={t('importNavTitle')} onClick={() => store.show('import')}>{t('importNav')}</button>
              </>
            ) : (
              <button type="button" id="back-button" onClick={() => store.show('list')}>{t('back')}</button>
            )}
            <button type="button" id="lock-button" onClick={() => void store.lock()}>{t('lock')}</button>
          </nav>
        )}
      </header>
      <main inert={prompt ? true : undefined}>
        <p id="app-notice" class="notice" role="status">
          {s.screen === 'list' && s.importResult
            ? t('importDone', String(s.importResult.created), String(s.importResult.updated), String(s.importResult.skipped)) : ''}
        </p>
        {s.screen === 'loading' && <p class="hint">{t('statusConnecting')}</p>}
        {s.screen === 'create' && <CreateVault onCreate={store.createVault} />}
        {s.screen === 'locked' && <Unlock status={s.status} lockReason={s.lockReason} onUnlock={store.unlock} />}
        {s.screen === 'list' && (
          <IdentityList identities={s.identities} activeId={s.activeId} corruptCount={s.corruptCount}
            onOpen={store.openConsole} onTest={store.test} onRemove={store.remove}
            onActivate={store.activate} onResolve={store.resolve} onCopy={store.copyCredentials} />
        )}
        {s.screen === 'addUser' && <AddUserForm onAdd={store.addUser} onDone={() => store.show('list')} />}
        {s.screen === 'addRole' && <AddRoleForm identities={s.identities} onAdd={store.addRole} onDone={() => store.show('list')} />}
        {s.screen === 'import' && (
          <ImportConfig identities={s.identities} onPreview={store.previewConfig} onImport={store.importConfig}
            onExport={() => store.show('export')} onCancel={() => store.show('list')} />
        )}
        {s.screen === 'export' && <ExportConfig onExport={store.exportConfig} onImport={() => store.show('import')} onDone={() => store.show('list')} />}
      </main>
      {prompt && <MfaPrompt prompt={prompt} onProvide={store.provideMfa} onDismiss={store.dismissMfa} />}
      <StatusFooter ping={s.ping} />
    </div>
  );
}
