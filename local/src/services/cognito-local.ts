import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { captureOutput, killOnExit, stopChild, waitUntilReady } from './child-process';
import { freePort } from './free-port';

export interface CognitoLocal {
  /** Base URL; the Cognito API answers POSTs here, and each pool's JWKS is at /<poolId>/.well-known/jwks.json. */
  endpoint: string;
  port: number;
  /** The issuer of a pool's tokens: `${endpoint}/${poolId}` with the host cognito-local was told. */
  issuerFor(userPoolId: string): string;
  jwksUriFor(userPoolId: string): string;
  stop(): Promise<void>;
}

/**
 * Starts cognito-local in its own process. It keeps its state in `<dataDir>/.cognito`, so a
 * persistent dataDir keeps pools and users across restarts and a temporary one isolates tests.
 */
export async function startCognitoLocal(options: { dataDir: string; port?: number }): Promise<CognitoLocal> {
  const port = options.port ?? (await freePort());
  mkdirSync(options.dataDir, { recursive: true });
  repairStateFiles(join(options.dataDir, '.cognito'));
  const require = createRequire(import.meta.url);
  const entry = join(dirname(require.resolve('cognito-local/package.json')), 'lib/bin/start.js');
  // cognito-local writes the host and port into each token's `iss`, so they must be the ones
  // clients use: 127.0.0.1 avoids localhost resolving to ::1 on some machines.
  const child = spawn(process.execPath, [entry], {
    cwd: options.dataDir,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', NODE_NO_WARNINGS: '1' },
    stdio: 'pipe',
  });
  killOnExit(child);
  const output = captureOutput(child);
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilReady(
    'cognito-local',
    child,
    async () => {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'AWSCognitoIdentityProviderService.ListUserPools',
        },
        body: JSON.stringify({ MaxResults: 1 }),
      });
      return response.ok;
    },
    output,
    30_000,
  );
  return {
    endpoint,
    port,
    issuerFor: (poolId) => `${endpoint}/${poolId}`,
    jwksUriFor: (poolId) => `${endpoint}/${poolId}/.well-known/jwks.json`,
    stop: () => stopChild(child),
  };
}

function parses(file: string): boolean {
  try {
    JSON.parse(readFileSync(file, 'utf8'));
    return true;
  } catch {
    return false;
  }
}

/**
 * cognito-local rewrites its JSON files in place, so a kill in the middle of a write (power cut,
 * SIGKILL, the OOM killer) leaves a truncated file it then refuses to start with. Before each
 * start, every file that parses is copied to `<file>.bak`; one that does not is replaced by its last
 * good copy (losing only what changed in that file since the previous start), or moved aside if
 * there is none, so the local system always comes back.
 */
export function repairStateFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const repaired: string[] = [];
  const visit = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        visit(path);
        continue;
      }
      if (!entry.name.endsWith('.json')) continue;
      if (parses(path)) {
        copyFileSync(path, `${path}.bak`);
        continue;
      }
      const backup = `${path}.bak`;
      if (existsSync(backup) && parses(backup)) copyFileSync(backup, path);
      else renameSync(path, `${path}.corrupt-${Date.now()}`);
      repaired.push(path);
    }
  };
  visit(dir);
  for (const path of repaired) console.warn(`cognito-local: ${path} was damaged (a crash mid-write?); restored its last good copy.`);
  return repaired;
}
