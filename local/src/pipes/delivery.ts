import type { PipeSource } from './options';
import type { PipeStreamRecord } from './records';
import { CHUNK_64KB, Usage, chunks, usage } from '../metering/index';

/** What a target answers: nothing (all succeeded) or Lambda's partial batch response. */
export type PipeTargetResult = { batchItemFailures?: { itemIdentifier?: string | null }[] } | void | null | undefined;
export type PipeTarget = (records: PipeStreamRecord[]) => Promise<PipeTargetResult>;

export type FailureCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

/**
 * What Pipes sends to a stream source's dead-letter queue: metadata about the batch, never the
 * records (EventBridge user guide, "Amazon EventBridge Pipes error handling and troubleshooting";
 * the same DDBStreamBatchInfo as Lambda's on-failure invocation record, Lambda developer guide,
 * "Retain discarded records for a DynamoDB event source"). A consumer fetches the records from the
 * stream by shard and sequence numbers; locally they are handed over beside it as well.
 */
export interface PipeDeadLetterMessage {
  context: { partnerResourceArn: string; condition: FailureCondition };
  version: '1.0';
  timestamp: string;
  DDBStreamBatchInfo: {
    shardId: string;
    startSequenceNumber: string;
    endSequenceNumber: string;
    approximateArrivalOfFirstRecord: string;
    approximateArrivalOfLastRecord: string;
    batchSize: number;
    streamArn: string;
  };
}

export type PipeDeadLetter = (message: PipeDeadLetterMessage, records: PipeStreamRecord[]) => Promise<void>;

/** A record read from a shard, with when this poller first saw it. */
export interface ReadRecord {
  record: PipeStreamRecord;
  readAt: number;
}

/** DynamoDB Streams keeps records for 24 hours; "-1" settings mean "until the record expires". */
export const STREAM_RETENTION_SECONDS = 24 * 60 * 60;

export interface DeliveryContext {
  pipeArn: string;
  shardId: string;
  streamArn: string;
  source: PipeSource;
  target: PipeTarget;
  deadLetter: PipeDeadLetter;
  now(): number;
  /** Waits between retries; resolves early (false) when the pipe stops. */
  pause(ms: number): Promise<boolean>;
  stopping(): boolean;
  /** Called each time a prefix of the batch is settled (acknowledged or dead-lettered), in order. */
  settled(throughSequenceNumber: string): void;
  count: { delivered(n: number): void; retried(n: number): void; deadLettered(n: number): void; invoked(): void };
  log(level: 'info' | 'warn' | 'error', message: string): void;
  retryDelay: { baseMs: number; maxMs: number };
}

/**
 * When a record was written. DynamoDB Local floors ApproximateCreationDateTime to the minute, so a
 * record could look up to 59 s older than it is and expire early; it was written no later than this
 * poller first read it, which bounds the guess from above.
 */
function writtenAt(entry: ReadRecord): number {
  const stamped = entry.record.dynamodb.ApproximateCreationDateTime * 1000;
  return Math.min(stamped + 59_999, entry.readAt);
}

function isExpired(entry: ReadRecord, source: PipeSource, now: number): boolean {
  const maxAge = source.maximumRecordAgeSeconds === -1 ? STREAM_RETENTION_SECONDS : Math.min(source.maximumRecordAgeSeconds, STREAM_RETENTION_SECONDS);
  return now - writtenAt(entry) > maxAge * 1000;
}

function arrival(entry: ReadRecord): string {
  return new Date(entry.record.dynamodb.ApproximateCreationDateTime * 1000).toISOString().replace('.000Z', 'Z');
}

async function sendToDeadLetter(ctx: DeliveryContext, entries: ReadRecord[], condition: FailureCondition): Promise<void> {
  const first = entries[0];
  const last = entries[entries.length - 1];
  if (!first || !last) return;
  const message: PipeDeadLetterMessage = {
    context: { partnerResourceArn: ctx.pipeArn, condition },
    version: '1.0',
    timestamp: new Date(ctx.now()).toISOString(),
    DDBStreamBatchInfo: {
      shardId: ctx.shardId,
      startSequenceNumber: first.record.dynamodb.SequenceNumber,
      endSequenceNumber: last.record.dynamodb.SequenceNumber,
      approximateArrivalOfFirstRecord: arrival(first),
      approximateArrivalOfLastRecord: arrival(last),
      batchSize: entries.length,
      streamArn: ctx.streamArn,
    },
  };
  // A dead-letter destination that fails is retried like a target: moving on without it would lose the records.
  for (let attempt = 0; ; attempt += 1) {
    try {
      await ctx.deadLetter(message, entries.map((e) => e.record));
      break;
    } catch (error) {
      ctx.log('error', `dead-letter destination failed for ${entries.length} record(s) of ${ctx.shardId}: ${(error as Error).message}`);
      if (!(await ctx.pause(backoff(ctx, attempt)))) throw new StoppedError();
    }
  }
  ctx.count.deadLettered(entries.length);
  ctx.log('warn', `${entries.length} record(s) of ${ctx.shardId} sent to the dead-letter destination (${condition})`);
  ctx.settled(last.record.dynamodb.SequenceNumber);
}

function backoff(ctx: DeliveryContext, attempt: number): number {
  return Math.min(ctx.retryDelay.maxMs, ctx.retryDelay.baseMs * 2 ** Math.min(attempt, 20));
}

class StoppedError extends Error {}

type Outcome = { kind: 'ok' } | { kind: 'partial'; failedIndex: number } | { kind: 'error'; message: string };

/**
 * Lambda's partial batch response rules (Lambda developer guide, "Configuring partial batch
 * response with DynamoDB and Lambda"): no list or an empty one is a success; an entry whose
 * itemIdentifier is null, empty or not in the batch makes the whole batch a failure; otherwise the
 * lowest failed sequence number is the checkpoint and every record from it on is retried.
 */
function interpret(result: PipeTargetResult, batch: ReadRecord[]): Outcome {
  const failures = result?.batchItemFailures;
  if (!failures || failures.length === 0) return { kind: 'ok' };
  let lowest = Number.POSITIVE_INFINITY;
  for (const failure of failures) {
    const id = failure.itemIdentifier;
    const index = id ? batch.findIndex((e) => e.record.dynamodb.SequenceNumber === id) : -1;
    if (index < 0) return { kind: 'error', message: `batchItemFailures names ${JSON.stringify(id ?? null)}, which is no record of the batch` };
    lowest = Math.min(lowest, index);
  }
  return { kind: 'partial', failedIndex: lowest };
}

/**
 * Delivers one batch until every record is acknowledged or dead-lettered, with the error handling of
 * a stream event source (Lambda developer guide, "Retain discarded records for a DynamoDB event
 * source"; Pipes' OnPartialBatchItemFailure): a failed invocation is retried up to
 * maximumRetryAttempts (-1: until the records expire), records past maximumRecordAgeSeconds are
 * discarded, and with AUTOMATIC_BISECT a failing batch is halved, which costs no retry. Returns
 * false when the pipe stopped before the batch was settled: what is left stays unacknowledged.
 */
export async function deliverBatch(ctx: DeliveryContext, batch: ReadRecord[]): Promise<boolean> {
  const bisect = ctx.source.onPartialBatchItemFailure === 'AUTOMATIC_BISECT';
  // Sub-batches still to settle, in stream order, each with the failed invocations it has had.
  const pending: { entries: ReadRecord[]; failures: number; tried: boolean }[] = [{ entries: batch, failures: 0, tried: false }];
  try {
    while (pending.length > 0) {
      const current = pending[0];
      if (!current) break;
      const expired: ReadRecord[] = [];
      while (current.entries[0] && isExpired(current.entries[0], ctx.source, ctx.now())) expired.push(current.entries.shift() as ReadRecord);
      if (expired.length > 0) await sendToDeadLetter(ctx, expired, 'RecordAgeExceeded');
      if (current.entries.length === 0) {
        pending.shift();
        continue;
      }
      if (current.tried) ctx.count.retried(current.entries.length);
      // Pipes bills each event left after filtering, per 64 KB chunk; a retry is not a new event.
      else for (const entry of current.entries) usage.add(Usage.pipesRequests, chunks(JSON.stringify(entry.record).length, CHUNK_64KB));
      ctx.count.invoked();
      let outcome: Outcome;
      try {
        outcome = interpret(await ctx.target(current.entries.map((e) => e.record)), current.entries);
      } catch (error) {
        outcome = { kind: 'error', message: (error as Error).message };
      }
      if (outcome.kind === 'ok') {
        ctx.count.delivered(current.entries.length);
        ctx.settled(current.entries[current.entries.length - 1]?.record.dynamodb.SequenceNumber ?? '0');
        pending.shift();
        continue;
      }
      let failing = current.entries;
      if (outcome.kind === 'partial') {
        const done = current.entries.slice(0, outcome.failedIndex);
        const last = done[done.length - 1];
        if (last) {
          ctx.count.delivered(done.length);
          ctx.settled(last.record.dynamodb.SequenceNumber);
        }
        failing = current.entries.slice(outcome.failedIndex);
        ctx.log('warn', `target reported ${failing.length} record(s) of ${ctx.shardId} failed from ${failing[0]?.record.dynamodb.SequenceNumber}`);
      } else {
        ctx.log('warn', `target failed on ${failing.length} record(s) of ${ctx.shardId}: ${outcome.message}`);
      }
      if (bisect && failing.length > 1) {
        const half = Math.ceil(failing.length / 2);
        pending.splice(0, 1, { entries: failing.slice(0, half), failures: 0, tried: true }, { entries: failing.slice(half), failures: 0, tried: true });
        continue;
      }
      const failures = current.failures + 1;
      const retries = ctx.source.maximumRetryAttempts;
      if (retries !== -1 && failures > retries) {
        await sendToDeadLetter(ctx, failing, 'RetryAttemptsExhausted');
        pending.shift();
        continue;
      }
      pending[0] = { entries: failing, failures, tried: true };
      if (!(await ctx.pause(backoff(ctx, failures - 1)))) return false;
    }
    return true;
  } catch (error) {
    if (error instanceof StoppedError) return false;
    throw error;
  }
}
