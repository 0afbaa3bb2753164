import { defineConfig } from 'vitest/config';

// WATCHSYNC_NO_SERVICES=1 runs pure unit tests without starting Temporal and PostgreSQL (a dev shortcut;
// `npm test` always starts them).
const withServices = process.env.WATCHSYNC_NO_SERVICES !== '1';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One Temporal dev server and one PostgreSQL database for the whole run (test/setup/global.ts).
    globalSetup: withServices ? ['test/setup/global.ts'] : [],
    setupFiles: ['test/setup/quiet-runtime.ts'],
    // The Temporal worker loads a native module: forks isolate it better than worker threads.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
