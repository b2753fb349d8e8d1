import { defineConfig } from 'vitest/config';

// Unit tests: pure core and pure helpers, in Node. Browser tests have their own config (vitest.e2e.config.ts).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts', 'test/support/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
