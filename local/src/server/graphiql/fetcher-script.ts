import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Where the explorer page loads the browser bundle of ./appsync-fetcher.ts from. */
export const APPSYNC_FETCHER_PATH = '/graphiql/assets/appsync-fetcher.js';

/** The bundle's global: `AppSyncGraphiQL.appSyncFetcher(...)`. */
export const APPSYNC_FETCHER_GLOBAL = 'AppSyncGraphiQL';

const ENTRY = fileURLToPath(new URL('./appsync-fetcher.ts', import.meta.url));

let script: Promise<string> | null = null;

/**
 * The explorer's AppSync real-time client, bundled from its TypeScript source on first request and
 * kept for the life of the process (the runtime already runs esbuild for resolvers).
 */
export function appSyncFetcherScript(): Promise<string> {
  script ??= build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: APPSYNC_FETCHER_GLOBAL,
    platform: 'browser',
    target: 'es2020',
    minify: true,
    logLevel: 'silent',
  }).then(
    (result) => result.outputFiles[0]?.text ?? '',
    (error: unknown) => {
      // A failed build is retried on the next request rather than cached.
      script = null;
      throw error;
    },
  );
  return script;
}
