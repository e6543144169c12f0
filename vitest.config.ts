import { defineConfig } from 'vitest/config';

// Unit and integration tests under plain Node. The Chromium end-to-end suite has its own
// config (e2e/vitest.config.ts) because it needs a build and a browser.
export default defineConfig({
  test: {
    include: ['electron/**/*.test.ts', 'fixtures/**/*.test.ts', 'scripts/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', ['json', { outputFile: 'test-results/unit.json' }]],
  },
});
