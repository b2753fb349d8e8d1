/**
 * A stand-in for `platform/browser.ts` in Node tests of background code that runs on the real vault
 * (fake-indexeddb): in-memory `storage.session` / `storage.local` areas with the API the platform layer
 * uses, alarms that do nothing, a runtime with an id. Not a mock of behaviour under test: the vault, its
 * records and the handlers run for real; only the extension APIs around them are replaced.
 * Use it from a `vi.mock` factory (which cannot close over imports):
 *   vi.mock('../../platform/browser.ts', async () => (await import('../../../test/support/fake-extension.ts')).fakeBrowserModule());
 */

/** An in-memory storage area (values are structured-cloned in and out, as the browser does). */
export function memoryArea() {
  let data: Record<string, unknown> = {};
  return {
    get: async (k: string | string[] | null) => {
      if (k === null) return structuredClone(data);
      return Object.fromEntries([k].flat().filter((x) => x in data).map((x) => [x, structuredClone(data[x])]));
    },
    set: async (o: Record<string, unknown>) => {
      for (const [k, v] of Object.entries(o)) data[k] = structuredClone(v);
    },
    remove: async (keys: string | string[]) => {
      for (const k of [keys].flat()) delete data[k];
    },
    clear: async () => {
      data = {};
    },
  };
}

/** The module `platform/browser.ts` exports, for Chrome, over fresh in-memory areas. */
export function fakeBrowserModule() {
  return {
    BROWSER: 'chrome' as const,
    browser: {
      storage: { session: memoryArea(), local: memoryArea(), onChanged: { addListener: () => undefined } },
      alarms: { create: async () => undefined, clear: async () => true },
      runtime: { sendMessage: async () => undefined, id: 'x', getURL: () => 'chrome-extension://x/', getManifest: () => ({ version: '0' }) },
    },
  };
}
