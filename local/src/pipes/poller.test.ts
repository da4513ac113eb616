import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { BatchWriteItemCommand, CreateTableCommand, DeleteItemCommand, DeleteTableCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { compileEventPattern } from '../eventbridge/pattern';
import { CheckpointError, readCheckpoint } from './checkpoint';
import { PipeValidationError } from './options';
import { StreamNotFoundError } from './stream';
import { startStreamPipe, type StreamPipe, type StreamPipeOptions } from './poller';
import { createStreamTable, dynamoClient, fast, keyOf, recorder, source, tempDir, waitUntil } from './test-support';

const endpoint = inject('dynamoEndpoint');
const client = dynamoClient(endpoint);
const prefix = `pipes-${process.pid}-${Date.now()}`;
const tables: string[] = [];
const running: StreamPipe[] = [];
const dirs: ReturnType<typeof tempDir>[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((pipe) => pipe.stop()));
});

afterAll(async () => {
  await Promise.all(tables.map((TableName) => client.send(new DeleteTableCommand({ TableName }))));
  client.destroy();
  for (const dir of dirs) dir.remove();
});

let counter = 0;
async function table(): Promise<string> {
  counter += 1;
  const name = `${prefix}-${counter}`;
  await createStreamTable(client, name);
  tables.push(name);
  return name;
}

async function put(tableName: string, pk: string, attributes: Record<string, string> = {}): Promise<void> {
  const Item = { pk: { S: pk }, ...Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, { S: v }])) };
  await client.send(new PutItemCommand({ TableName: tableName, Item }));
}

async function putMany(tableName: string, keys: string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 25) {
    const chunk = keys.slice(i, i + 25);
    await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: chunk.map((pk) => ({ PutRequest: { Item: { pk: { S: pk } } } })) } }));
  }
}

async function start(overrides: Partial<StreamPipeOptions> & Pick<StreamPipeOptions, 'tableName' | 'target' | 'deadLetter'>): Promise<StreamPipe> {
  const dir = tempDir();
  dirs.push(dir);
  const pipe = await startStreamPipe({
    name: 'test-pipe',
    endpoint,
    region: 'eu-west-1',
    def: source(),
    checkpointPath: dir.file('checkpoint.json'),
    log: () => undefined,
    ...fast,
    ...overrides,
  });
  running.push(pipe);
  return pipe;
}

describe('startStreamPipe', () => {
  it('delivers inserts, modifies and removes in order, with keys and images, shaped as Lambda delivers them', async () => {
    const tableName = await table();
    const rec = recorder();
    const pipe = await start({ tableName, target: async (records) => void rec.batches.push(records), deadLetter: rec.deadLetter });
    await put(tableName, 'a', { status: 'new' });
    await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: { pk: { S: 'a' } },
        UpdateExpression: 'SET #s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': { S: 'paid' } },
      }),
    );
    await client.send(new DeleteItemCommand({ TableName: tableName, Key: { pk: { S: 'a' } } }));
    await waitUntil('three records', () => rec.batches.flat().length === 3);

    const [insert, modify, remove] = rec.batches.flat();
    expect([insert?.eventName, modify?.eventName, remove?.eventName]).toEqual(['INSERT', 'MODIFY', 'REMOVE']);
    expect(insert).toMatchObject({
      eventSource: 'aws:dynamodb',
      awsRegion: 'eu-west-1',
      eventSourceARN: pipe.streamArn,
      dynamodb: { Keys: { pk: { S: 'a' } }, NewImage: { pk: { S: 'a' }, status: { S: 'new' } }, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
    expect(insert?.eventID).toMatch(/\S/);
    expect(insert?.eventVersion).toMatch(/^1\.\d$/);
    expect(insert?.dynamodb.OldImage).toBeUndefined();
    expect(typeof insert?.dynamodb.ApproximateCreationDateTime).toBe('number');
    expect(insert?.dynamodb.SizeBytes).toBeGreaterThan(0);
    expect(modify?.dynamodb.OldImage).toEqual({ pk: { S: 'a' }, status: { S: 'new' } });
    expect(modify?.dynamodb.NewImage).toEqual({ pk: { S: 'a' }, status: { S: 'paid' } });
    expect(remove?.dynamodb.OldImage).toEqual({ pk: { S: 'a' }, status: { S: 'paid' } });
    expect(remove?.dynamodb.NewImage).toBeUndefined();
    const sequence = rec.batches.flat().map((r) => BigInt(r.dynamodb.SequenceNumber));
    expect([...sequence].sort((x, y) => (x < y ? -1 : 1))).toEqual(sequence);
    expect(pipe.stats()).toMatchObject({ recordsRead: 3, delivered: 3, filtered: 0, retried: 0, deadLettered: 0 });
  });

  it('hands the target at most batchSize records, filling batches within the batching window', async () => {
    const tableName = await table();
    const keys = Array.from({ length: 25 }, (_, i) => `k${String(i).padStart(2, '0')}`);
    await putMany(tableName, keys);
    const rec = recorder();
    await start({
      tableName,
      def: source({ batchSize: 10, maximumBatchingWindowSeconds: 1 }),
      target: async (records) => void rec.batches.push(records),
      deadLetter: rec.deadLetter,
    });
    await waitUntil('25 records', () => rec.batches.flat().length === 25);
    expect(rec.batches.map((b) => b.length)).toEqual([10, 10, 5]);
    expect(rec.keys()).toEqual(keys);
  });

  it('delivers only the records matching a filter pattern and checkpoints past the others', async () => {
    const tableName = await table();
    const rec = recorder();
    const dir = tempDir();
    dirs.push(dir);
    const pipe = await start({
      tableName,
      checkpointPath: dir.file('filtered.json'),
      filter: [compileEventPattern({ eventName: ['INSERT'], dynamodb: { NewImage: { status: { S: ['paid'] } } } }), compileEventPattern({ eventName: ['REMOVE'] })],
      target: async (records) => void rec.batches.push(records),
      deadLetter: rec.deadLetter,
    });
    await put(tableName, 'paid-1', { status: 'paid' });
    await put(tableName, 'new-1', { status: 'new' });
    await client.send(new DeleteItemCommand({ TableName: tableName, Key: { pk: { S: 'new-1' } } }));
    await put(tableName, 'new-2', { status: 'new' });
    await waitUntil('four records read', () => pipe.stats().recordsRead === 4);
    await waitUntil('filtered tail checkpointed', () => Object.values(readCheckpoint(dir.file('filtered.json'))?.shards ?? {}).some((s) => s.after !== undefined && pipe.stats().pending === 0));
    expect(rec.batches.flat().map((r) => `${r.eventName} ${keyOf(r)}`)).toEqual(['INSERT paid-1', 'REMOVE new-1']);
    expect(pipe.stats()).toMatchObject({ delivered: 2, filtered: 2 });
    await pipe.stop();
    running.splice(running.indexOf(pipe), 1);
    // The last record was filtered out, yet the checkpoint is past it: a restart delivers nothing again.
    const again = recorder();
    const restarted = await start({
      tableName,
      checkpointPath: dir.file('filtered.json'),
      target: async (records) => void again.batches.push(records),
      deadLetter: again.deadLetter,
    });
    await put(tableName, 'after', { status: 'new' });
    await waitUntil('the new record', () => again.batches.flat().length === 1);
    expect(again.keys()).toEqual(['after']);
    expect(restarted.stats().recordsRead).toBe(1);
  });

  it('retries from the first record a target reports failed, and loses none', async () => {
    const tableName = await table();
    const keys = ['a', 'b', 'c', 'd', 'e', 'f'];
    await putMany(tableName, keys);
    const rec = recorder();
    let failedOnce = false;
    const pipe = await start({
      tableName,
      def: source({ batchSize: 6, maximumBatchingWindowSeconds: 1 }),
      target: async (records) => {
        rec.batches.push(records);
        const c = records.find((r) => keyOf(r) === 'c');
        const e = records.find((r) => keyOf(r) === 'e');
        if (!failedOnce && c && e) {
          failedOnce = true;
          // Two failures: the lowest sequence number is the checkpoint (partial batch response rules).
          return { batchItemFailures: [{ itemIdentifier: e.dynamodb.SequenceNumber }, { itemIdentifier: c.dynamodb.SequenceNumber }] };
        }
        return { batchItemFailures: [] };
      },
      deadLetter: rec.deadLetter,
    });
    await waitUntil('every record acknowledged', () => pipe.stats().delivered === 6);
    expect(rec.batches.map((b) => b.map(keyOf))).toEqual([keys, ['c', 'd', 'e', 'f']]);
    expect(pipe.stats()).toMatchObject({ delivered: 6, retried: 4, deadLettered: 0, invocations: 2 });
  });

  it('treats a batchItemFailures entry naming no record of the batch as a failure of the whole batch', async () => {
    const tableName = await table();
    await putMany(tableName, ['a', 'b']);
    const rec = recorder();
    const pipe = await start({
      tableName,
      def: source({ batchSize: 2, maximumBatchingWindowSeconds: 1 }),
      target: async (records) => {
        rec.batches.push(records);
        return rec.batches.length === 1 ? { batchItemFailures: [{ itemIdentifier: '' }] } : undefined;
      },
      deadLetter: rec.deadLetter,
    });
    await waitUntil('both acknowledged', () => pipe.stats().delivered === 2);
    expect(rec.batches.map((b) => b.map(keyOf))).toEqual([['a', 'b'], ['a', 'b']]);
  });

  it('bisects a failing batch until the poison record is alone, sends it to the dead-letter destination and delivers the others', async () => {
    const tableName = await table();
    const keys = ['a', 'b', 'c', 'poison', 'e', 'f', 'g', 'h'];
    await putMany(tableName, keys);
    const rec = recorder();
    const acknowledged: string[] = [];
    const pipe = await start({
      tableName,
      def: source({ batchSize: 8, maximumBatchingWindowSeconds: 1, maximumRetryAttempts: 1, onPartialBatchItemFailure: 'AUTOMATIC_BISECT' }),
      target: async (records) => {
        rec.batches.push(records);
        if (records.some((r) => keyOf(r) === 'poison')) throw new Error('cannot handle poison');
        acknowledged.push(...records.map(keyOf));
      },
      deadLetter: rec.deadLetter,
    });
    await waitUntil('settled', () => pipe.stats().delivered + pipe.stats().deadLettered === 8);
    expect(acknowledged).toEqual(keys.filter((k) => k !== 'poison'));
    // 8 -> 4+4 -> (2+2)+4 -> (2+(1+1))+4: the poison alone fails twice (one retry), then goes.
    expect(rec.batches.map((b) => b.map(keyOf).join(''))).toEqual(['abcpoisonefgh', 'abcpoison', 'ab', 'cpoison', 'c', 'poison', 'poison', 'efgh']);
    expect(rec.deadLetters).toHaveLength(1);
    const [dead] = rec.deadLetters;
    const poison = dead?.records[0];
    expect(dead?.records.map(keyOf)).toEqual(['poison']);
    expect(dead?.message).toEqual({
      context: { partnerResourceArn: 'arn:aws:pipes:eu-west-1:000000000000:pipe/test-pipe', condition: 'RetryAttemptsExhausted' },
      version: '1.0',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      DDBStreamBatchInfo: {
        shardId: expect.stringMatching(/^shardId-/),
        startSequenceNumber: poison?.dynamodb.SequenceNumber,
        endSequenceNumber: poison?.dynamodb.SequenceNumber,
        approximateArrivalOfFirstRecord: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        approximateArrivalOfLastRecord: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        batchSize: 1,
        streamArn: pipe.streamArn,
      },
    });
    expect(pipe.stats()).toMatchObject({ delivered: 7, deadLettered: 1 });
  });

  it('sends a whole batch that exhausts its retries to the dead-letter destination and moves on', async () => {
    const tableName = await table();
    await putMany(tableName, ['a', 'b', 'c']);
    const rec = recorder();
    const pipe = await start({
      tableName,
      def: source({ batchSize: 3, maximumBatchingWindowSeconds: 1, maximumRetryAttempts: 2 }),
      target: async (records) => {
        rec.batches.push(records);
        if (records.some((r) => keyOf(r) === 'b')) throw new Error('down');
      },
      deadLetter: rec.deadLetter,
    });
    await waitUntil('dead-lettered', () => pipe.stats().deadLettered === 3);
    expect(rec.batches).toHaveLength(3);
    expect(rec.deadLetters[0]?.message.DDBStreamBatchInfo.batchSize).toBe(3);
    await put(tableName, 'later');
    await waitUntil('the next record', () => pipe.stats().delivered === 1);
    expect(rec.batches.at(-1)?.map(keyOf)).toEqual(['later']);
  });

  it('discards records older than maximumRecordAgeSeconds to the dead-letter destination without invoking the target', async () => {
    const tableName = await table();
    await putMany(tableName, ['old-1', 'old-2']);
    const rec = recorder();
    const pipe = await start({
      tableName,
      def: source({ batchSize: 10, maximumRecordAgeSeconds: 60 }),
      // The pipe's clock runs three minutes ahead, so every record is past 60 s.
      clock: { now: () => Date.now() + 3 * 60_000 },
      target: async (records) => void rec.batches.push(records),
      deadLetter: rec.deadLetter,
    });
    await waitUntil('dead-lettered', () => pipe.stats().deadLettered === 2);
    expect(rec.batches).toHaveLength(0);
    expect(rec.deadLetters.map((d) => d.message.context.condition)).toEqual(['RecordAgeExceeded']);
    expect(rec.deadLetters[0]?.records.map(keyOf)).toEqual(['old-1', 'old-2']);
  });

  it('resumes from its checkpoint after a stop: exactly the changes made while it was down', async () => {
    const tableName = await table();
    const dir = tempDir();
    dirs.push(dir);
    const checkpointPath = dir.file('resume.json');
    const first = recorder();
    const pipe = await start({ tableName, checkpointPath, target: async (records) => void first.batches.push(records), deadLetter: first.deadLetter });
    await putMany(tableName, ['a', 'b', 'c']);
    await waitUntil('first three', () => first.batches.flat().length === 3);
    await pipe.stop();
    running.splice(running.indexOf(pipe), 1);

    await putMany(tableName, ['d', 'e', 'f']);
    const second = recorder();
    await start({ tableName, checkpointPath, target: async (records) => void second.batches.push(records), deadLetter: second.deadLetter });
    await waitUntil('next three', () => second.batches.flat().length === 3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(second.keys()).toEqual(['d', 'e', 'f']);
  });

  it('starts at LATEST without the older records, and a restart before any change still delivers what was written meanwhile', async () => {
    const tableName = await table();
    await putMany(tableName, ['before-1', 'before-2']);
    const dir = tempDir();
    dirs.push(dir);
    const checkpointPath = dir.file('latest.json');
    const first = recorder();
    const pipe = await start({ tableName, checkpointPath, def: source({ startingPosition: 'LATEST' }), target: async (r) => void first.batches.push(r), deadLetter: first.deadLetter });
    await pipe.stop();
    running.splice(running.indexOf(pipe), 1);
    expect(first.batches).toHaveLength(0);

    await put(tableName, 'while-down');
    const second = recorder();
    await start({ tableName, checkpointPath, def: source({ startingPosition: 'LATEST' }), target: async (r) => void second.batches.push(r), deadLetter: second.deadLetter });
    await put(tableName, 'after');
    await waitUntil('two records', () => second.batches.flat().length === 2);
    expect(second.keys()).toEqual(['while-down', 'after']);
  });

  it('stop waits for the batch in flight and writes its checkpoint', async () => {
    const tableName = await table();
    const dir = tempDir();
    dirs.push(dir);
    const checkpointPath = dir.file('stop.json');
    let release: () => void = () => undefined;
    const entered: string[] = [];
    const pipe = await start({
      tableName,
      checkpointPath,
      target: async (records) => {
        entered.push(...records.map(keyOf));
        await new Promise<void>((resolve) => (release = resolve));
      },
      deadLetter: recorder().deadLetter,
    });
    await put(tableName, 'slow');
    await waitUntil('the target called', () => entered.length === 1);
    let stopped = false;
    const stopping = pipe.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(stopped).toBe(false);
    release();
    await stopping;
    running.splice(running.indexOf(pipe), 1);
    const saved = readCheckpoint(checkpointPath);
    expect(Object.values(saved?.shards ?? {}).map((s) => s.after)).toContainEqual(expect.stringMatching(/^\d+$/));
  });

  it('refuses settings AWS refuses, before reading or writing anything', async () => {
    const tableName = await table();
    const dir = tempDir();
    dirs.push(dir);
    const checkpointPath = dir.file('never.json');
    const attempt = start({ tableName, checkpointPath, def: source({ batchSize: 0, maximumRecordAgeSeconds: 30 }), target: async () => undefined, deadLetter: async () => undefined });
    await expect(attempt).rejects.toThrow(PipeValidationError);
    await expect(attempt).rejects.toThrow(
      "Pipe test-pipe: 2 validation errors detected: Value '0' at 'sourceParameters.dynamoDBStreamParameters.batchSize' failed to satisfy constraint: Member must have value greater than or equal to 1; Value '30' at 'sourceParameters.dynamoDBStreamParameters.maximumRecordAgeInSeconds' failed to satisfy constraint: Member must have value -1 or greater than or equal to 60",
    );
    expect(existsSync(checkpointPath)).toBe(false);
  });

  it('names the table when it has no stream or does not exist', async () => {
    counter += 1;
    const plain = `${prefix}-plain-${counter}`;
    await client.send(
      new CreateTableCommand({
        TableName: plain,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    tables.push(plain);
    const none = async (): Promise<void> => undefined;
    await expect(start({ tableName: plain, target: none, deadLetter: none })).rejects.toThrow(
      new StreamNotFoundError(`Table ${plain} has no enabled stream: declare one in its TableDefinition (stream).`),
    );
    await expect(start({ tableName: `${prefix}-missing`, target: none, deadLetter: none })).rejects.toThrow(
      new StreamNotFoundError(`Table ${prefix}-missing does not exist, so it has no stream to read.`),
    );
  });

  it('refuses a checkpoint it cannot read rather than starting over, and leaves the file as it was', async () => {
    const tableName = await table();
    const dir = tempDir();
    dirs.push(dir);
    const checkpointPath = dir.file('broken.json');
    writeFileSync(checkpointPath, '{"version": 1, "streamArn": ');
    const none = async (): Promise<void> => undefined;
    await expect(start({ tableName, checkpointPath, target: none, deadLetter: none })).rejects.toThrow(
      new CheckpointError(`Checkpoint ${checkpointPath} is not JSON; move it away to read the stream afresh.`),
    );
    expect(readFileSync(checkpointPath, 'utf8')).toBe('{"version": 1, "streamArn": ');
  });
});
