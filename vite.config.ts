import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { crx } from '@crxjs/vite-plugin';
import { makeManifest, parseTarget } from './manifest.config.ts';

// One source, two extensions: TARGET=chrome|firefox picks the manifest variant and the output folder.
const target = parseTarget(process.env.TARGET);

export default defineConfig(({ command }) => ({
  plugins: [preact(), crx({ manifest: makeManifest(target), browser: target, liveReload: process.env.CRX_LIVE_RELOAD !== '0' })],
  define: { __SIGVAULT_TARGET__: JSON.stringify(target) },
  server: { port: 5173, strictPort: true, hmr: { port: 5173 } },
  build: {
    outDir: command === 'serve' ? `dist/${target}-dev` : `dist/${target}`,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // Chrome and Firefox both know <link rel=modulepreload>: no polyfill script ahead of the popup's own
    modulePreload: { polyfill: false },
    // Pages the manifest does not name: the console sign-in page (console.open posts the login form from
    // it), the signing agent's approval prompt, the request console (opened from the popup) and, in Chrome,
    // the offscreen document that empties the clipboard.
    rollupOptions: {
      // Fewer files for the popup's first paint: each module file an extension page loads costs it about
      // 2 ms on the test machine (measured: one script-less page, one with a module script, one with eight;
      // issue 14's note), so its first paint loads three: its own entry, `ui` and `browser`.
      // - `ui`: Preact and the small shared UI helpers (src/ui/, but Field and StrengthMeter, which only
      //   forms use: StrengthMeter also brings the passphrase rule the background shares). Left to itself
      //   Rollup splits them by which pages share what (one 141-byte chunk for use-focus).
      // - `browser`: the browser API (the polyfill) and the non-UI modules the popup's first paint shares with
      //   the background (messaging, storage.session and the view snapshot, the protocol, the list order, the
      //   partitions, the console-session warnings), one chunk instead of six. The background imports none
      //   of `ui` (scripts/check-worker.ts refuses page code in the worker); it loads the page-side
      //   messaging helpers with `browser` (a few hundred bytes, no DOM).
      output: {
        manualChunks: (id) => (/\/node_modules\/webextension-polyfill\/|\/src\/platform\/(browser|session|messaging)\.ts$|\/src\/shared\/(protocol|view-snapshot|list-order)\.ts$|\/src\/core\/sts\/partition\.ts$|\/src\/core\/console\/sessions\.ts$/.test(id) ? 'browser'
          : /\/node_modules\/preact\/|\/src\/ui\/(?!Field\.|StrengthMeter\.)/.test(id) ? 'ui' : undefined),
      },
      input: {
        signin: 'src/signin/index.html', agentPrompt: 'src/agent/prompt.html', requests: 'src/requests/index.html',
        ...(target === 'chrome' ? { offscreen: 'src/offscreen/clipboard.html' } : {}),
      },
    },
  },
}));
