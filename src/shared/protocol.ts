/**
 * The one message protocol between extension pages (popup, options) and the background.
 *
 * A request is `{ type, ...payload }`; the background answers `{ ok: true, result }` or
 * `{ ok: false, error: { code, message, ...details } }`. `Requests` maps each type to its payload and
 * result, so `call('app.ping', {})` is typed on both sides. Events flow the other way
 * (background → open pages) as `{ event, ...payload }` and are never answered.
 * Every message is documented in docs/protocol.md; a test checks the two agree.
 * @module
 */
import type { ErrorCode, ErrorDetails } from '../core/errors.ts';
import type { EndpointOverride, LocalSettings, SettingsView, VaultSettings, VaultSettingsPatch } from '../core/settings.ts';
import type { Partition } from '../core/vault/identity.ts';
import type { IdentityView } from '../core/vault/identity.ts';
import type { ImportPreview } from '../core/vault/import-plan.ts';
import type { BackupFile } from '../core/vault/backup.ts';
import type { ConfigImportPlanView } from '../core/config-import/aws-cli.ts';
import type { IdentityEditModel } from '../core/vault/edit-model.ts';
import type { ConsoleUrlContext } from '../core/sts/console-url.ts';
import type { ListPrefs } from './list-order.ts';
import type { HistoryEntry } from '../core/request/history.ts';
import type { SigningView } from '../core/request/signing-view.ts';
import type { SigningAlgorithm } from '../core/request/target.ts';
import type { EndpointOverrideView } from './endpoint-overrides.ts';
import type { Grant } from '../core/agent/grants.ts';
import type { AuditEntry } from '../core/agent/audit.ts';
import type { ApprovalAnswer, ApprovalView } from '../core/agent/approval.ts';

export type { HistoryEntry, SigningView, Grant, AuditEntry, ApprovalAnswer, ApprovalView };
export type { IdentityView, ImportPreview, BackupFile, LocalSettings, SettingsView, VaultSettings, EndpointOverride, Partition, ConfigImportPlanView, IdentityEditModel, ConsoleUrlContext, ListPrefs };
/**
 * `tab.consoleContext`: the parsed console page, with the service as people know it (`EC2`), and whether
 * `console.open { newTab: false }` signs that tab in (`replaces`: the toolbar popup over it; a popup page
 * in a tab of its own opens new tabs).
 */
export type TabConsoleContext = ConsoleUrlContext & { serviceName?: string; replaces: boolean };

/** KDF parameters as shown to pages (no salt). */
export type KdfSummary =
  | { name: 'argon2id'; memoryKiB: number; iterations: number; parallelism: number }
  | { name: 'scrypt'; logN: number; r: number; p: number };

export interface VaultStatus {
  state: 'absent' | 'locked' | 'unlocked';
  /** Present when a vault exists. */
  kdf?: KdfSummary;
  /** When unlocked: when auto-lock will happen (ms since the epoch) unless the user acts. */
  lockAt?: number;
  /** When locked after failed attempts: the earliest next attempt (ms since the epoch). */
  retryAt?: number;
  /** Failed unlock attempts since the last success. */
  failedAttempts?: number;
}

/** A federated source as the popup's list heads it (list-order.ts `sourceOf` names the key). */
export interface ListSourceView {
  /** `sso:<source id>`, `saml:<provider ARN>` or `web:<issuer>`. */
  key: string;
  name: string;
  /** Identity Center only: whether an access token can be had without a new sign-in. */
  signedIn?: boolean;
  /** Identity Center only, when its sign-in cannot renew itself (no refresh token): when the access token ends (ms). */
  expiresAt?: number;
}

export interface CorruptRecordView {
  recordId: string;
  message: string;
}

export type BrowserName = 'chrome' | 'firefox';

export interface Requests {
  /** Liveness and build info. */
  'app.ping': { req: Record<string, never>; res: { version: string; browser: BrowserName; workerStarts: number } };

  'vault.status': { req: Record<string, never>; res: VaultStatus };
  'vault.create': { req: { passphrase: string }; res: VaultStatus };
  'vault.unlock': { req: { passphrase: string }; res: VaultStatus };
  'vault.lock': { req: Record<string, never>; res: VaultStatus };
  'vault.changePassphrase': { req: { passphrase: string; newPassphrase: string }; res: VaultStatus };
  /** New data key, every record re-sealed; `kdf` omitted = calibrated on this device. */
  'vault.rekey': { req: { passphrase: string; kdf?: { name: 'argon2id'; memoryKiB: number; iterations: number; parallelism?: 1 } }; res: VaultStatus };
  'vault.exportBackup': { req: Record<string, never>; res: BackupFile };
  'vault.importBackup': {
    req: { backup: unknown; passphrase: string; mode: 'merge' | 'replace'; dryRun?: boolean };
    res: { applied: boolean; preview: ImportPreview; corrupt: CorruptRecordView[] };
  };
  'vault.destroy': { req: { confirm: 'DESTROY' }; res: VaultStatus };

  'identity.addUser': {
    req: {
      label: string; accessKeyId: string; secretAccessKey: string; mfaSerial?: string; region?: string; color?: string;
      /** Root-user keys are stored only with this set (after the user read AWS's advice). */
      confirmRoot?: boolean;
      /** false: store without calling GetCallerIdentity (account and ARN stay unknown until identity.test). */
      check?: boolean;
    };
    res: { id: string; account?: string; arn?: string; isRoot?: boolean };
  };
  'identity.addRole': {
    req: {
      label: string; roleArn: string; sourceId: string; externalId?: string; mfaSerial?: string;
      sessionName?: string; durationSeconds?: number; region?: string; color?: string; sourceIdentity?: string;
    };
    res: { id: string };
  };
  /**
   * A console role: switched to inside a signed-in console (the console's own Switch Role), no keys, no
   * source. `account`: 12-digit id or account alias; `roleName`: with its path (`path/name`), ≤ 64 in all.
   */
  'identity.addConsoleRole': {
    req: { label: string; account: string; roleName: string; displayName?: string; color?: string; region?: string; sourceAccount?: string };
    res: { id: string };
  };
  /** Changes fields of an identity; `null` clears an optional field. Keys of a user change together. */
  'identity.update': { req: { id: string } & Record<string, unknown>; res: IdentityView };
  'identity.test': { req: { id: string; mfaCode?: string }; res: { account: string; arn: string; userId: string; isRoot: boolean } };
  'identity.activate': { req: { id: string | null }; res: { activeId: string | null } };
  'session.resolve': {
    /** `interactive: false`: never prompt for an MFA code (answers MFA_REQUIRED instead), e.g. when the popup opens. */
    req: { id: string; mfaCode?: string; forceRefresh?: boolean; interactive?: boolean };
    res: { expiresAt: number; arn?: string; fromCache: boolean; notice?: string };
  };
  'console.open': {
    req: { id: string; mfaCode?: string; destination?: string; region?: string; newTab?: boolean };
    res: { tabId: number; destination: string; notices: string[] };
  };
  /**
   * Switches a signed-in AWS console tab (`tabId`, else the tab the popup was opened over) to a console
   * role through the console's own Switch Role: the classic form post in a single-session console, the
   * multi-session endpoint in a multi-session one. `destination`: where the tab goes (multi-session) or is
   * sent back to (classic `redirect_uri`).
   */
  'console.switchRole': {
    req: { id: string; tabId?: number };
    res: { tabId: number; mode: 'classic' | 'multi-session'; destination: string };
  };
  'mfa.provide': { req: { requestId: string; code: string }; res: { accepted: boolean; retry?: Events['mfa.required'] } };

  /**
   * Credentials as CLI text: only when the user asked to copy them. Temporary ones by default (with
   * `expiresAt`); an IAM user's long-term keys with `longTerm: true` and the vault passphrase (no `expiresAt`).
   */
  'session.export': {
    req: {
      id: string; format: 'env' | 'powershell' | 'fish' | 'credential_process' | 'credentials'; mfaCode?: string; forceRefresh?: boolean;
      longTerm?: boolean; passphrase?: string;
    };
    res: { text: string; expiresAt?: number };
  };
  'clipboard.clearLater': { req: { afterMs?: number }; res: { clearAt: number } };

  'config.preview': {
    /** `baseSources` (AESR): base profile name → the label of the vault identity its targets are assumed from (`''`: none). */
    req: { config?: string; credentials?: string; format: 'aws-cli' | 'aesr'; defaultSource?: string; baseSources?: Record<string, string> };
    res: { token: string; plan: ConfigImportPlanView };
  };
  /** `skip`: labels of the preview's updates to leave out. */
  'config.import': { req: { token: string; skip?: string[] }; res: { created: number; updated: number; skipped: number } };
  'config.export': { req: Record<string, never>; res: { text: string } };
  /** `activeId`: the identity last made active (`identity.activate`), if it still exists. */
  /**
   * `display: true`: in the popup's order (`shared/list-order.ts`: favorites, recent, then by account),
   * else by label. `limit` (display order only): just the first rows, so the popup paints before the
   * whole list has crossed; `total` says how many there are.
   */
  'identity.list': {
    req: { display?: boolean; limit?: number };
    res: {
      identities: IdentityView[]; total: number; corrupt: CorruptRecordView[]; activeId: string | null; prefs: ListPrefs; overrides: EndpointOverrideView[];
      /** The federated sources the list groups by (the popup's source headings), with their sign-in state. */
      sources: ListSourceView[];
      /** SAML identities' cached credentials: identity id → when they end (ms); a SAML role cannot renew them without the IdP. */
      sessionEnds: Record<string, number>;
    };
  };
  /** Pins or unpins an identity on top of the popup's list. */
  'identity.favorite': { req: { id: string; favorite: boolean }; res: { prefs: ListPrefs } };
  /** Names an account (12-digit id) in the list; an empty alias removes the name. */
  'account.setAlias': { req: { account: string; alias: string }; res: { prefs: ListPrefs } };
  'identity.remove': { req: { id: string }; res: { removed: string } };

  /** The local settings, and the sealed ones while unlocked (`vault: null` when locked). */
  'settings.get': { req: Record<string, never>; res: SettingsView };
  /**
   * Sealed settings (everything but theme and default region) need an unlocked vault. An endpoint that is
   * not AWS's own answers CONFIRM_ENDPOINT until resent with `confirmEndpoint: true`.
   */
  'settings.set': { req: Partial<LocalSettings> & VaultSettingsPatch & { confirmEndpoint?: boolean }; res: SettingsView };
  /** The sign-in page takes the console login form `console.open` left for its tab (once). */
  'signin.handoff': { req: { id: string }; res: { action: string; fields: Record<string, string> } };

  /** One identity's current non-secret settings, to prefill the edit form (no external id: only a flag). */
  'identity.get': { req: { id: string }; res: IdentityEditModel };
  /** The AWS console page the popup was opened over (activeTab), as a console.open destination. */
  'tab.consoleContext': { req: Record<string, never>; res: TabConsoleContext | null };
  /** Firefox: the containers Sigvault made for console sign-ins (`supported: false` where there are none). */
  'console.containers': { req: Record<string, never>; res: { supported: boolean; containers: ConsoleContainerView[] } };
  /** Firefox: removes Sigvault's containers only (UNSUPPORTED where there are none). */
  'console.cleanupContainers': { req: Record<string, never>; res: { removed: number } };

  /** The console sessions Sigvault opened that are still open (or expired with tabs left), and the default cookie store's multi-session mode. */
  'console.sessions': { req: Record<string, never>; res: { multiSession: 'on' | 'off' | 'unknown'; limit: 5; sessions: ConsoleSessionView[]; containers: { supported: boolean; enabled: boolean } } };
  /** The console's own sign-out of the identity's session; its tabs close with `closeTabs`. */
  'console.signOut': { req: { identityId: string; closeTabs?: boolean }; res: { closedTabs: number } };
  /** Signs in again as the session's identity (fresh credentials) and returns its tabs to their pages. */
  'console.reopen': { req: { identityId: string; mfaCode?: string }; res: { tabId: number; destination: string; notices: string[] } };

  /**
   * The request console: sign a request as the identity and send it from the background. `url` may be
   * `s3://bucket/key`; service and region come from the host unless given. SigV4, or SigV4a for S3
   * Multi-Region Access Points (`*.accesspoint.s3-global.amazonaws.com`) or when `signingAlgorithm` is
   * `'sigv4a'`, over `regionSet` (regions or patterns joined with `,`; default `*`). The answer's body is
   * text (the first 1 MiB; `bodyTruncated` beyond); `signing` never holds a secret, a signing key (SigV4a:
   * the derived private key) or the token's value.
   */
  'request.send': {
    req: { id: string; method: string; url: string; headers?: Record<string, string>; body?: string; service?: string; region?: string; signingAlgorithm?: SigningAlgorithm; regionSet?: string; mfaCode?: string };
    /** `credentialsRefreshed`: AWS said the role's session token had expired; sent again once with fresh credentials. */
    res: { status: number; headers: Record<string, string>; body: string; bodyTruncated: boolean; durationMs: number; signing: SigningView; credentialsRefreshed?: true };
  };
  /** A presigned URL: S3 GET/PUT, other services' GET; `expiresIn` capped at 7 days and at the credentials' expiry. SigV4 or SigV4a as for `request.send`. */
  'request.presign': {
    req: { id: string; method: string; url: string; expiresIn: number; service?: string; region?: string; signingAlgorithm?: SigningAlgorithm; regionSet?: string; mfaCode?: string };
    res: { url: string; expiresAt: number; cappedBy: 'aws' | 'credentials' | null };
  };
  /** The request console's last 50 requests, newest first (no secrets; bodies over 64 KiB not kept). */
  'request.history': { req: Record<string, never>; res: { entries: HistoryEntry[] } };
  'request.clearHistory': { req: Record<string, never>; res: { cleared: number } };

  /**
   * The signing agent (docs/protocol.md "Signing agent"): web pages of approved origins ask for
   * signatures through the bridge content script. From extension pages only. `agent.grant` approves
   * `origin` (https, or http on loopback) for the identity: always when `until` is absent, until `until`
   * (ms) otherwise, `once` = used up by the first signature (and lapsing at `until`, default an hour). A
   * non-loopback origin needs its host permission first (PERMISSION_REQUIRED with `origin`, the pattern to
   * request). The bridge is registered for the origin's host; `agent.revoke` removes every grant of the
   * origin (refused at once) and unregisters the bridge when no grant is left on that host.
   */
  'agent.grant': { req: { origin: string; identityId: string; until?: number; once?: boolean }; res: { grant: AgentGrantView } };
  'agent.grants': { req: Record<string, never>; res: { grants: AgentGrantView[] } };
  'agent.revoke': { req: { origin: string }; res: { revoked: number } };
  /** What the agent signed (or refused) for whom, newest first, the last 500; no secrets, no bodies. */
  'agent.audit': { req: Record<string, never>; res: { entries: AuditEntry[] } };
  /** The approval prompt window: the request waiting under `id` (NOT_FOUND once answered or timed out). */
  'agent.pending': { req: { id: string }; res: { approval: ApprovalView } };
  /** The prompt's answer: `once`, `hour`, `always` (a grant is made) or `deny`. */
  'agent.answer': { req: { id: string; answer: ApprovalAnswer }; res: { answered: boolean } };

  /** IAM Identity Center: add an instance (its access portal's start URL and its region). */
  'sso.addSource': { req: { label: string; startUrl: string; region: string }; res: { id: string } };
  'sso.sources': { req: Record<string, never>; res: { sources: SsoSourceView[] } };
  /** Forget a source, its sign-in and (with `removeIdentities`) its identities; signs out of the portal. */
  'sso.removeSource': { req: { sourceId: string; removeIdentities?: boolean }; res: { removedIdentities: number } };
  /**
   * Start the device sign-in: opens AWS's verification page in a tab and answers at once; the background
   * polls for the token and sends `sso.changed` when it is signed in (or failed).
   */
  'sso.signIn': { req: { sourceId: string }; res: { userCode: string; verificationUri: string; expiresAt: number } };
  /** List every account and role of the source and update its identities (`sso.progress` events while it runs). */
  'sso.sync': { req: { sourceId: string }; res: SsoSyncResult };
  /** A role assumed with an OIDC token (AssumeRoleWithWebIdentity); the token is sealed. */
  'identity.addWebIdentity': {
    req: { label: string; roleArn: string; webIdentityToken: string; sessionName?: string; durationSeconds?: number; providerId?: string; region?: string; color?: string };
    res: IdentityView;
  };
  /** SAML sign-ins captured and not yet saved or dismissed (their roles; never the assertion). */
  'saml.pending': { req: Record<string, never>; res: { offers: SamlOfferView[] } };
  /** Save roles of a captured sign-in as identities and get their credentials (AssumeRoleWithSAML). */
  'saml.save': { req: { offerId: string; roleArns: string[] }; res: { identities: IdentityView[]; notices: string[] } };
  'saml.dismiss': { req: { offerId: string }; res: { dismissed: boolean } };
}

/** An IAM Identity Center instance as pages see it: never a token or client secret. */
export interface SsoSourceView {
  id: string;
  label: string;
  startUrl: string;
  region: string;
  /** A usable access token or refresh token is held. */
  signedIn: boolean;
  /** When the access token expires (ms since the epoch); a refresh token may extend it. */
  tokenExpiresAt?: number;
  /** A device sign-in waiting for the user to approve it in the browser. */
  signingIn?: { userCode: string; verificationUri: string; expiresAt: number };
  /** The last finished sync. */
  lastSync?: { at: number; accounts: number; roles: number };
  /** How many identities came from it. */
  identities: number;
}

export interface SsoSyncResult {
  accounts: number;
  roles: number;
  added: number;
  updated: number;
  /** Newly marked as no longer assigned. */
  vanished: number;
  /** Requests sent to the portal (pages read, plus retries after throttling). */
  requests: number;
}

/** A captured SAML sign-in (`saml.pending`): what it offers, never the assertion. */
export interface SamlOfferView {
  offerId: string;
  roles: { roleArn: string; principalArn: string; savedAs?: string }[];
  /** The IdP's SessionDuration attribute (seconds). */
  sessionDuration?: number;
  capturedAt: number;
  /** The assertion's NotOnOrAfter: after it, saving needs a new sign-in. */
  expiresAt?: number;
  /** The page that posted it (where to sign in again). */
  idpUrl?: string;
  /** The response could not be read (malformed, expired, encrypted): why; `roles` is then empty. */
  error?: string;
}

/** An agent grant as pages see it: the identity's label when it still exists. */
export interface AgentGrantView extends Grant {
  identityLabel?: string;
}

/** A Firefox container Sigvault made for an identity's console sign-ins. */
export interface ConsoleContainerView {
  cookieStoreId: string;
  name: string;
  color: string;
  icon: string;
  /** The identity it was made for. */
  identityId?: string;
  /** Tabs open in it now. */
  tabCount: number;
}

/** One console session Sigvault opened (`console.sessions`). */
export interface ConsoleSessionView {
  identityId: string;
  label: string;
  account?: string;
  /** Its tabs now: on its session host (multi-session), or the console tabs of its cookie store. */
  tabIds: number[];
  /** The cookie store (Firefox container) when not the default one. */
  container?: string;
  /** That container's name as Firefox shows it. */
  containerName?: string;
  /** The multi-session mode of that container's cookie store (AWS's opt-in is a cookie: each store has its own). */
  multiSession?: 'on' | 'off' | 'unknown';
  /** `<account>-<8 chars>.<region>.console.aws.amazon.com` once a tab landed there (multi-session). */
  sessionHost?: string;
  expiresAt: number;
  /** Ends within 5 minutes (or has ended). */
  expiringSoon: boolean;
}

/** Requests that do not count as a user action for auto-lock (a page may send them on open or on a timer). */
export const PASSIVE_REQUESTS: ReadonlySet<RequestType> = new Set<RequestType>(['app.ping', 'vault.status', 'settings.get', 'tab.consoleContext', 'console.containers', 'console.sessions', 'request.history', 'agent.grants', 'agent.audit', 'agent.pending', 'sso.sources', 'saml.pending']);

export type RequestType = keyof Requests;
export type RequestPayload<K extends RequestType> = Requests[K]['req'];
export type ResponseOf<K extends RequestType> = Requests[K]['res'];
export type RequestEnvelope<K extends RequestType = RequestType> = { type: K } & RequestPayload<K>;

export interface WireError extends ErrorDetails {
  code: ErrorCode;
  message: string;
  /** STS_ERROR: AWS's own error code and message, its request id, and what to do. */
  awsCode?: string;
  awsMessage?: string;
  requestId?: string;
  httpStatus?: number;
  hint?: string;
  category?: string;
  action?: string;
  /** MFA_REQUIRED: the device whose code is needed. */
  mfaSerial?: string;
}
export type Reply<K extends RequestType = RequestType> =
  | { ok: true; result: ResponseOf<K> }
  | { ok: false; error: WireError };

export interface Events {
  'vault.locked': { reason: 'manual' | 'idle' | 'os' | 'destroyed' };
  /** A request needs an MFA code: answer with `mfa.provide { requestId, code }` within 3 minutes. */
  /** `error` and `attempt` (2, 3…): STS called the previous code for this request wrong; ask again, saying so. */
  'mfa.required': { requestId: string; identityId: string; label: string; mfaSerial: string; error?: string; attempt?: number };
  'vault.unlocked': Record<string, never>;
  'vault.changed': Record<string, never>;
  /** Background → its Chrome offscreen document: empty the clipboard now. */
  'clipboard.clear': Record<string, never>;
  /** An Identity Center source changed: signed in, signed out, a sign-in failed (`error`), synced. */
  'sso.changed': { sourceId: string; signedIn: boolean; error?: string };
  /** A sync's progress: accounts whose roles were read, of all accounts. */
  'sso.progress': { sourceId: string; done: number; total: number };
  /** A SAML sign-in was captured (see `saml.pending`). */
  'saml.captured': { offerId: string; roles: number };
}
export type EventType = keyof Events;
export type EventEnvelope<K extends EventType = EventType> = { event: K } & Events[K];

/** Every request type, for runtime checks and the docs test. Kept in sync with `Requests` by the type below. */
export const REQUEST_TYPES = [
  'app.ping',
  'vault.status', 'vault.create', 'vault.unlock', 'vault.lock', 'vault.changePassphrase', 'vault.rekey',
  'vault.exportBackup', 'vault.importBackup', 'vault.destroy',
  'identity.addUser', 'identity.addRole', 'identity.addConsoleRole', 'identity.update', 'identity.list', 'identity.remove',
  'identity.test', 'identity.activate', 'identity.favorite', 'account.setAlias',
  'session.resolve', 'console.open', 'console.switchRole', 'mfa.provide',
  'session.export', 'clipboard.clearLater',
  'config.preview', 'config.import', 'config.export',
  'settings.get', 'settings.set',
  'identity.get', 'tab.consoleContext', 'signin.handoff',
  'console.containers', 'console.cleanupContainers',
  'console.sessions', 'console.signOut', 'console.reopen',
  'request.send', 'request.presign', 'request.history', 'request.clearHistory',
  'agent.grant', 'agent.grants', 'agent.revoke', 'agent.audit', 'agent.pending', 'agent.answer',
  'sso.addSource', 'sso.sources', 'sso.removeSource', 'sso.signIn', 'sso.sync',
  'identity.addWebIdentity', 'saml.pending', 'saml.save', 'saml.dismiss',
] as const satisfies readonly RequestType[];
type _AllListed = Exclude<RequestType, (typeof REQUEST_TYPES)[number]> extends never ? true : never;
const _allListed: _AllListed = true;
void _allListed;

export function isRequestEnvelope(msg: unknown): msg is RequestEnvelope {
  return (
    typeof msg === 'object' && msg !== null && !Array.isArray(msg) &&
    typeof (msg as { type?: unknown }).type === 'string'
  );
}
export function isKnownType(type: string): type is RequestType {
  return (REQUEST_TYPES as readonly string[]).includes(type);
}
export const EVENT_TYPES = ['vault.locked', 'vault.unlocked', 'vault.changed', 'mfa.required', 'clipboard.clear', 'sso.changed', 'sso.progress', 'saml.captured'] as const satisfies readonly EventType[];

export function isEventEnvelope(msg: unknown): msg is EventEnvelope {
  return typeof msg === 'object' && msg !== null && typeof (msg as { event?: unknown }).event === 'string';
}
