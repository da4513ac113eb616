import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BatchWriteItemCommand, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { readCheckpoint } from './checkpoint';
import { startStreamPipe } from './poller';
import { createStreamTable, dynamoClient, fast, recorder, source, tempDir, waitUntil } from './test-support';

const endpoint = inject('dynamoEndpoint');
const client = dynamoClient(endpoint);
const tableName = `pipes-kill-${process.pid}-${Date.now()}`;
const dir = tempDir();
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
  client.destroy();
  dir.remove();
});

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const childScript = fileURLToPath(new URL('./test-kill-child.ts', import.meta.url));

/** Starts the child poller and resolves with each JSON line it prints, as they come. */
function startChild(checkpointPath: string): { child: ChildProcess; lines: Record<string, unknown>[] } {
  const child = spawn(process.execPath, ['--import', tsx, childScript, endpoint, tableName, checkpointPath], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_NO_WARNINGS: '1' },
  });
  children.push(child);
  const lines: Record<string, unknown>[] = [];
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n')) {
      lines.push(JSON.parse(text.slice(0, newline)) as Record<string, unknown>);
      text = text.slice(newline + 1);
    }
  });
  return { child, lines };
}

describe('a poller killed with SIGKILL mid-batch', () => {
  it('leaves the unacknowledged batch to be delivered again by the next poller, with the changes made meanwhile', async () => {
    await createStreamTable(client, tableName);
    const checkpointPath = dir.file('killed.json');
    const { child, lines } = startChild(checkpointPath);
    await waitUntil('the child ready', () => lines.some((l) => l['ready'] === true), 30_000);
    await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: ['a', 'b', 'c'].map((pk) => ({ PutRequest: { Item: { pk: { S: pk } } } })) } }));
    await waitUntil('the batch in flight', () => lines.some((l) => Array.isArray(l['batch'])));
    expect(lines.find((l) => Array.isArray(l['batch']))?.['batch']).toEqual(['a', 'b', 'c']);

    const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    // The checkpoint was written at start and never moved: the batch was not acknowledged.
    const saved = readCheckpoint(checkpointPath);
    expect(saved).toBeDefined();
    expect(Object.values(saved?.shards ?? {}).every((s) => s.after === undefined)).toBe(true);

    await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: [{ PutRequest: { Item: { pk: { S: 'd' } } } }] } }));
    const rec = recorder();
    const pipe = await startStreamPipe({
      name: 'killed',
      tableName,
      endpoint,
      region: 'local',
      def: source({ batchSize: 10 }),
      checkpointPath,
      log: () => undefined,
      ...fast,
      target: async (records) => void rec.batches.push(records),
      deadLetter: rec.deadLetter,
    });
    try {
      await waitUntil('all four', () => rec.batches.flat().length === 4);
      expect(rec.keys()).toEqual(['a', 'b', 'c', 'd']);
    } finally {
      await pipe.stop();
    }
  });
});
