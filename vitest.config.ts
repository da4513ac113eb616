import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', 'build/**', 'cdk.out/**', '.local/**'],
    // DynamoDB Local and cognito-local are started once per run and shared by every test file;
    // each file isolates itself with its own table-name prefix and user pool.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
