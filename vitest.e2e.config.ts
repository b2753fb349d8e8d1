import { defineConfig } from 'vitest/config';

// Browser tests: real headless Chromium and Firefox ESR with the built extension (run `npm run build` first).
// Serial: two cores, and each browser takes ~0.5 GB.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});
