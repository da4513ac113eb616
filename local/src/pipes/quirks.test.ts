import { BatchWriteItemCommand, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand } from '@aws-sdk/client-dynamodb-streams';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { startDynamoDbLocal } from '../services/dynamodb-local';
import { readCheckpoint, writeCheckpoint } from './checkpoint';
import { startStreamPipe, type StreamPipe, type StreamPipeOptions } from './poller';
import { streamsClient } from './stream';
import { createStreamTable, dynamoClient, type FaultProxy, fast, recorder, source, startFaultProxy, tempDir, waitUntil } from './test-support';

const endpoint = inject('dynamoEndpoint');
const client = dynamoClient(endpoint);
const prefix = `pipes-quirks-${process.pid}-${Date.now()}`;
const tables = new Set<string>();
const running: StreamPipe[] = [];
const proxies: FaultProxy[] = [];
const dir = tempDir();

afterEach(async () => {
  await Promise.all(running.splice(0).map((pipe) => pipe.stop()));
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});

afterAll(async () => {
  await Promise.all([...tables].map((TableName) => client.send(new DeleteTableCommand({ TableName })).catch(() => undefined)));
  client.destroy();
  dir.remove();
});

let counter = 0;
async function table(): Promise<{ tableName: string; streamArn: string }> {
  counter += 1;
  const tableName = `${prefix}-${counter}`;
  const streamArn = await createStreamTable(client, tableName);
  tables.add(tableName);
  return { tableName, streamArn };
}

async function putMany(tableName: string, keys: string[]): Promise<void> {
  await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: keys.map((pk) => ({ PutRequest: { Item: { pk: { S: pk } } } })) } }));
}

async function start(overrides: Partial<StreamPipeOptions> & Pick<StreamPipeOptions, 'tableName' | 'target' | 'deadLetter' | 'checkpointPath'>): Promise<{ pipe: StreamPipe; logs: string[] }> {
  const logs: string[] = [];
  const pipe = await startStreamPipe({ name: 'quirks', endpoint, region: 'local', def: source(), log: (level, message) => logs.push(`${level}: ${message}`), ...fast, ...overrides });
  running.push(pipe);
  return { pipe, logs };
}

const keysOf = (rec: ReturnType<typeof recorder>): string[] => rec.keys();

describe('DynamoDB Local stream quirks', () => {
  it('re-gets an expired iterator from the checkpoint and loses nothing', async () => {
    const { tableName } = await table();
    const proxy = await startFaultProxy(endpoint);
    proxies.push(proxy);
    const rec = recorder();
    const { pipe, logs } = await start({
      tableName,
      endpoint: proxy.endpoint,
      checkpointPath: dir.file('expired.json'),
      target: async (records) => void rec.batches.push(records),
      deadLetter: rec.deadLetter,
    });
    await putMany(tableName, ['a', 'b']);
    await waitUntil('first two', () => rec.batches.flat().length === 2);
    proxy.expireIterators(2);
    await putMany(tableName, ['c', 'd']);
    await waitUntil('all four', () => rec.batches.flat().length === 4);
    expect(keysOf(rec)).toEqual(['a', 'b', 'c', 'd']);
    expect(pipe.stats().expiredIterators).toBe(2);
    expect(logs.filter((l) => l.includes('expired'))).toHaveLength(2);
  });

  it('reads a shard again from its trim horizon after TrimmedDataAccessException, and counts it', async () => {
    const { tableName } = await table();
    const proxy = await startFaultProxy(endpoint);
    proxies.push(proxy);
    const rec = recorder();
    const { pipe, logs } = await start({
      tableName,
      endpoint: proxy.endpoint,
      checkpointPath: dir.file('trimmed.json'),
      target: async (records) => void rec.batches.push(records),
      deadLetter: rec.deadLetter,
    });
    await putMany(tableName, ['a']);
    await waitUntil('first', () => rec.batches.flat().length === 1);
    proxy.trimNext(1);
    // The poller's next read gets the fault whenever it comes (on a loaded machine, before or
    // after `b` is written): wait for the restart itself, then write `b`.
    await waitUntil('the restart', () => pipe.stats().trimmedRestarts === 1);
    await putMany(tableName, ['b']);
    await waitUntil('b', () => rec.keys().includes('b'));
    // Nothing was really trimmed here, so reading from the horizon again delivers `a` again
    // (at least once, as the pipe promises), then `b`, and nothing is lost.
    expect(keysOf(rec)).toEqual(['a', 'a', 'b']);
    expect(pipe.stats().trimmedRestarts).toBe(1);
    expect(logs.some((l) => l.startsWith('error:') && l.includes('trimmed'))).toBe(true);
  });

  it('starts the stream afresh when the checkpoint names a shard the stream no longer has', async () => {
    const { tableName, streamArn } = await table();
    await putMany(tableName, ['a', 'b']);
    const checkpointPath = dir.file('lost-shard.json');
    writeCheckpoint(checkpointPath, { version: 1, streamArn, shards: { 'shardId-00000000000000000000-00000000': { after: '000000000000000000007' } } });
    const rec = recorder();
    const { pipe, logs } = await start({ tableName, checkpointPath, target: async (records) => void rec.batches.push(records), deadLetter: rec.deadLetter });
    await waitUntil('both', () => rec.batches.flat().length === 2);
    expect(keysOf(rec)).toEqual(['a', 'b']);
    expect(pipe.stats().shardsLost).toBe(1);
    expect(logs.some((l) => l.includes('shardId-00000000000000000000-00000000') && l.includes('no longer in the stream'))).toBe(true);
    const saved = readCheckpoint(checkpointPath);
    expect(Object.keys(saved?.shards ?? {})).not.toContain('shardId-00000000000000000000-00000000');
  });

  it('notices a re-created table by its new stream ARN and reads the new stream from its start', async () => {
    const { tableName } = await table();
    const checkpointPath = dir.file('recreated.json');
    const first = recorder();
    const { pipe } = await start({ tableName, checkpointPath, target: async (records) => void first.batches.push(records), deadLetter: first.deadLetter });
    await putMany(tableName, ['old']);
    await waitUntil('old', () => first.batches.flat().length === 1);
    await pipe.stop();
    running.splice(running.indexOf(pipe), 1);
    const oldArn = pipe.streamArn;

    await client.send(new DeleteTableCommand({ TableName: tableName }));
    // Stream labels are millisecond timestamps: a table re-created within the same millisecond would keep its ARN.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await createStreamTable(client, tableName);
    await putMany(tableName, ['new-1', 'new-2']);
    const second = recorder();
    const restarted = await start({ tableName, checkpointPath, target: async (records) => void second.batches.push(records), deadLetter: second.deadLetter });
    expect(restarted.pipe.streamArn).not.toBe(oldArn);
    await waitUntil('new records', () => second.batches.flat().length === 2);
    expect(keysOf(second)).toEqual(['new-1', 'new-2']);
    expect(restarted.pipe.stats().streamRecreated).toBe(1);
    expect(restarted.logs.some((l) => l.includes(oldArn) && l.includes('re-created'))).toBe(true);
    expect(readCheckpoint(checkpointPath)?.streamArn).toBe(restarted.pipe.streamArn);
  });

  it('follows a table re-created while it runs onto the new stream', async () => {
    const { tableName } = await table();
    const rec = recorder();
    const { pipe } = await start({ tableName, checkpointPath: dir.file('recreated-live.json'), target: async (records) => void rec.batches.push(records), deadLetter: rec.deadLetter });
    await putMany(tableName, ['before']);
    await waitUntil('before', () => rec.batches.flat().length === 1);
    await client.send(new DeleteTableCommand({ TableName: tableName }));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const newArn = await createStreamTable(client, tableName);
    await putMany(tableName, ['after']);
    await waitUntil('after', () => rec.keys().includes('after'));
    expect(keysOf(rec)).toEqual(['before', 'after']);
    expect(pipe.streamArn).toBe(newArn);
  });

  it('reads the closed shard of a deleted table\'s stream to its end and marks it ended, so its children may start', async () => {
    // DynamoDB Local never splits a shard, but closes it when the table goes: the closed-shard half
    // of parent-before-child is checked here on a real one (the ordering itself in shards.test.ts).
    const { tableName, streamArn } = await table();
    await putMany(tableName, ['a', 'b']);
    const streams = streamsClient({ endpoint, region: 'local' });
    const rec = recorder();
    const { pipe } = await start({ tableName, streamArn, checkpointPath: dir.file('closed.json'), target: async (records) => void rec.batches.push(records), deadLetter: rec.deadLetter });
    await waitUntil('both', () => rec.batches.flat().length === 2);
    await client.send(new DeleteTableCommand({ TableName: tableName }));
    tables.delete(tableName);
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    streams.destroy();
    const shardId = StreamDescription?.Shards?.[0]?.ShardId ?? '';
    expect(StreamDescription?.Shards?.[0]?.SequenceNumberRange?.EndingSequenceNumber).toBeDefined();
    await waitUntil('the closed shard marked ended', () => readCheckpoint(dir.file('closed.json'))?.shards[shardId]?.ended === true);
    expect(pipe.stats().delivered).toBe(2);
  });

  it('keeps its place while DynamoDB Local restarts, and delivers what was written before and after', async () => {
    const data = tempDir();
    const own = await startDynamoDbLocal({ dbPath: data.file('db') });
    const ownClient = dynamoClient(own.endpoint);
    let restarted: Awaited<ReturnType<typeof startDynamoDbLocal>> | undefined;
    try {
      const tableName = `${prefix}-restart`;
      await createStreamTable(ownClient, tableName);
      const rec = recorder();
      const { pipe, logs } = await start({
        tableName,
        endpoint: own.endpoint,
        checkpointPath: dir.file('ddb-restart.json'),
        target: async (records) => void rec.batches.push(records),
        deadLetter: rec.deadLetter,
      });
      const write = (pk: string) => ownClient.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: [{ PutRequest: { Item: { pk: { S: pk } } } }] } }));
      await write('before');
      await waitUntil('before', () => rec.batches.flat().length === 1);
      await own.stop();
      await waitUntil('the outage noticed', () => logs.some((l) => l.startsWith('error:')), 30_000);
      restarted = await startDynamoDbLocal({ dbPath: data.file('db'), port: own.port });
      await write('after');
      await waitUntil('after', () => rec.keys().includes('after'), 30_000);
      expect(rec.keys()).toEqual(['before', 'after']);
      expect(pipe.streamArn).toContain(tableName);
    } finally {
      await Promise.all(running.splice(0).map((p) => p.stop()));
      ownClient.destroy();
      await restarted?.stop();
      await own.stop().catch(() => undefined);
      data.remove();
    }
  }, 120_000);
});
