import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { captureOutput, killOnExit, stopChild } from './child-process';
import type { CognitoBrowserOrigins } from './cognito-gate';
import { signingKeyFile } from './cognito-keys';
import { freePort, urlHost } from './free-port';
import { firstMessage, forkWithWatchdog } from './watchdog';

export interface CognitoLocal {
  /** Base URL; the Cognito API answers POSTs here, and each pool's JWKS is at /<poolId>/.well-known/jwks.json. */
  endpoint: string;
  port: number;
  /** The process id of cognito-local. */
  pid: number;
  /** The issuer of a pool's tokens: `${endpoint}/${poolId}` with the host cognito-local was told. */
  issuerFor(userPoolId: string): string;
  jwksUriFor(userPoolId: string): string;
  stop(): Promise<void>;
}

/**
 * Starts cognito-local in its own process (cognito-local-process.ts), bound to `host` (127.0.0.1
 * unless asked otherwise), signing with this machine's key and behind the browser gate. It keeps
 * its state in `<dataDir>/.cognito` and the key in `<dataDir>/signing-key.pem`, so a persistent
 * dataDir keeps pools, users and valid tokens across restarts and a temporary one isolates tests.
 */
export async function startCognitoLocal(options: {
  dataDir: string;
  port?: number;
  host?: string;
  /** The origins whose pages may sign in from the browser; defaults to none. */
  browserOrigins?: CognitoBrowserOrigins;
}): Promise<CognitoLocal> {
  const port = options.port ?? (await freePort());
  const host = options.host ?? '127.0.0.1';
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  chmodSync(options.dataDir, 0o700);
  repairStateFiles(join(options.dataDir, '.cognito'));
  // cognito-local writes the host and port into each token's `iss`, so they must be the ones
  // clients use: 127.0.0.1 avoids localhost resolving to ::1 on some machines.
  const child = forkWithWatchdog(fileURLToPath(new URL('./cognito-local-process.ts', import.meta.url)), {
    cwd: options.dataDir,
    env: {
      PORT: String(port),
      HOST: host,
      COGNITO_SIGNING_KEY_FILE: signingKeyFile(options.dataDir),
      COGNITO_BROWSER_ORIGINS: JSON.stringify(options.browserOrigins ?? []),
    },
  });
  killOnExit(child);
  const output = captureOutput(child);
  const endpoint = `http://${urlHost(host)}:${port}`;
  await firstMessage(child, (message) => ((message as { type?: string }).type === 'ready' ? true : undefined), output, 'cognito-local');
  return {
    endpoint,
    port,
    pid: child.pid ?? -1,
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
