import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createLambdaService, type LambdaService } from '../lambda';
import { batchItemFailures, createQueues, startQueueConsumer, type BatchSummary, type QueueConsumer, type QueueRegistry } from './index';

const handlers = fileURLToPath(new URL('../lambda/fixtures/handlers.ts', import.meta.url));

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Delivery {
  messageId: string;
  body: string;
  receiveCount: number;
}

/** A queue (with a dead-letter queue), a function recording what it was given, and a consumer between them. */
function world(handlerExport: string, consumer: { batchSize: number; reportBatchItemFailures: boolean; maximumBatchingWindowSeconds?: number; maximumConcurrency?: number }) {
  const dir = mkdtempSync(join(tmpdir(), 'sqs-consumer-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const queues: QueueRegistry = createQueues({
    work: { visibilityTimeoutSeconds: 2, redrive: { deadLetterQueue: 'dead', maxReceiveCount: 2 } },
    dead: { visibilityTimeoutSeconds: 30 },
  });
  cleanups.push(() => queues.close());
  const lambda: LambdaService = createLambdaService({ functions: { worker: { handlerModule: handlers, handlerExport, timeoutMs: 5_000, environment: { RECORD_DIR: dir } } } });
  cleanups.push(() => lambda.close());
  const batches: BatchSummary[] = [];
  let running: QueueConsumer | null = null;
  const start = async (): Promise<void> => {
    // Warm the workers first: a cold start slower than the visibility timeout would redeliver.
    await Promise.all(Array.from({ length: consumer.maximumConcurrency ?? 2 }, () => lambda.invoke('worker', { Records: [] })));
    running = startQueueConsumer({ queue: 'work', function: 'worker', ...consumer }, { queue: queues.get('work'), invoke: lambda.invoke, onBatch: (b) => batches.push(b) });
  };
  cleanups.push(async () => running?.stop());
  const deliveries = (): Delivery[] => {
    const file = join(dir, 'deliveries.jsonl');
    return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Delivery) : [];
  };
  return { queues, lambda, batches, start, deliveries, stop: async () => running?.stop() };
}

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('an SQS event source mapping', () => {
  it('passes the batch in Lambda’s event shape and deletes it when the function succeeds', async () => {
    const w = world('sqsThrows', { batchSize: 10, reportBatchItemFailures: false, maximumBatchingWindowSeconds: 1 });
    const queue = w.queues.get('work');
    queue.sendMessageBatch(Array.from({ length: 5 }, (_, i) => ({ Id: `m${i}`, MessageBody: `ok ${i}`, MessageAttributes: { n: { DataType: 'Number', StringValue: String(i) } } })));
    let event: unknown;
    await w.lambda.invoke('worker', { Records: [] });
    const spy = startQueueConsumer(
      { queue: 'work', function: 'worker', batchSize: 10, maximumBatchingWindowSeconds: 1, reportBatchItemFailures: false },
      {
        queue,
        region: 'eu-west-1',
        invoke: (name, e, options) => ((event ??= e), w.lambda.invoke(name, e, options)),
        onBatch: (b) => w.batches.push(b),
      },
    );
    cleanups.push(() => spy.stop());
    await until(() => w.batches.length > 0, 'a batch');
    expect(w.batches[0]).toEqual({ received: 5, deleted: 5 });
    const record = (event as { Records: unknown[] }).Records[0];
    expect(record).toEqual({
      messageId: expect.any(String),
      receiptHandle: expect.any(String),
      body: 'ok 0',
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: expect.any(String), SenderId: '000000000000', ApproximateFirstReceiveTimestamp: expect.any(String) },
      messageAttributes: { n: { stringValue: '0', stringListValues: [], binaryListValues: [], dataType: 'Number' } },
      md5OfBody: expect.stringMatching(/^[0-9a-f]{32}$/),
      md5OfMessageAttributes: expect.stringMatching(/^[0-9a-f]{32}$/),
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:local:000000000000:work',
      awsRegion: 'eu-west-1',
    });
    expect(queue.attributes()).toEqual({ ApproximateNumberOfMessages: 0, ApproximateNumberOfMessagesNotVisible: 0, ApproximateNumberOfMessagesDelayed: 0 });
  });

  it('with ReportBatchItemFailures, retries only the failed messages and loses none', async () => {
    const w = world('sqsPartial', { batchSize: 10, reportBatchItemFailures: true, maximumBatchingWindowSeconds: 1, maximumConcurrency: 2 });
    const bodies = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? `fail-once ${i}` : `fine ${i}`));
    const queue = w.queues.get('work');
    for (let i = 0; i < bodies.length; i += 10) queue.sendMessageBatch(bodies.slice(i, i + 10).map((MessageBody, j) => ({ Id: `m${i + j}`, MessageBody })));
    await w.start();
    // Every message handled successfully once: the fine ones on their first receive, the others on their second.
    await until(() => w.deliveries().filter((d) => d.body.startsWith('fine') || d.receiveCount === 2).length >= bodies.length, 'every message to succeed');
    await w.stop();
    const deliveries = w.deliveries();
    for (const body of bodies) {
      const seen = deliveries.filter((d) => d.body === body).map((d) => d.receiveCount);
      expect(seen, body).toEqual(body.startsWith('fine') ? [1] : [1, 2]);
    }
    expect(queue.attributes()).toEqual({ ApproximateNumberOfMessages: 0, ApproximateNumberOfMessagesNotVisible: 0, ApproximateNumberOfMessagesDelayed: 0 });
    expect(w.queues.get('dead').attributes().ApproximateNumberOfMessages).toBe(0);
  });

  it('leaves a batch whose function throws to come back whole, then redrives it to the dead-letter queue after maxReceiveCount', async () => {
    const w = world('sqsThrows', { batchSize: 10, reportBatchItemFailures: true, maximumBatchingWindowSeconds: 1 });
    const queue = w.queues.get('work');
    queue.sendMessageBatch([
      { Id: 'a', MessageBody: 'poison' },
      { Id: 'b', MessageBody: 'innocent bystander' },
    ]);
    await w.start();
    const dead = w.queues.get('dead');
    await until(() => dead.attributes().ApproximateNumberOfMessages === 2, 'both messages in the dead-letter queue');
    await w.stop();
    const deliveries = w.deliveries();
    expect(deliveries.filter((d) => d.body === 'poison').map((d) => d.receiveCount)).toEqual([1, 2]);
    expect(deliveries.filter((d) => d.body === 'innocent bystander').map((d) => d.receiveCount)).toEqual([1, 2]);
    expect(w.batches.every((b) => b.left === 'FunctionError' && b.deleted === 0)).toBe(true);
    expect(queue.attributes().ApproximateNumberOfMessages).toBe(0);
    const moved = await dead.receiveMessage({ MaxNumberOfMessages: 10 });
    expect(moved.map((m) => m.Body).sort()).toEqual(['innocent bystander', 'poison']);
  });

  it('treats an answer naming a message not in the batch as a failure of the whole batch', async () => {
    const w = world('sqsInvalid', { batchSize: 10, reportBatchItemFailures: true });
    w.queues.get('work').sendMessage({ MessageBody: 'x' });
    await w.start();
    await until(() => w.batches.length > 0, 'a batch');
    await w.stop();
    expect(w.batches[0]).toEqual({ received: 1, deleted: 0, left: 'InvalidBatchResponse' });
  });

  it('reads ReportBatchItemFailures answers as Lambda does', () => {
    const ids = new Set(['a', 'b']);
    expect(batchItemFailures(null, ids)).toEqual(new Set());
    expect(batchItemFailures({}, ids)).toEqual(new Set());
    expect(batchItemFailures({ batchItemFailures: [] }, ids)).toEqual(new Set());
    expect(batchItemFailures({ batchItemFailures: null }, ids)).toEqual(new Set());
    expect(batchItemFailures({ batchItemFailures: [{ itemIdentifier: 'b' }] }, ids)).toEqual(new Set(['b']));
    expect(batchItemFailures({ batchItemFailures: [{ itemIdentifier: '' }] }, ids)).toBeNull();
    expect(batchItemFailures({ batchItemFailures: [{ itemIdentifier: null }] }, ids)).toBeNull();
    expect(batchItemFailures({ batchItemFailures: [{ itemIdentifer: 'a' }] }, ids)).toBeNull();
    expect(batchItemFailures({ batchItemFailures: [{ itemIdentifier: 'zzz' }] }, ids)).toBeNull();
    expect(batchItemFailures({ batchItemFailures: 'a' }, ids)).toBeNull();
    expect(batchItemFailures('a', ids)).toBeNull();
  });

  it('refuses settings CreateEventSourceMapping refuses', () => {
    const queues = createQueues({ work: { visibilityTimeoutSeconds: 1 } });
    cleanups.push(() => queues.close());
    const invoke = async () => ({ StatusCode: 202 as const });
    const start = (extra: object) => startQueueConsumer({ queue: 'work', function: 'f', batchSize: 10, reportBatchItemFailures: false, ...extra }, { queue: queues.get('work'), invoke });
    expect(() => start({ batchSize: 11 })).toThrow('The consumer of queue work: a BatchSize above 10 needs a MaximumBatchingWindowInSeconds of at least 1.');
    expect(() => start({ batchSize: 0 })).toThrow(/BatchSize must be between 1 and 10000/);
    expect(() => start({ maximumConcurrency: 1 })).toThrow(/MaximumConcurrency must be between 2 and 1000/);
    expect(() => start({ queue: 'other' })).toThrow('The consumer reads queue other, but was given queue work.');
  });
});
