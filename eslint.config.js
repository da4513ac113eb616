// Resolver code runs in AppSync's APPSYNC_JS runtime, which lacks much of JavaScript (no
// try/catch, classes, while, regex literals, recursion, ...): @aws-appsync/eslint-plugin catches
// those on resolvers/ only. Everything else is ordinary TypeScript.
import appsync from '@aws-appsync/eslint-plugin';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

export const RESOLVER_FILES = ['resolvers/**/*.ts'];
// Tests beside resolvers run in Node, not in AppSync.
export const RESOLVER_IGNORES = ['resolvers/**/*.test.ts'];

export default defineConfig(
  globalIgnores(['**/node_modules/', 'generated/', 'cdk.out/', 'build/', 'dist/', '.local/', 'test-results/']),
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended],
  },
  {
    files: RESOLVER_FILES,
    ignores: RESOLVER_IGNORES,
    // `recommended` adds the rules that need type information (recursion, disallowed methods,
    // passing or returning functions); the project service gives them the repo's tsconfig.
    extends: [appsync.configs.recommended],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // The plugin has no rule for `throw`, which APPSYNC_JS rejects too.
      'no-restricted-syntax': [
        'error',
        { selector: 'ThrowStatement', message: 'APPSYNC_JS has no throw: call util.error(message, errorType).' },
      ],
    },
  },
);
