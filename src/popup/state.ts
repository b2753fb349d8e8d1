/**
 * Popup state: a small store made by {@link createPopupState} from an injected API (`call` and
 * `onEvent`), so it holds no browser reference and can be driven by a fake in tests. Components read it
 * through {@link usePopupState} and change it only through its actions.
 * @module
 */
import { useLayoutEffect, useState } from 'preact/hooks';
import type { call as callFn, onEvent as onEventFn } from '../platform/messaging.ts';
import { EMPTY_PREFS, type ListPrefs } from '../shared/list-order.ts';
import type { EventEnvelope, Events, IdentityEditModel, IdentityView, ListSourceView, RequestPayload, ResponseOf, TabConsoleContext, VaultStatus } from '../shared/protocol.ts';
import { consoleTargetFor, partitionOfView } from './console-target.ts';
import { openWarnings, type OpenWarning } from '../core/console/sessions.ts';
import type { EndpointOverrideView } from '../shared/endpoint-overrides.ts';
import { FIRST_ROWS, type ViewSnapshot } from '../shared/view-snapshot.ts';

export { FIRST_ROWS };

export interface PopupApi {
  call: typeof callFn;
  onEvent: typeof onEventFn;
  /**
   * The first rows the background keeps in storage.session while unlocked (shared/view-snapshot.ts):
   * painted before the background answers, which takes the longest when its worker was stopped.
   */
  snapshot?: () => Promise<ViewSnapshot | undefined>;
  /** Settles once what was just rendered has been painted (the page: a frame, then a task). */
  afterPaint?: () => Promise<void>;
}

export type Screen = 'loading' | 'create' | 'locked' | 'list' | 'addUser' | 'addRole' | 'addConsoleRole' | 'edit' | 'import' | 'export' | 'sessions';

/** Screens reached from the unlocked list (kept when the status is refreshed). */
export type ListScreen = 'list' | 'addUser' | 'addRole' | 'addConsoleRole' | 'import' | 'export' | 'sessions';
const LIST_SCREENS: readonly Screen[] = ['addUser', 'addRole', 'addConsoleRole', 'edit', 'import', 'export', 'sessions'];

/** `openConsole` did not open: a warning waits for "Open anyway" (`confirmOpen`) or `cancelOpen`. */
export class OpenNeedsConfirmation extends Error {
  readonly code = 'CONFIRM_OPEN';
  constructor(readonly warnings: OpenWarning[]) {
    super('A warning waits for confirmation.');
  }
}

export type MfaPrompt = Events['mfa.required'];

/** Whether `view`'s console opens in a Firefox container of its own (its choice over the global setting). */
export function opensInContainer(view: IdentityView | undefined, containers: { supported: boolean; enabled: boolean } | undefined): boolean {
  if (!view || !containers?.supported || view.kind === 'unknown' || view.kind === 'console-role') return false;
  if (view.container === 'own') return true;
  if (view.container === 'none') return false;
  return containers.enabled;
}

/** The text formats `session.export` offers for the CLI. */
export type CliFormat = RequestPayload<'session.export'>['format'];
export const CLI_FORMATS: readonly CliFormat[] = ['env', 'powershell', 'fish', 'credential_process', 'credentials'];

export interface PopupData {
  screen: Screen;
  ping: { state: 'pending' } | { state: 'ok'; reply: ResponseOf<'app.ping'> } | { state: 'error'; message: string };
  status?: VaultStatus;
  /** In the list's display order (`shared/list-order.ts`); the first rows only until `complete`. */
  identities: IdentityView[];
  /** True once the list has been received (an empty vault is then distinguishable from not yet loaded). */
  listLoaded: boolean;
  /** False while only the first rows have arrived. */
  complete: boolean;
  /** How many identities there are. */
  total: number;
  prefs: ListPrefs;
  /** Records that failed to open (by id). */
  corruptCount: number;
  activeId: string | null;
  /** Pending MFA prompts from the background, oldest first. */
  mfa: MfaPrompt[];
  /** Set when the vault locked by itself (idle, OS lock), to say why. */
  lockReason?: Events['vault.locked']['reason'];
  /** The identity on the edit screen; the list selects it again afterwards (`selectId`). */
  editId?: string;
  selectId?: string;
  /** The AWS console page the popup was opened over (`tab.consoleContext`), and whether to open there. */
  consoleContext: TabConsoleContext | null;
  useConsoleContext: boolean;
  /** Counts of the last config import, shown on the list until the screen changes. */
  importResult?: ResponseOf<'config.import'> | undefined;
  /** Endpoint overrides in force (they come with the list): every unlocked screen says so. */
  overrides: EndpointOverrideView[];
  /** The federated sources the list heads its federated identities with, and SAML credentials' ends (they come with the list). */
  sources: ListSourceView[];
  sessionEnds: Record<string, number>;
  /** The console sessions Sigvault opened (`console.sessions`), once asked. */
  sessions?: ResponseOf<'console.sessions'>;
  /** A console sign-in held back by a warning (multi-session limit, replacement). */
  openWarning?: { id: string; newTab: boolean; warnings: OpenWarning[] };
}

export interface PopupState {
  get(): PopupData;
  subscribe(listener: () => void): () => void;
  /** Pings, reads the vault status and (when unlocked) the list; listens for events. Returns a stop function. */
  start(): () => void;
  /** Settles when the screen `start` loaded is shown (other requests can go then, off the open path). */
  whenOpened(): Promise<void>;
  createVault(passphrase: string): Promise<void>;
  unlock(passphrase: string): Promise<void>;
  lock(): Promise<void>;
  refreshStatus(): Promise<void>;
  reloadList(): Promise<void>;
  show(screen: ListScreen): void;
  /** Plans an import of `~/.aws/config` (+ credentials) or AESR text; the plan stays in the background under `token`. */
  previewConfig(input: RequestPayload<'config.preview'>): Promise<ResponseOf<'config.preview'>>;
  /** Applies a previewed plan, reloads the list and shows it with the counts. */
  importConfig(token: string, skip?: string[]): Promise<ResponseOf<'config.import'>>;
  /** The vault's non-secret configuration as `~/.aws/config` text. */
  exportConfig(): Promise<string>;
  /**
   * Opens the console as `id`, unless opening would replace a console session or exceed AWS's 5: then
   * the warning is kept in `openWarning` and this rejects with {@link OpenNeedsConfirmation}. For a console
   * role, `console.switchRole` on the console tab under the popup instead.
   */
  openConsole(id: string, newTab: boolean): Promise<ResponseOf<'console.open'> | ResponseOf<'console.switchRole'>>;
  /** "Open anyway": the held-back sign-in. */
  confirmOpen(): Promise<ResponseOf<'console.open'> | undefined>;
  cancelOpen(): void;
  /** Reloads `sessions`. */
  loadSessions(): Promise<void>;
  signOut(identityId: string, closeTabs: boolean): Promise<ResponseOf<'console.signOut'>>;
  reopen(identityId: string): Promise<ResponseOf<'console.open'>>;
  test(id: string): Promise<ResponseOf<'identity.test'>>;
  remove(id: string): Promise<void>;
  addUser(input: RequestPayload<'identity.addUser'>): Promise<ResponseOf<'identity.addUser'>>;
  addRole(input: RequestPayload<'identity.addRole'>): Promise<ResponseOf<'identity.addRole'>>;
  addConsoleRole(input: RequestPayload<'identity.addConsoleRole'>): Promise<ResponseOf<'identity.addConsoleRole'>>;
  /** Makes `id` the active identity (the badge follows). */
  activate(id: string | null): Promise<void>;
  /** The identity's session (cached or new): expiry and ARN, for the active identity's countdown. */
  /** `interactive: false` never asks for an MFA code (MFA_REQUIRED instead). */
  resolve(id: string, interactive?: boolean): Promise<ResponseOf<'session.resolve'>>;
  /**
   * Asks the background for CLI credentials, puts them on the clipboard and has it emptied in 30 s.
   * The text is never kept: only the expiry and the clear time are returned. With `longTerm`: an IAM
   * user's long-term keys (the background checks the passphrase first; they have no expiry).
   */
  copyCredentials(id: string, format: CliFormat, longTerm?: { passphrase: string }): Promise<{ expiresAt?: number; clearAt: number }>;
  provideMfa(requestId: string, code: string): Promise<boolean>;
  /** Pins or unpins an identity on top of the list. */
  setFavorite(id: string, favorite: boolean): Promise<void>;
  /** Names an account ('' removes the name). */
  setAlias(account: string, alias: string): Promise<void>;
  /** The edit screen for `id`; `getIdentity` loads its form's values; `update` saves, then back to the list with it selected. */
  edit(id: string): void;
  getIdentity(id: string): Promise<IdentityEditModel>;
  /** Whether this browser has containers (Firefox): the edit form then offers the identity's container choice. */
  containersSupported(): Promise<boolean>;
  update(id: string, patch: Record<string, unknown>): Promise<IdentityView>;
  /** Whether Open console / Enter go to the tab's console page (`consoleContext`). */
  setUseConsoleContext(use: boolean): void;
  dismissMfa(requestId: string): void;
  /** The background, for screens that load on demand (federated sign-ins): requests and events. */
  readonly api: Pick<PopupApi, 'call' | 'onEvent'>;
}

function screenFor(status: VaultStatus): Screen {
  return status.state === 'absent' ? 'create' : status.state === 'locked' ? 'locked' : 'list';
}

export function createPopupState(api: PopupApi): PopupState {
  let data: PopupData = {
    screen: 'loading', ping: { state: 'pending' }, identities: [], listLoaded: false, complete: false, total: 0,
    prefs: EMPTY_PREFS, corruptCount: 0, activeId: null, mfa: [], consoleContext: null, useConsoleContext: true, overrides: [],
    sources: [], sessionEnds: {},
  };
  const listeners = new Set<() => void>();
  const set = (patch: Partial<PopupData>) => {
    data = { ...data, ...patch };
    for (const l of listeners) l();
  };

  /** True while what is shown came from the view snapshot alone (no answer from the background yet). */
  let fromSnapshot = false;
  const applyStatus = (status: VaultStatus) => {
    fromSnapshot = false;
    const screen = screenFor(status);
    const keep = screen === 'list' && LIST_SCREENS.includes(data.screen);
    set({
      status,
      screen: keep ? data.screen : screen,
      ...(screen !== 'list' ? { identities: [], listLoaded: false, complete: false, total: 0, prefs: EMPTY_PREFS, mfa: [], importResult: undefined, overrides: [], sources: [], sessionEnds: {} } : {}),
      ...(screen === 'list' ? { lockReason: undefined } : {}),
    });
  };

  /** A list the background sent (the snapshot's caller marks it `fromSnapshot` again after). */
  const applyList = (res: ResponseOf<'identity.list'>) => {
    fromSnapshot = false;
    const complete = res.identities.length >= res.total;
    set({
      ...(data.screen === 'loading' ? { screen: 'list' as const } : {}),
      identities: res.identities, listLoaded: true, complete, total: res.total, prefs: res.prefs,
      corruptCount: res.corrupt.length, activeId: res.activeId, overrides: res.overrides ?? [],
      // (a snapshot written before these existed has neither)
      sources: Array.isArray(res.sources) ? res.sources : [], sessionEnds: res.sessionEnds ?? {},
    });
  };

  let listSeq = 0;
  /**
   * Loads the list. With `firstRows`: its first rows, then the whole list asked for only when they have
   * arrived (asked together, the background would send the big answer first). A newer load, or a lock,
   * drops the answers of an older one.
   */
  const loadList = (firstRows?: number) => {
    const seq = ++listSeq;
    const first = firstRows === undefined
      ? Promise.resolve(undefined)
      : api.call('identity.list', { display: true, limit: firstRows }).then((r) => { if (seq === listSeq) applyList(r); return r; });
    const all = first.then(async (r) => {
      if ((r && r.identities.length >= r.total) || seq !== listSeq) return;
      const res = await api.call('identity.list', { display: true });
      if (seq === listSeq) applyList(res);
    });
    all.catch(() => undefined);
    return { first, all };
  };
  const reloadList = () => loadList().all;

  let statusSeq = 0;
  const refreshStatus = async () => {
    // The list first: when it answers, the vault is unlocked and the list shows at once; the status (the
    // auto-lock time) follows, with the rest of the list. When locked the list fails at once and the
    // status decides the screen. A newer refresh (an event meanwhile) wins over this one.
    const seq = ++statusSeq;
    const { first, all } = loadList(FIRST_ROWS);
    const listed = await first.then(() => true, () => false);
    const status = await api.call('vault.status', {});
    if (seq !== statusSeq) return;
    if (status.state !== 'unlocked') listSeq++; // locked meanwhile: drop list answers still in flight
    applyStatus(status);
    if (status.state !== 'unlocked') return;
    if (listed) await all;
    else await reloadList(); // unlocked since the list was refused
  };

  const openNow = async (id: string, newTab: boolean) => {
    const target = data.useConsoleContext ? consoleTargetFor(data.identities.find((v) => v.id === id), data.consoleContext) : undefined;
    const res = await api.call('console.open', { id, newTab, ...target });
    const { activeId } = await api.call('identity.activate', { id });
    set({ activeId });
    void state.loadSessions().catch(() => undefined);
    return res;
  };

  let opened: Promise<void> = Promise.resolve();
  const state: PopupState = {
    get: () => data,
    whenOpened: () => opened,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      const stop = api.onEvent((e) => {
        if (e.event === 'mfa.required') {
          const { event: _e, ...prompt } = e as EventEnvelope<'mfa.required'>;
          set({ mfa: [...data.mfa.filter((m) => m.requestId !== prompt.requestId), prompt] });
        } else if (e.event === 'vault.locked') {
          set({ lockReason: (e as EventEnvelope<'vault.locked'>).reason });
          void refreshStatus().catch(() => undefined);
        } else if (e.event === 'vault.unlocked') {
          void refreshStatus().catch(() => undefined);
        } else if ((e.event === 'vault.changed' || e.event === 'sso.changed') && data.status?.state === 'unlocked') {
          // (an Identity Center sign-in changes its source's heading)
          void reloadList().catch(() => undefined);
        }
      });
      const failed = (e: unknown) => set({ ping: { state: 'error', message: e instanceof Error ? e.message : String(e) } });
      // With a view snapshot (unlocked, shared/view-snapshot.ts) its rows are painted first, and only then is
      // the background asked: waking a stopped worker (and the whole list crossing the channel) then competes
      // with nothing on screen. Without one, the background is asked at once. Its answers win either way.
      const painted = (api.snapshot?.() ?? Promise.resolve(undefined)).catch(() => undefined).then(async (snap) => {
        if (!snap || data.listLoaded || data.screen !== 'loading') return;
        set({ status: { state: 'unlocked' } });
        applyList(snap.list);
        fromSnapshot = true;
        await api.afterPaint?.();
      });
      // The list first; the ping (build info for the footer) and the tab the popup was opened over (its
      // activeTab grant lasts while the popup is open) only after it, off the critical path.
      opened = painted.then(refreshStatus).catch((e: unknown) => {
        // the background did not answer: do not leave the snapshot's list up as if it had
        if (fromSnapshot) set({ screen: 'loading', status: undefined, identities: [], listLoaded: false, complete: false, total: 0 });
        failed(e);
      }).finally(() => {
        api.call('app.ping', {}).then((reply) => set({ ping: { state: 'ok', reply } }), failed);
        api.call('tab.consoleContext', {}).then((consoleContext) => set({ consoleContext }), () => undefined);
        if (data.status?.state === 'unlocked') void state.loadSessions().catch(() => undefined);
      });
      return stop;
    },
    async createVault(passphrase) {
      applyStatus(await api.call('vault.create', { passphrase }));
      await reloadList();
    },
    async unlock(passphrase) {
      try {
        applyStatus(await api.call('vault.unlock', { passphrase }));
      } catch (e) {
        // keep retryAt/failedAttempts current for the countdown
        await api.call('vault.status', {}).then(applyStatus, () => undefined);
        throw e;
      }
      await loadList(FIRST_ROWS).all;
    },
    async lock() {
      listSeq++; // a list answer still in flight must not land after the lock
      statusSeq++;
      applyStatus(await api.call('vault.lock', {}));
    },
    refreshStatus,
    reloadList,
    show(screen) {
      // leaving the list for another screen forgets which identity an edit asked to select again
      set({ screen, importResult: undefined, ...(screen !== 'list' ? { selectId: undefined } : {}) });
    },
    previewConfig: (input) => api.call('config.preview', input),
    async importConfig(token, skip) {
      const res = await api.call('config.import', skip && skip.length > 0 ? { token, skip } : { token });
      await reloadList().catch(() => undefined); // the import happened; a failed reload must not say otherwise
      set({ screen: 'list', importResult: res });
      return res;
    },
    async exportConfig() {
      return (await api.call('config.export', {})).text;
    },
    async openConsole(id, newTab) {
      if (data.identities.find((v) => v.id === id)?.kind === 'console-role') {
        // no credentials: switch the signed-in console tab under the popup in place (needs one)
        if (!data.consoleContext) throw Object.assign(new Error('no console tab'), { code: 'CONSOLE_ROLE_NO_TAB' });
        return api.call('console.switchRole', { id });
      }
      const sessions = await api.call('console.sessions', {}).catch(() => undefined);
      if (sessions) set({ sessions });
      const view = data.identities.find((v) => v.id === id);
      const warnings = sessions ? openWarnings({
        multiSession: sessions.multiSession,
        sessions: sessions.sessions,
        identityId: id,
        ...(view && view.kind !== 'unknown' ? { partition: partitionOfView(view) } : {}),
        now: Date.now(),
        opensInOwnStore: opensInContainer(view, sessions.containers),
      }) : [];
      if (warnings.length > 0) {
        set({ openWarning: { id, newTab, warnings } });
        throw new OpenNeedsConfirmation(warnings);
      }
      return openNow(id, newTab);
    },
    async confirmOpen() {
      const w = data.openWarning;
      if (!w) return undefined;
      set({ openWarning: undefined });
      return openNow(w.id, w.newTab);
    },
    cancelOpen() {
      set({ openWarning: undefined });
    },
    async loadSessions() {
      set({ sessions: await api.call('console.sessions', {}) });
    },
    async signOut(identityId, closeTabs) {
      const res = await api.call('console.signOut', { identityId, closeTabs });
      await state.loadSessions().catch(() => undefined);
      return res;
    },
    async reopen(identityId) {
      const res = await api.call('console.reopen', { identityId });
      await state.loadSessions().catch(() => undefined);
      return res;
    },
    test: (id) => api.call('identity.test', { id }),
    async activate(id) {
      const { activeId } = await api.call('identity.activate', { id });
      set({ activeId });
    },
    resolve: (id, interactive = true) => api.call('session.resolve', { id, interactive }),
    async copyCredentials(id, format, longTerm) {
      const { text, expiresAt } = await api.call('session.export', longTerm ? { id, format, longTerm: true, passphrase: longTerm.passphrase } : { id, format });
      await navigator.clipboard.writeText(text);
      const { clearAt } = await api.call('clipboard.clearLater', {});
      return expiresAt !== undefined ? { expiresAt, clearAt } : { clearAt };
    },
    async remove(id) {
      await api.call('identity.remove', { id });
      if (data.activeId === id) set({ activeId: null });
      await reloadList();
    },
    async addUser(input) {
      const res = await api.call('identity.addUser', input);
      // the list comes back with the new identity selected (the form then shows the list)
      set({ selectId: res.id });
      await reloadList();
      return res;
    },
    async addRole(input) {
      const res = await api.call('identity.addRole', input);
      // the list comes back with the new identity selected (the form then shows the list)
      set({ selectId: res.id });
      await reloadList();
      return res;
    },
    async addConsoleRole(input) {
      const res = await api.call('identity.addConsoleRole', input);
      // the list comes back with the new identity selected (the form then shows the list)
      set({ selectId: res.id });
      await reloadList();
      return res;
    },
    async provideMfa(requestId, code) {
      const { accepted, retry } = await api.call('mfa.provide', { requestId, code });
      // a wrong code: the background's new prompt takes the old one's place (the dialog stays open)
      set({ mfa: [...(retry ? [retry] : []), ...data.mfa.filter((m) => m.requestId !== requestId && m.requestId !== retry?.requestId)] });
      return accepted;
    },
    async setFavorite(id, favorite) {
      const { prefs } = await api.call('identity.favorite', { id, favorite });
      set({ prefs });
      await reloadList();
    },
    async setAlias(account, alias) {
      const { prefs } = await api.call('account.setAlias', { account, alias });
      set({ prefs });
      await reloadList();
    },
    dismissMfa(requestId) {
      set({ mfa: data.mfa.filter((m) => m.requestId !== requestId) });
    },
    edit(id) {
      set({ screen: 'edit', editId: id, selectId: id });
    },
    getIdentity: (id) => api.call('identity.get', { id }),
    containersSupported: () => api.call('console.containers', {}).then((r) => r.supported, () => false),
    async update(id, patch) {
      const view = await api.call('identity.update', { ...patch, id });
      await reloadList();
      set({ screen: 'list', selectId: id });
      return view;
    },
    setUseConsoleContext(use) {
      set({ useConsoleContext: use });
    },
    api: { call: api.call, onEvent: api.onEvent },
  };
  return state;
}

/** Re-renders the calling component whenever the store changes. */
export function usePopupState(store: PopupState): PopupData {
  const [snapshot, setSnapshot] = useState(store.get());
  // A layout effect, not an effect: subscribed as soon as the first render is committed. (An effect runs
  // after the next paint: the view snapshot, read while the modules loaded, arrived before it and waited a
  // frame to be shown.)
  useLayoutEffect(() => {
    setSnapshot(store.get());
    return store.subscribe(() => setSnapshot(store.get()));
  }, [store]);
  return snapshot;
}
