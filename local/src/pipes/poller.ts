import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { type Checkpoint, readCheckpoint, writeCheckpoint } from './checkpoint';
import { deliverBatch, type PipeDeadLetter, type PipeTarget, type ReadRecord } from './delivery';
import { type PipeSource, validatePipeSource } from './options';
import { toPipeStreamRecord } from './records';
import { shardsToStart, vanishedShards } from './shards';
import { getRecords, latestStreamArn, listShards, shardIterator, streamErrorName, streamsClient } from './stream';

/** A compiled event pattern (local/src/eventbridge/pattern: compileEventPattern). */
export interface RecordMatcher {
  matches(event: unknown): boolean;
}

export type PipeLog = (level: 'info' | 'warn' | 'error', message: string) => void;

export interface StreamPipeOptions {
  name: string;
  tableName: string;
  /** The stream to read; by default the table's current one, looked up again when the table is re-created. */
  streamArn?: string;
  endpoint: string;
  region: string;
  def: PipeSource;
  target: PipeTarget;
  deadLetter: PipeDeadLetter;
  checkpointPath: string;
  /** FilterCriteria, compiled: a record passes if it matches any; none given, every record passes. */
  filter?: readonly RecordMatcher[];
  clock?: { now(): number };
  log?: PipeLog;
  /**
   * Idle polling: Lambda polls each shard "at a base rate of 4 times per second" (Lambda developer
   * guide, "Using AWS Lambda with Amazon DynamoDB"), hence 250 ms; an idle shard backs off to
   * `maxIdlePollIntervalMs` (1 s), so a quiet machine is not kept busy.
   */
  pollIntervalMs?: number;
  maxIdlePollIntervalMs?: number;
  /** Wait before retrying a failed batch, doubling per failure up to maxMs. */
  retryDelay?: { baseMs: number; maxMs: number };
  /** How often the shard list (and the table's stream ARN) is looked at again. */
  shardRefreshMs?: number;
}

export interface StreamPipeStats {
  recordsRead: number;
  delivered: number;
  filtered: number;
  /** Records handed to the target again after a failed invocation. */
  retried: number;
  deadLettered: number;
  invocations: number;
  expiredIterators: number;
  /** TrimmedDataAccessException answers: the shard was read again from its trim horizon; records older than it are lost. */
  trimmedRestarts: number;
  /** Shards the checkpoint named that the stream no longer has. */
  shardsLost: number;
  streamRecreated: number;
  /** Read but not yet acknowledged. */
  pending: number;
  /** Lambda's IteratorAge: now minus the creation time of the last record delivered (minute-grained on DynamoDB Local). */
  iteratorAgeMs: number;
}

export interface StreamPipe {
  readonly streamArn: string;
  stats(): StreamPipeStats;
  /** Waits for the batch in flight, writes the checkpoint and ends every timer and connection. */
  stop(): Promise<void>;
}

interface Buffered extends ReadRecord {
  pass: boolean;
}

const defaultLog =
  (name: string): PipeLog =>
  (level, message) => {
    process.stderr.write(`[pipe ${name}] ${level}: ${message}\n`);
  };

/**
 * Reads a table's DynamoDB stream with the semantics of an EventBridge Pipe (or a Lambda event
 * source mapping) and hands batches to `target`: see local/docs/pipes.md. Resolves once the
 * starting position is fixed and written, so every change made after it is delivered.
 */
export async function startStreamPipe(options: StreamPipeOptions): Promise<StreamPipe> {
  validatePipeSource(options.name, options.def);
  const log = options.log ?? defaultLog(options.name);
  const now = (): number => (options.clock ?? Date).now();
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const maxIdleMs = Math.max(pollIntervalMs, options.maxIdlePollIntervalMs ?? 1000);
  const retryDelay = options.retryDelay ?? { baseMs: 500, maxMs: 30_000 };
  const shardRefreshMs = options.shardRefreshMs ?? 5000;
  const where = { endpoint: options.endpoint, region: options.region };
  const client: DynamoDBStreamsClient = streamsClient(where);
  // Pipes' ARN format; DynamoDB Local's account is always 000000000000.
  const pipeArn = `arn:aws:pipes:${options.region}:000000000000:pipe/${options.name}`;

  const stats: StreamPipeStats = {
    recordsRead: 0,
    delivered: 0,
    filtered: 0,
    retried: 0,
    deadLettered: 0,
    invocations: 0,
    expiredIterators: 0,
    trimmedRestarts: 0,
    shardsLost: 0,
    streamRecreated: 0,
    pending: 0,
    iteratorAgeMs: 0,
  };

  let stopping = false;
  const wakers = new Set<() => void>();
  const sleep = (ms: number): Promise<boolean> =>
    new Promise((resolve) => {
      if (stopping) return resolve(false);
      const wake = (): void => {
        clearTimeout(timer);
        wakers.delete(wake);
        resolve(!stopping);
      };
      const timer = setTimeout(wake, ms);
      wakers.add(wake);
    });
  const wakeAll = (): void => {
    for (const wake of [...wakers]) wake();
  };

  let checkpoint: Checkpoint;
  const save = (): void => writeCheckpoint(options.checkpointPath, checkpoint);

  const fixedArn = options.streamArn;
  let streamArn = fixedArn ?? (await latestStreamArn(where, options.tableName));
  const previous = readCheckpoint(options.checkpointPath);
  if (previous && previous.streamArn === streamArn) {
    checkpoint = previous;
  } else if (previous) {
    // Everything in the new stream was written after the old one ended, so its horizon loses nothing.
    log('warn', `the checkpoint is for stream ${previous.streamArn}, the table now has ${streamArn} (re-created?): reading the new stream from its trim horizon`);
    stats.streamRecreated += 1;
    checkpoint = { version: 1, streamArn, shards: {} };
  } else {
    checkpoint = { version: 1, streamArn, shards: {} };
    if (options.def.startingPosition === 'LATEST') await pinLatest(checkpoint);
  }
  save();

  /**
   * LATEST, written down as the last record each open shard holds now: an iterator of type LATEST
   * has no sequence number to checkpoint, and a restart before the first change would otherwise
   * skip what was written while the pipe was down.
   */
  async function pinLatest(target: Checkpoint): Promise<void> {
    const { shards } = await listShards(client, target.streamArn);
    for (const shard of shards) {
      if (!shard.ShardId) continue;
      if (shard.SequenceNumberRange?.EndingSequenceNumber) {
        target.shards[shard.ShardId] = { ended: true };
        continue;
      }
      let iterator = await shardIterator(client, target.streamArn, shard.ShardId, undefined);
      let last: string | undefined;
      while (iterator) {
        const { records, next } = await getRecords(client, iterator);
        if (records.length === 0) break;
        last = records[records.length - 1]?.dynamodb?.SequenceNumber ?? last;
        iterator = next;
      }
      target.shards[shard.ShardId] = last === undefined ? {} : { after: last };
    }
  }

  const workers = new Map<string, Promise<void>>();
  const buffers = new Map<string, Buffered[]>();

  async function refresh(): Promise<void> {
    if (!fixedArn) {
      const current = await latestStreamArn(where, options.tableName).catch(() => streamArn);
      if (current !== streamArn) {
        if (workers.size > 0) return; // the old stream's shards are closed: let them be read to their end first
        log('warn', `table ${options.tableName} has a new stream ${current} (re-created?): reading it from its trim horizon`);
        stats.streamRecreated += 1;
        streamArn = current;
        checkpoint = { version: 1, streamArn, shards: {} };
        save();
      }
    }
    const { shards } = await listShards(client, streamArn);
    for (const { shardId, unfinished } of vanishedShards(shards, checkpoint)) {
      if (unfinished) {
        log('warn', `shard ${shardId} of the checkpoint is no longer in the stream (trimmed?): its unread records are lost, its children start at their trim horizon`);
        stats.shardsLost += 1;
      }
      delete checkpoint.shards[shardId];
      save();
    }
    if (stopping) return;
    for (const id of shardsToStart(shards, checkpoint, new Set(workers.keys()))) {
      const run = readShard(id).catch((error: unknown) => log('error', `shard ${id} stopped: ${(error as Error).message}`));
      workers.set(
        id,
        run.finally(() => {
          workers.delete(id);
          buffers.delete(id);
        }),
      );
    }
  }

  function settle(shardId: string, sequenceNumber: string): void {
    checkpoint.shards[shardId] = { ...checkpoint.shards[shardId], after: sequenceNumber };
    save();
  }

  function passes(entry: Buffered['record']): boolean {
    const filters = options.filter;
    return !filters || filters.length === 0 || filters.some((f) => f.matches(entry));
  }

  async function readShard(shardId: string): Promise<void> {
    const arn = streamArn;
    let iterator: string | undefined;
    let buffer: Buffered[] = [];
    buffers.set(shardId, buffer);
    let drained = false;
    let idleMs = pollIntervalMs;
    let windowStart: number | undefined;
    const windowMs = (options.def.maximumBatchingWindowSeconds ?? 0) * 1000;
    const restartFromCheckpoint = (): void => {
      iterator = undefined;
      buffer = [];
      buffers.set(shardId, buffer);
      windowStart = undefined;
      drained = false;
    };

    while (!stopping) {
      const passing = buffer.filter((b) => b.pass).length;
      const windowDone = windowStart !== undefined && now() - windowStart >= windowMs;
      if (passing > 0 && (passing >= options.def.batchSize || windowMs === 0 || windowDone || drained)) {
        const batch: Buffered[] = [];
        let consumed = 0;
        for (const [index, entry] of buffer.entries()) {
          if (!entry.pass) continue;
          batch.push(entry);
          consumed = index + 1;
          if (batch.length === options.def.batchSize) break;
        }
        buffer.splice(0, consumed);
        // What is left has been waiting since it was read: its window runs from then.
        windowStart = buffer.find((b) => b.pass)?.readAt;
        const done = await deliverBatch(
          {
            pipeArn,
            shardId,
            streamArn: arn,
            source: options.def,
            target: options.target,
            deadLetter: options.deadLetter,
            now,
            pause: sleep,
            stopping: () => stopping,
            settled: (sequenceNumber) => settle(shardId, sequenceNumber),
            count: {
              delivered: (n) => {
                stats.delivered += n;
                const last = batch[batch.length - 1];
                if (last) stats.iteratorAgeMs = Math.max(0, now() - last.record.dynamodb.ApproximateCreationDateTime * 1000);
              },
              retried: (n) => (stats.retried += n),
              deadLettered: (n) => (stats.deadLettered += n),
              invoked: () => (stats.invocations += 1),
            },
            log,
            retryDelay,
          },
          batch,
        );
        if (!done) return;
        continue;
      }
      if (passing === 0 && buffer.length > 0) {
        // Filtered out: checkpointed past, never delivered (Lambda's event filtering does the same).
        const last = buffer[buffer.length - 1];
        buffer.length = 0;
        if (last) settle(shardId, last.record.dynamodb.SequenceNumber);
      }
      if (drained) {
        checkpoint.shards[shardId] = { ...checkpoint.shards[shardId], ended: true };
        save();
        log('info', `shard ${shardId} is closed and read to its end`);
        void refresh().catch(() => undefined);
        return;
      }

      try {
        iterator ??= await shardIterator(client, arn, shardId, checkpoint.shards[shardId]?.after);
        if (!iterator) {
          drained = true;
          continue;
        }
        const { records, next } = await getRecords(client, iterator);
        iterator = next;
        if (!next) drained = true;
        for (const raw of records) {
          const record = toPipeStreamRecord(raw, arn, options.region);
          const pass = passes(record);
          if (!pass) stats.filtered += 1;
          stats.recordsRead += 1;
          buffer.push({ record, readAt: now(), pass });
          if (pass && windowStart === undefined) windowStart = now();
        }
        if (records.length > 0) {
          idleMs = pollIntervalMs;
          if (windowMs > 0 && !drained && buffer.filter((b) => b.pass).length < options.def.batchSize) continue;
        } else if (!drained) {
          const wait = windowStart === undefined ? idleMs : Math.min(idleMs, Math.max(0, windowStart + windowMs - now()));
          if (!(await sleep(wait))) return;
          idleMs = Math.min(maxIdleMs, idleMs * 2);
        }
      } catch (error) {
        const name = streamErrorName(error);
        if (name === 'ExpiredIteratorException') {
          // Iterators live 15 minutes (GetShardIterator reference); a long retry outlives one.
          log('warn', `iterator of shard ${shardId} expired: reading again from the checkpoint`);
          stats.expiredIterators += 1;
          restartFromCheckpoint();
        } else if (name === 'TrimmedDataAccessException') {
          log('error', `shard ${shardId}: records after the checkpoint were trimmed from the stream (older than 24 hours): reading from its trim horizon; the trimmed records are lost`);
          stats.trimmedRestarts += 1;
          checkpoint.shards[shardId] = {};
          save();
          restartFromCheckpoint();
        } else if (name === 'ResourceNotFoundException') {
          log('warn', `shard ${shardId} is no longer in the stream: its unread records are lost`);
          stats.shardsLost += 1;
          checkpoint.shards[shardId] = { ended: true };
          save();
          return;
        } else {
          log('error', `reading shard ${shardId} failed (${name}): ${(error as Error).message}; retrying`);
          restartFromCheckpoint();
          if (!(await sleep(maxIdleMs))) return;
        }
      }
    }
  }

  const supervisor = (async () => {
    while (!stopping) {
      try {
        await refresh();
      } catch (error) {
        log('error', `listing the shards of ${streamArn} failed: ${(error as Error).message}`);
      }
      await sleep(shardRefreshMs);
    }
  })();

  return {
    get streamArn() {
      return streamArn;
    },
    stats: () => ({ ...stats, pending: [...buffers.values()].reduce((n, b) => n + b.length, 0) }),
    async stop() {
      if (stopping) return;
      stopping = true;
      wakeAll();
      await supervisor;
      await Promise.all([...workers.values()]);
      save();
      client.destroy();
    },
  };
}
