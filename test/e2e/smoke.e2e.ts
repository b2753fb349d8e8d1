/**
 * Foundation smoke tests, in real headless Chromium and Firefox ESR with the built extension.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { KINDS, launch, type ExtensionBrowser } from './harness.ts';

for (const kind of KINDS) {
  describe(`smoke: ${kind}`, () => {
    let b: ExtensionBrowser;
    beforeAll(async () => { b = await launch(kind, { foreign: true }); });
    afterAll(async () => { await b?.close(); });

    it('the popup renders the background\'s reply to app.ping', async () => {
      const popup = await b.openPage('src/popup/index.html');
      await popup.waitForSelector('#status[data-state="ok"]');
      const text = await popup.text('#status');
      expect(text).toContain('0.1.0');
      expect(text).toBe('Sigvault 0.1.0'); // the version only: no build-target name ("on chrome")
      mkdirSync('test-results', { recursive: true });
      await popup.screenshot(`test-results/popup-${kind}.png`);
      await popup.close();
    });

    it('app.ping answers { version, browser }', async () => {
      const reply = await b.send('app.ping', {});
      expect(reply).toMatchObject({ ok: true, result: { version: '0.1.0', browser: kind === 'chromium' ? 'chrome' : 'firefox' } });
    });

    it('the background writes and reads IndexedDB through idb', async () => {
      const before = await b.send('app.ping', {});
      if (!before.ok) throw new Error('ping failed');
      // Read the record the background wrote, from the background's own global scope, without idb.
      const stored = await b.inBackground((g) => new Promise((resolve, reject) => {
        const req = g.indexedDB.open('sigvault');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const get = req.result.transaction('meta').objectStore('meta').get('workerStarts');
          get.onsuccess = () => { resolve(get.result); req.result.close(); };
          get.onerror = () => reject(get.error);
        };
      }));
      expect(stored).toBe(before.result.workerStarts);
      expect(before.result.workerStarts).toBeGreaterThanOrEqual(1);
    });

    it('a stopped background wakes on the next message and still answers', async () => {
      const first = await b.send('app.ping', {});
      await b.stopBackground();
      const second = await b.send('app.ping', {});
      if (!first.ok || !second.ok) throw new Error('ping failed');
      // A new worker instance ran its start-up (an IndexedDB write through idb) again.
      expect(second.result.workerStarts).toBe(first.result.workerStarts + 1);
    });

    it('a message from another extension is refused', async () => {
      const r = await b.foreignMessage();
      expect(r.delivered).toBe(false);
      expect(r.error).toMatch(/Could not establish connection|Receiving end does not exist/i);
    });

    it('the extension raised no errors', async () => {
      expect(await b.extensionErrors()).toEqual([]);
    });
  });
}
