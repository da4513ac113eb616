import { setTimeout as sleep } from 'node:timers/promises';
import type { LambdaInvoker } from '../lambda';
import type { QueueConsumerDefinition } from '../project/event-definitions';
import { QueueConfigError, SqsError } from './errors';
import type { Queue } from './queue';
import type { MessageAttributeValue, ReceivedMessage } from './types';

/**
 * A Lambda event source mapping from a queue, polling as Lambda's SQS poller does:
 * - long polls, reads up to 10 messages per receive, and gathers a batch until BatchSize, the
 *   batching window or 6 MB of payload, whichever comes first;
 * - invokes the function synchronously with the batch as Lambda shapes it;
 * - on success deletes the batch; on a function error leaves it, so each message becomes visible
 *   again after the queue's visibility timeout (and the redrive policy counts the receive);
 * - with ReportBatchItemFailures, deletes all but the reported items, and treats an answer it
 *   cannot read as a failure of the whole batch.
 * https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html ("Using Lambda with Amazon SQS"),
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html ("Handling errors",
 * "Implementing partial batch responses", with its success and failure conditions),
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html (concurrency).
 */

export interface QueueConsumerOptions {
  queue: Queue;
  invoke: LambdaInvoker['invoke'];
  region?: string;
  /** Called after each batch: what was received and deleted, and why the rest was left. */
  onBatch?(summary: BatchSummary): void;
}

export interface BatchSummary {
  received: number;
  deleted: number;
  /** Why messages were left to become visible again, if any were. */
  left?: 'FunctionError' | 'BatchItemFailures' | 'InvalidBatchResponse' | 'InvokeError';
  error?: string;
}

export interface QueueConsumer {
  /** Stops polling, lets batches in flight finish (and be deleted), then resolves. */
  stop(): Promise<void>;
}

/** The record Lambda passes for one message (its field names). */
export interface SqsEventRecord {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: Record<string, string>;
  messageAttributes: Record<string, { stringValue?: string; binaryValue?: string; stringListValues: string[]; binaryListValues: string[]; dataType: string }>;
  md5OfBody: string;
  md5OfMessageAttributes?: string;
  eventSource: 'aws:sqs';
  eventSourceARN: string;
  awsRegion: string;
}

/** Lambda starts with five concurrent batches on a standard queue (services-sqs-scaling.html). */
const DEFAULT_CONCURRENCY = 5;
/** Lambda's invocation payload quota, which also caps a gathered batch. */
const MAX_BATCH_BYTES = 6 * 1024 * 1024;

export function startQueueConsumer(def: QueueConsumerDefinition, options: QueueConsumerOptions): QueueConsumer {
  checkDefinition(def);
  const { queue } = options;
  if (def.queue !== queue.name) throw new QueueConfigError(`The consumer reads queue ${def.queue}, but was given queue ${queue.name}.`);
  const region = options.region ?? 'local';
  const stopping = new AbortController();
  const windowMs = (def.maximumBatchingWindowSeconds ?? 0) * 1000;

  async function gather(): Promise<ReceivedMessage[]> {
    const batch: ReceivedMessage[] = [];
    let bytes = 0;
    const first = await queue.receiveMessage({ ...receiveInput(Math.min(10, def.batchSize)), WaitTimeSeconds: 20, signal: stopping.signal });
    batch.push(...first);
    if (batch.length === 0 || windowMs === 0) return batch;
    const window = AbortSignal.any([stopping.signal, AbortSignal.timeout(windowMs)]);
    for (const m of batch) bytes += Buffer.byteLength(m.Body);
    while (batch.length < def.batchSize && bytes < MAX_BATCH_BYTES && !window.aborted) {
      const more = await queue.receiveMessage({ ...receiveInput(Math.min(10, def.batchSize - batch.length)), WaitTimeSeconds: 20, signal: window });
      for (const m of more) bytes += Buffer.byteLength(m.Body);
      batch.push(...more);
    }
    return batch;
  }

  async function handle(batch: ReceivedMessage[]): Promise<void> {
    const records = batch.map((m) => toRecord(m, queue.arn, region));
    let keep: Set<string>;
    let left: BatchSummary['left'];
    let error: string | undefined;
    try {
      const out = await options.invoke(def.function, { Records: records });
      if (out.StatusCode !== 200) throw new Error(`The event source mapping invoked ${def.function} asynchronously.`);
      if (out.FunctionError) {
        keep = new Set(batch.map((m) => m.MessageId));
        left = 'FunctionError';
        error = `${out.Payload.errorType}: ${out.Payload.errorMessage}`;
      } else if (!def.reportBatchItemFailures) {
        keep = new Set();
      } else {
        const failed = batchItemFailures(out.Payload, new Set(batch.map((m) => m.MessageId)));
        keep = failed ?? new Set(batch.map((m) => m.MessageId));
        if (failed === null) left = 'InvalidBatchResponse';
        else if (failed.size > 0) left = 'BatchItemFailures';
      }
    } catch (invokeError) {
      // Throttling and the service's own errors: the batch waits out its visibility timeout.
      keep = new Set(batch.map((m) => m.MessageId));
      left = 'InvokeError';
      error = (invokeError as Error).message;
    }
    const done = batch.filter((m) => !keep.has(m.MessageId));
    for (let i = 0; i < done.length; i += 10) {
      queue.deleteMessageBatch(done.slice(i, i + 10).map((m, j) => ({ Id: String(i + j), ReceiptHandle: m.ReceiptHandle })));
    }
    options.onBatch?.({ received: batch.length, deleted: done.length, ...(left ? { left } : {}), ...(error ? { error } : {}) });
  }

  async function poller(): Promise<void> {
    while (!stopping.signal.aborted) {
      let batch: ReceivedMessage[];
      try {
        batch = await gather();
      } catch (receiveError) {
        // A closed queue ends the poller; anything else is reported and polling goes on.
        if (stopping.signal.aborted || (receiveError instanceof SqsError && receiveError.code === 'QueueDoesNotExist')) return;
        options.onBatch?.({ received: 0, deleted: 0, left: 'InvokeError', error: (receiveError as Error).message });
        await sleep(1000, undefined, { signal: stopping.signal }).catch(() => undefined);
        continue;
      }
      if (batch.length > 0) await handle(batch);
    }
  }

  const pollers = Array.from({ length: def.maximumConcurrency ?? DEFAULT_CONCURRENCY }, () => poller());
  return {
    async stop() {
      stopping.abort();
      await Promise.all(pollers);
    },
  };
}

function receiveInput(max: number) {
  return { MaxNumberOfMessages: max, MessageSystemAttributeNames: ['All' as const], MessageAttributeNames: ['All'] };
}

/**
 * The ids to keep from a ReportBatchItemFailures answer, or null when Lambda would count the whole
 * batch as failed. Success: a null answer, an empty or null `batchItemFailures`. Failure: an answer
 * that is not an object, a `batchItemFailures` that is not a list, an item without a non-empty
 * string `itemIdentifier` (a null or empty one, or a misspelt key), or an id not in the batch.
 */
export function batchItemFailures(payload: unknown, batchIds: ReadonlySet<string>): Set<string> | null {
  if (payload === null || payload === undefined) return new Set();
  if (typeof payload !== 'object' || Array.isArray(payload)) return null;
  const list = (payload as { batchItemFailures?: unknown }).batchItemFailures;
  if (list === undefined || list === null) return new Set();
  if (!Array.isArray(list)) return null;
  const ids = new Set<string>();
  for (const item of list) {
    const id = typeof item === 'object' && item !== null ? (item as { itemIdentifier?: unknown }).itemIdentifier : undefined;
    if (typeof id !== 'string' || id === '' || !batchIds.has(id)) return null;
    ids.add(id);
  }
  return ids;
}

export function toRecord(m: ReceivedMessage, arn: string, region: string): SqsEventRecord {
  return {
    messageId: m.MessageId,
    receiptHandle: m.ReceiptHandle,
    body: m.Body,
    attributes: { ...m.Attributes },
    messageAttributes: Object.fromEntries(Object.entries(m.MessageAttributes ?? {}).map(([name, v]) => [name, lambdaAttribute(v)])),
    md5OfBody: m.MD5OfBody,
    ...(m.MD5OfMessageAttributes ? { md5OfMessageAttributes: m.MD5OfMessageAttributes } : {}),
    eventSource: 'aws:sqs',
    eventSourceARN: arn,
    awsRegion: region,
  };
}

function lambdaAttribute(v: MessageAttributeValue): SqsEventRecord['messageAttributes'][string] {
  return {
    ...(v.BinaryValue !== undefined ? { binaryValue: Buffer.from(v.BinaryValue).toString('base64') } : { stringValue: v.StringValue ?? '' }),
    stringListValues: [],
    binaryListValues: [],
    dataType: v.DataType,
  };
}

/** CreateEventSourceMapping's limits for a standard queue (services-sqs-parameters.html). */
function checkDefinition(def: QueueConsumerDefinition): void {
  const where = `The consumer of queue ${def.queue}`;
  if (!Number.isInteger(def.batchSize) || def.batchSize < 1 || def.batchSize > 10_000) throw new QueueConfigError(`${where}: BatchSize must be between 1 and 10000, not ${def.batchSize}.`);
  const window = def.maximumBatchingWindowSeconds ?? 0;
  if (!Number.isInteger(window) || window < 0 || window > 300) throw new QueueConfigError(`${where}: MaximumBatchingWindowInSeconds must be between 0 and 300, not ${window}.`);
  if (def.batchSize > 10 && window < 1) throw new QueueConfigError(`${where}: a BatchSize above 10 needs a MaximumBatchingWindowInSeconds of at least 1.`);
  const concurrency = def.maximumConcurrency;
  if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 2 || concurrency > 1000)) {
    throw new QueueConfigError(`${where}: ScalingConfig.MaximumConcurrency must be between 2 and 1000, not ${concurrency}.`);
  }
}
