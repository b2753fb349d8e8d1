/**
 * The CLI credentials format last used for copying (not a secret), kept in the popup's localStorage so
 * Alt+C in the list copies in it; `env` until the user picks another.
 * @module
 */
import { CLI_FORMATS, type CliFormat } from './state.ts';

const KEY = 'sigvault.copyFormat';

export function lastCopyFormat(): CliFormat {
  try {
    const v = globalThis.localStorage?.getItem(KEY);
    return CLI_FORMATS.find((f) => f === v) ?? 'env';
  } catch {
    return 'env';
  }
}

export function rememberCopyFormat(format: CliFormat): void {
  try {
    globalThis.localStorage?.setItem(KEY, format);
  } catch {
    // storage unavailable: the choice lasts for this popup only
  }
}
