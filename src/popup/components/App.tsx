import { useMemo } from 'preact/hooks';
import { t } from '../../ui/i18n.ts';
import { usePopupState, type PopupState } from '../state.ts';
import { DetailsExtrasContext, type DetailsExtras } from '../details-extras.ts';
import { IdentityList } from './IdentityList.tsx';
// not lazy: while a prompt is pending the rest of the popup is inert, so the prompt must be there at once
import { MfaPrompt } from './MfaPrompt.tsx';
import { lazy } from '../../ui/lazy.ts';
import { StatusFooter } from './StatusFooter.tsx';
import { Unlock } from './Unlock.tsx';
import { ExpiringBanner, SessionWarning } from './ConsoleSessions.tsx';
import { MULTI_SESSION_OPT_IN_URL } from '../../core/console/sessions.ts';
// the request console's opener loads on click: nothing of it in the popup's first paint
const openRequestsPage = () => import('../open-requests.ts').then((m) => m.openRequestsPage());

interface Props {
  store: PopupState;
}

// Screens other than the list (and the unlock form) load on first use: the popup's first paint waits only
// for the list's code. The toolbar's screens are preloaded when the pointer or the focus reaches it.
const CreateVault = lazy(() => import('./CreateVault.tsx').then((m) => m.CreateVault));
const AddUserForm = lazy(() => import('./AddUserForm.tsx').then((m) => m.AddUserForm));
const AddRoleForm = lazy(() => import('./AddRoleForm.tsx').then((m) => m.AddRoleForm));
const AddConsoleRoleForm = lazy(() => import('./AddConsoleRoleForm.tsx').then((m) => m.AddConsoleRoleForm));
const EditIdentity = lazy(() => import('./EditIdentity.tsx').then((m) => m.EditIdentity));
const ImportConfig = lazy(() => import('./ImportConfig.tsx').then((m) => m.ImportConfig));
const ExportConfig = lazy(() => import('./ExportConfig.tsx').then((m) => m.ExportConfig));
// captured SAML sign-ins: asked for once the list is up (off the first paint)
const SamlOffers = lazy(() => import('./SamlOffers.tsx').then((m) => m.SamlOffers));
const ConsoleSessions = lazy(() => import('./ConsoleSessionsScreen.tsx').then((m) => m.ConsoleSessions));

/** Loads the other screens' code ahead of a click: when the pointer or the focus reaches the toolbar. */
function preloadScreens(): void {
  for (const c of [AddUserForm, AddRoleForm, AddConsoleRoleForm, EditIdentity, ImportConfig, ExportConfig, ConsoleSessions]) void c.preload();
}

/** The popup: one screen at a time for the vault's state, the MFA prompt on top when asked. The caller starts the store. */
export function App({ store }: Props) {
  const s = usePopupState(store);
  const unlocked = s.status?.state === 'unlocked';
  const prompt = s.mfa[0];
  const extras = useMemo<DetailsExtras>(() => ({
    onEdit: store.edit, consoleContext: s.consoleContext, useConsoleContext: s.useConsoleContext, setUseConsoleContext: store.setUseConsoleContext, call: store.api.call,
  }), [store, s.consoleContext, s.useConsoleContext]);

  return (
    <div class="app" data-screen={s.screen}>
      <header inert={prompt ? true : undefined}>
        <h1>{t('popupTitle')}</h1>
        {unlocked && (
          <nav aria-label={t('toolbarLabel')} onPointerEnter={preloadScreens} onFocusIn={preloadScreens}>
            {s.screen === 'list' ? (
              <>
                <button type="button" id="add-user-button" onClick={() => store.show('addUser')}>{t('addUserNav')}</button>
                <button type="button" id="add-role-button" onClick={() => store.show('addRole')}
                  disabled={s.identities.length === 0} title={s.identities.length === 0 ? t('addRoleNeedsSource') : undefined}>{t('addRoleNav')}</button>
                <button type="button" id="add-console-role-button" title={t('addConsoleRoleNavTitle')} onClick={() => store.show('addConsoleRole')}>{t('addConsoleRoleNav')}</button>
                <button type="button" id="import-button" title={t('importNavTitle')} onClick={() => store.show('import')}>{t('importNav')}</button>
                <button type="button" id="sessions-button" title={t('sessionsNavTitle')} onClick={() => store.show('sessions')}>
                  {t('sessionsNav')}{s.sessions && s.sessions.sessions.length > 0 ? ` ${s.sessions.sessions.length}` : ''}
                </button>
                <button type="button" id="requests-button" title={t('rqRequestsNavTitle')} onClick={() => void openRequestsPage()}>{t('rqRequestsNav')}</button>
              </>
            ) : (
              <button type="button" id="back-button" onClick={() => store.show('list')}>{t('back')}</button>
            )}
            <button type="button" id="lock-button" onClick={() => void store.lock()}>{t('lock')}</button>
          </nav>
        )}
      </header>
      <main inert={prompt ? true : undefined}>
        {unlocked && s.overrides.length > 0 && s.screen !== 'loading' && (
          <ul id="endpoint-override" class="override" aria-label={t('popupEndpointOverrideLabel')}>
            {s.overrides.map((o) => (
              <li key={o.url}>{t('popupEndpointOverride', t(`popupEndpointKind_${o.kinds.join('_')}`), o.partitions.join(', '), o.url)}</li>
            ))}
          </ul>
        )}
        <div class="notice-line">
          <p id="app-notice" class="notice" role="status">
            {s.screen === 'list' && s.importResult
              ? t('importDone', String(s.importResult.created), String(s.importResult.updated), String(s.importResult.skipped)) : ''}
          </p>
          {s.screen === 'list' && s.importResult && (
            <button type="button" class="icon" id="app-notice-dismiss" title={t('noticeDismiss')} aria-label={t('noticeDismiss')} onClick={() => store.show('list')}>×</button>
          )}
        </div>
        {s.screen === 'loading' && <p class="hint">{t('statusConnecting')}</p>}
        {s.screen === 'create' && <CreateVault onCreate={store.createVault} />}
        {s.screen === 'locked' && <Unlock status={s.status} lockReason={s.lockReason} onUnlock={store.unlock} />}
        {s.screen === 'list' && s.openWarning && (
          <SessionWarning key={s.openWarning.id} warnings={s.openWarning.warnings} labelOf={(id) => s.identities.find((v) => v.id === id)?.label ?? id}
            onConfirm={store.confirmOpen} onCancel={store.cancelOpen} />
        )}
        {s.screen === 'list' && <ExpiringBanner sessions={s.sessions} onReopen={store.reopen} />}
        {s.screen === 'list' && s.listLoaded && <SamlOffers api={store.api} />}
        {s.screen === 'sessions' && (
          <ConsoleSessions sessions={s.sessions} optInUrl={MULTI_SESSION_OPT_IN_URL} onLoad={store.loadSessions} onSignOut={store.signOut} onReopen={store.reopen} />
        )}
        {s.screen === 'list' && s.listLoaded && (
          <DetailsExtrasContext.Provider value={extras}>
          <IdentityList identities={s.identities} complete={s.complete} prefs={s.prefs} activeId={s.activeId} corruptCount={s.corruptCount}
            sources={s.sources} sessionEnds={s.sessionEnds}
            initialSelectedId={s.selectId}
            onOpen={store.openConsole} onTest={store.test} onRemove={store.remove}
            onActivate={store.activate} onResolve={store.resolve} onCopy={store.copyCredentials}
            onFavorite={store.setFavorite} onAlias={store.setAlias} onShow={store.show} />
          </DetailsExtrasContext.Provider>
        )}
        {s.screen === 'addUser' && <AddUserForm onAdd={store.addUser} onDone={() => store.show('list')} />}
        {s.screen === 'addRole' && <AddRoleForm identities={s.identities} onAdd={store.addRole} onDone={() => store.show('list')} />}
        {s.screen === 'addConsoleRole' && <AddConsoleRoleForm onAdd={store.addConsoleRole} onDone={() => store.show('list')} />}
        {s.screen === 'edit' && s.editId && (
          <EditIdentity key={s.editId} id={s.editId} identities={s.identities} onLoad={store.getIdentity} onContainers={store.containersSupported} onUpdate={store.update} onDone={() => store.show('list')} />
        )}
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
