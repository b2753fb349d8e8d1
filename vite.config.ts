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
      // Preact and the small shared UI helpers (src/ui/, but Field and StrengthMeter, which only forms use:
      // StrengthMeter also brings the passphrase rule the background shares) in one chunk: left
      // to itself Rollup splits them by which pages share what (one 141-byte chunk for use-focus), and each
      // file is one more module the popup's first paint waits for. The background imports none of it; the
      // browser API (the polyfill) has its own chunk, or Rollup would pull it into `ui`, and the background
      // with it (scripts/check-worker.ts refuses page code in the worker).
      output: {
        manualChunks: (id) => (/\/node_modules\/webextension-polyfill\/|\/src\/platform\/browser\.ts$/.test(id) ? 'browser'
          : /\/node_modules\/preact\/|\/src\/ui\/(?!Field\.|StrengthMeter\.)/.test(id) ? 'ui' : undefined),
      },
      input: {
        signin: 'src/signin/index.html', agentPrompt: 'src/agent/prompt.html', requests: 'src/requests/index.html',
        ...(target === 'chrome' ? { offscreen: 'src/offscreen/clipboard.html' } : {}),
      },
    },
  },
}));
