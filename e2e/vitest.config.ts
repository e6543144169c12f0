import { defineConfig } from 'vitest/config';

// The renderer in Debian's Chromium against the real engine through the loopback bridge.
// Needs `npm run build:renderer` first (the bridge build in dist/renderer-bridge).
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 240_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: ['default', ['json', { outputFile: 'test-results/e2e.json' }]],
  },
});
