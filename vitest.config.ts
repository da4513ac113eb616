import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', 'build/**', 'cdk.out/**', '.local/**'],
    // DynamoDB Local and cognito-local are started once per run and shared by every test file;
    // each file isolates itself with its own table-name prefix and user pool.
    globalSetup: ['test/global-setup.ts'],
    // Vitest's default is one file at a time on a 2-core machine (cores - 1). Most files spend
    // their time waiting on DynamoDB Local, cognito-local, Lambda workers and Chromium, so two at
    // once use the cores better: the whole suite in 811 s instead of about 1,330 s of file time
    // one after another (measured on this 2-core machine, 190 files, all passing).
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
