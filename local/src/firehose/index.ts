import { systemClock, type Clock } from '../eventbridge/bus/clock';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { DeliveryStreamDefinition } from '../project/event-definitions';
import { compilePrefix, objectSuffix, PrefixExpressionError, type CompiledPrefix } from './prefix';
import { CHUNK_5KB, Usage, chunks, usage } from '../metering/index';

export { PrefixExpressionError } from './prefix';

/**
 * A Firehose delivery stream whose S3 destination is a local folder: the folder stands for the
 * bucket, the object key is the file's path under it. Records are buffered and delivered as
 * Firehose does (https://docs.aws.amazon.com/firehose/latest/dev/basic-deliver.html): an object is
 * written when the buffer reaches `bufferingSizeMB` or `bufferingIntervalSeconds` after its first
 * record arrived, whichever comes first. Records are concatenated exactly as given: Firehose adds no
 * delimiter (the API's Processor note: a newline between records needs the AppendDelimiterToRecord
 * processor), so a caller wanting JSON lines ends each record with "\n".
 * Each object is written under `.firehose-tmp/` and renamed into place, so a reader listing the
 * folder sees whole objects or none.
 */

const gzipAsync = promisify(gzip);

/** Limits from the Firehose API reference (PutRecord, PutRecordBatch, BufferingHints). */
export const MAX_RECORD_BYTES = 1_000 * 1024;
export const MAX_BATCH_RECORDS = 500;
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;

/** A request Firehose would refuse, with the error type its JSON protocol names. */
export class FirehoseServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

/** The injectable clock the local services share (tests move it by hand): the bus's. */
export type FirehoseClock = Clock;

export interface DeliveryStreamOptions {
  /** The stream's name: the first part of every object name. */
  name: string;
  /** The folder standing for the bucket. */
  dir: string;
  clock?: FirehoseClock;
  /** The stream's configuration version in object names; Firehose starts at 1. */
  version?: number;
}

export interface PutRecordOptions {
  /**
   * Local only: the record's arrival time, instead of now. Lets history be seeded under the keys it
   * would have had; a record whose arrival time gives another prefix than the buffered ones starts
   * a new object. Firehose itself always uses the time it received the record.
   */
  arrivalTime?: Date;
}

export interface DeliveryStream {
  readonly name: string;
  putRecord(data: string, options?: PutRecordOptions): Promise<{ RecordId: string; Encrypted: false }>;
  putRecordBatch(
    records: readonly string[],
    options?: PutRecordOptions,
  ): Promise<{ FailedPutCount: number; Encrypted: false; RequestResponses: Array<{ RecordId: string }> }>;
  /** Writes whatever is buffered now; resolves with the keys written so far by this call. */
  flush(): Promise<string[]>;
  /** Flushes, stops the interval timer and refuses further records. */
  close(): Promise<void>;
}

interface Pending {
  records: string[];
  bytes: number;
  oldestArrival: number;
  prefix: string;
  timer: { readonly id: number } | null;
}

const recordId = (): string => randomBytes(28).toString('hex');

function validateDefinition(name: string, definition: DeliveryStreamDefinition): CompiledPrefix {
  // BufferingHints: SizeInMBs 1..128, IntervalInSeconds 0..900.
  if (!Number.isInteger(definition.bufferingSizeMB) || definition.bufferingSizeMB < 1 || definition.bufferingSizeMB > 128) {
    throw new FirehoseServiceError('InvalidArgumentException', `Delivery stream ${name}: bufferingSizeMB must be 1..128.`);
  }
  if (!Number.isInteger(definition.bufferingIntervalSeconds) || definition.bufferingIntervalSeconds < 0 || definition.bufferingIntervalSeconds > 900) {
    throw new FirehoseServiceError('InvalidArgumentException', `Delivery stream ${name}: bufferingIntervalSeconds must be 0..900.`);
  }
  try {
    return compilePrefix(definition.prefix);
  } catch (error) {
    if (error instanceof PrefixExpressionError) {
      throw new FirehoseServiceError('InvalidArgumentException', `Delivery stream ${name}: ${error.message}`);
    }
    throw error;
  }
}

export function createDeliveryStream(definition: DeliveryStreamDefinition, options: DeliveryStreamOptions): DeliveryStream {
  const evaluatePrefix = validateDefinition(options.name, definition);
  const clock = options.clock ?? systemClock;
  const version = options.version ?? 1;
  const sizeLimit = definition.bufferingSizeMB * 1024 * 1024;
  const intervalMs = definition.bufferingIntervalSeconds * 1000;
  const tempDir = join(options.dir, '.firehose-tmp');
  const extension = definition.compression === 'GZIP' ? '.gz' : '';

  let buffer: Pending | null = null;
  let closed = false;
  /** Objects are written one after another, so they land in arrival order. */
  let writes: Promise<unknown> = Promise.resolve();
  let lastWriteError: unknown = null;

  const writeObject = async (taken: Pending): Promise<string> => {
    const key = `${taken.prefix}${objectSuffix(options.name, version, taken.oldestArrival, randomUUID())}${extension}`;
    const text = Buffer.from(taken.records.join(''), 'utf8');
    const body = definition.compression === 'GZIP' ? await gzipAsync(text) : text;
    const target = join(options.dir, ...key.split('/'));
    if (!target.startsWith(options.dir + sep)) throw new FirehoseServiceError('InvalidArgumentException', `Key ${key} leaves the folder.`);
    await mkdir(tempDir, { recursive: true });
    await mkdir(dirname(target), { recursive: true });
    const temp = join(tempDir, `${randomUUID()}.tmp`);
    try {
      await writeFile(temp, body, { flush: true });
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return key;
  };

  /** Takes the buffer and queues its object; resolves with the key once it is in place. */
  const deliver = (): Promise<string | null> => {
    const taken = buffer;
    buffer = null;
    if (!taken) return writes.then(() => null);
    if (taken.timer) clock.clearTimeout(taken.timer);
    const written = writes.then(() => writeObject(taken));
    writes = written.catch((error: unknown) => {
      lastWriteError = error;
    });
    return written;
  };

  const add = async (data: string, arrival: number): Promise<void> => {
    const prefix = evaluatePrefix(arrival);
    if (buffer && buffer.prefix !== prefix) void deliver().catch(() => undefined);
    if (!buffer) {
      buffer = { records: [], bytes: 0, oldestArrival: arrival, prefix, timer: null };
      const started = buffer;
      started.timer = clock.setTimeout(() => {
        if (buffer === started) void deliver().catch(() => undefined);
      }, intervalMs);
    }
    const bytes = Buffer.byteLength(data, 'utf8');
    // Direct PUT ingestion is billed per GB with each record rounded up to 5 KB.
    usage.add(Usage.firehoseRecords);
    usage.add(Usage.firehoseBilledBytes, chunks(bytes, CHUNK_5KB) * CHUNK_5KB);
    buffer.records.push(data);
    buffer.bytes += bytes;
    buffer.oldestArrival = Math.min(buffer.oldestArrival, arrival);
    if (buffer.bytes >= sizeLimit) await deliver();
  };

  const arrivalOf = (options?: PutRecordOptions): number => {
    if (options?.arrivalTime === undefined) return clock.now();
    const ms = options.arrivalTime.getTime();
    if (!Number.isFinite(ms)) throw new FirehoseServiceError('InvalidArgumentException', 'arrivalTime is not a valid date.');
    return ms;
  };

  const refuseWhenClosed = (): void => {
    if (closed) throw new FirehoseServiceError('ResourceNotFoundException', `Delivery stream ${options.name} is closed.`);
  };

  const tooLarge = (where: string): FirehoseServiceError =>
    new FirehoseServiceError(
      'ValidationException',
      `1 validation error detected: Value at '${where}' failed to satisfy constraint: Member must have length less than or equal to ${MAX_RECORD_BYTES}`,
    );

  return {
    name: options.name,
    async putRecord(data, recordOptions) {
      refuseWhenClosed();
      if (typeof data !== 'string') throw new FirehoseServiceError('ValidationException', 'Record data must be a string.');
      if (Buffer.byteLength(data, 'utf8') > MAX_RECORD_BYTES) throw tooLarge('record.data');
      await add(data, arrivalOf(recordOptions));
      return { RecordId: recordId(), Encrypted: false };
    },
    async putRecordBatch(records, recordOptions) {
      refuseWhenClosed();
      if (!Array.isArray(records) || records.length < 1 || records.length > MAX_BATCH_RECORDS) {
        throw new FirehoseServiceError(
          'ValidationException',
          `1 validation error detected: Value at 'records' failed to satisfy constraint: Member must have length between 1 and ${MAX_BATCH_RECORDS}`,
        );
      }
      let total = 0;
      for (const [index, data] of records.entries()) {
        if (typeof data !== 'string') throw new FirehoseServiceError('ValidationException', 'Record data must be a string.');
        const bytes = Buffer.byteLength(data, 'utf8');
        if (bytes > MAX_RECORD_BYTES) throw tooLarge(`records.${index + 1}.member.data`);
        total += bytes;
      }
      if (total > MAX_BATCH_BYTES) {
        throw new FirehoseServiceError('InvalidArgumentException', 'Records size exceeds 4 MB limit');
      }
      const arrival = arrivalOf(recordOptions);
      const responses: Array<{ RecordId: string }> = [];
      for (const data of records) {
        await add(data, arrival);
        responses.push({ RecordId: recordId() });
      }
      return { FailedPutCount: 0, Encrypted: false, RequestResponses: responses };
    },
    async flush() {
      const key = await deliver();
      if (lastWriteError) {
        const error = lastWriteError;
        lastWriteError = null;
        throw error;
      }
      return key === null ? [] : [key];
    },
    async close() {
      if (closed) return;
      closed = true;
      await deliver();
      await writes;
    },
  };
}
