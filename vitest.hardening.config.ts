import { defineConfig } from 'vitest/config';

/**
 * The slow half of the hardening suite (test/hardening/*.slow.ts): the 60-second load run, the
 * runtime killed under load, the 10,000-resolver limit. `npm test` leaves them out by name;
 * `npm run test:hardening` runs them, one file at a time so their load figures are their own.
 */
export default defineConfig({
  test: {
    include: ['test/hardening/**/*.slow.ts'],
    globalSetup: ['test/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
