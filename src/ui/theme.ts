/**
 * The colour theme of the extension's pages: a `data-theme` attribute on <html> (`system`, `light` or
 * `dark`) that popup.css and options.css read. The setting lives in storage.local with the others
 * (`settings.theme`); the theme alone — not a secret — is mirrored into this origin's localStorage so a
 * page can apply it synchronously before its first render, without waiting for the background. The
 * pages still read the setting afterwards (off the critical path) and correct the mirror if they differ.
 * @module
 */
import type { LocalSettings } from '../shared/protocol.ts';

export type Theme = LocalSettings['theme'];
const KEY = 'sigvault.theme';

/** The mirrored theme, or `system` when there is none (or localStorage is unavailable). */
export function readThemeMirror(): Theme {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

/** Applies `theme` to this page and mirrors it for the next page that opens. */
export function applyTheme(theme: Theme): void {
  document.documentElement.dataset['theme'] = theme;
  try {
    if (localStorage.getItem(KEY) !== theme) localStorage.setItem(KEY, theme);
  } catch {
    /* no localStorage: the page still follows the setting once it arrives */
  }
}
