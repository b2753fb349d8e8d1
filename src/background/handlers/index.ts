/**
 * The flat map of request handlers, one file each. The type makes a missing or misspelt handler a
 * compile error.
 * @module
 */
import type { Handlers } from '../../platform/background-messaging.ts';
import { appPing } from './app-ping.ts';
import { clipboardClearLater } from './clipboard-clear-later.ts';
import { configExport } from './config-export.ts';
import { configImport } from './config-import.ts';
import { configPreview } from './config-preview.ts';
import { consoleOpen } from './console-open.ts';
import { consoleSwitchRole } from './console-switch-role.ts';
import { consoleContainers } from './console-containers.ts';
import { consoleCleanupContainers } from './console-cleanup-containers.ts';
import { consoleReopen } from './console-reopen.ts';
import { consoleSessions } from './console-sessions.ts';
import { consoleSignOut } from './console-sign-out.ts';
import { accountSetAlias } from './account-set-alias.ts';
import { identityActivate } from './identity-activate.ts';
import { identityFavorite } from './identity-favorite.ts';
import { identityAddRole } from './identity-add-role.ts';
import { identityAddConsoleRole } from './identity-add-console-role.ts';
import { identityGet } from './identity-get.ts';
import { identityTest } from './identity-test.ts';
import { identityUpdate } from './identity-update.ts';
import { mfaProvide } from './mfa-provide.ts';
import { sessionExport } from './session-export.ts';
import { requestClearHistory } from './request-clear-history.ts';
import { requestHistory } from './request-history.ts';
import { requestPresign } from './request-presign.ts';
import { requestSend } from './request-send.ts';
import { agentAnswer } from './agent-answer.ts';
import { agentAudit } from './agent-audit.ts';
import { agentPending } from './agent-pending.ts';
import { agentGrant } from './agent-grant.ts';
import { agentGrants } from './agent-grants.ts';
import { agentRevoke } from './agent-revoke.ts';
import { sessionResolve } from './session-resolve.ts';
import { ssoAddSource } from './sso-add-source.ts';
import { identityAddWebIdentity } from './identity-add-web-identity.ts';
import { samlDismiss } from './saml-dismiss.ts';
import { samlPending } from './saml-pending.ts';
import { samlSave } from './saml-save.ts';
import { ssoRemoveSource } from './sso-remove-source.ts';
import { ssoSignIn } from './sso-sign-in.ts';
import { ssoSources } from './sso-sources.ts';
import { ssoSync } from './sso-sync.ts';
import { identityAddUser } from './identity-add-user.ts';
import { identityList } from './identity-list.ts';
import { identityRemove } from './identity-remove.ts';
import { settingsGet } from './settings-get.ts';
import { settingsSet } from './settings-set.ts';
import { signinHandoff } from './signin-handoff.ts';
import { tabConsoleContext } from './tab-console-context.ts';
import { vaultChangePassphrase } from './vault-change-passphrase.ts';
import { vaultCreate } from './vault-create.ts';
import { vaultDestroy } from './vault-destroy.ts';
import { vaultExportBackup } from './vault-export-backup.ts';
import { vaultImportBackup } from './vault-import-backup.ts';
import { vaultLock } from './vault-lock.ts';
import { vaultRekey } from './vault-rekey.ts';
import { vaultStatus } from './vault-status.ts';
import { vaultUnlock } from './vault-unlock.ts';

export const handlers: Handlers = {
  'app.ping': appPing,
  'vault.status': vaultStatus,
  'vault.create': vaultCreate,
  'vault.unlock': vaultUnlock,
  'vault.lock': vaultLock,
  'vault.changePassphrase': vaultChangePassphrase,
  'vault.rekey': vaultRekey,
  'vault.exportBackup': vaultExportBackup,
  'vault.importBackup': vaultImportBackup,
  'vault.destroy': vaultDestroy,
  'identity.addUser': identityAddUser,
  'identity.addRole': identityAddRole,
  'identity.addConsoleRole': identityAddConsoleRole,
  'identity.update': identityUpdate,
  'identity.test': identityTest,
  'identity.activate': identityActivate,
  'identity.favorite': identityFavorite,
  'account.setAlias': accountSetAlias,
  'session.resolve': sessionResolve,
  'console.open': consoleOpen,
  'console.switchRole': consoleSwitchRole,
  'mfa.provide': mfaProvide,
  'session.export': sessionExport,
  'clipboard.clearLater': clipboardClearLater,
  'config.preview': configPreview,
  'config.import': configImport,
  'config.export': configExport,
  'identity.list': identityList,
  'identity.remove': identityRemove,
  'settings.get': settingsGet,
  'settings.set': settingsSet,
  'identity.get': identityGet,
  'tab.consoleContext': tabConsoleContext,
  'signin.handoff': signinHandoff,
  'console.containers': consoleContainers,
  'console.cleanupContainers': consoleCleanupContainers,
  'console.sessions': consoleSessions,
  'console.signOut': consoleSignOut,
  'console.reopen': consoleReopen,
  'request.send': requestSend,
  'request.presign': requestPresign,
  'request.history': requestHistory,
  'request.clearHistory': requestClearHistory,
  'agent.grant': agentGrant,
  'agent.grants': agentGrants,
  'agent.revoke': agentRevoke,
  'agent.audit': agentAudit,
  'agent.pending': agentPending,
  'agent.answer': agentAnswer,
  'sso.addSource': ssoAddSource,
  'sso.sources': ssoSources,
  'sso.removeSource': ssoRemoveSource,
  'sso.signIn': ssoSignIn,
  'sso.sync': ssoSync,
  'identity.addWebIdentity': identityAddWebIdentity,
  'saml.pending': samlPending,
  'saml.save': samlSave,
  'saml.dismiss': samlDismiss,
};
