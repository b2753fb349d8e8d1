/**
 * What the selected identity's details need from the store beyond what the list hands them: the Edit
 * action and the current tab's console destination. Provided by App through a Preact context, so the
 * list between them (IdentityList) does not have to pass more props through.
 * @module
 */
import { createContext } from 'preact';
import type { TabConsoleContext } from '../shared/protocol.ts';
import type { PopupApi } from './state.ts';

export interface DetailsExtras {
  /** Opens the edit screen for the identity. */
  onEdit(id: string): void;
  /** The AWS console page the popup was opened over, if any. */
  consoleContext: TabConsoleContext | null;
  /** Whether Open console and Enter go there (checked by default). */
  useConsoleContext: boolean;
  setUseConsoleContext(use: boolean): void;
  /** Requests the details send themselves (a federated identity's new sign-in). */
  call: PopupApi['call'];
}

export const DetailsExtrasContext = createContext<DetailsExtras | null>(null);
