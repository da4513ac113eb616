import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeliveryStreamDefinition } from '../project/event-definitions';
import { ManualClock } from '../eventbridge/bus/clock';
import { createDeliveryStream, FirehoseServiceError, type DeliveryStream } from './index';

const START = Date.UTC(2026, 2, 4, 5, 6, 7);
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

const definition = (overrides: Partial<DeliveryStreamDefinition> = {}): DeliveryStreamDefinition => ({
  prefix: 'events/!{timestamp:yyyy-MM-dd}/h=!{timestamp:HH}/',
  errorOutputPrefix: 'errors/!{firehose:error-output-type}/',
  bufferingIntervalSeconds: 60,
  bufferingSizeMB: 1,
  compression: 'UNCOMPRESSED',
  ...overrides,
});

let dir: string;
let clock: ManualClock;
const streams: DeliveryStream[] = [];

/** Every object key under the folder, as S3 would list them (the temporary folder is not an object). */
async function keys(): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1).split('\\').join('/'))
    .sort();
}

function open(def: DeliveryStreamDefinition, name = 'analytics'): DeliveryStream {
  const stream = createDeliveryStream(def, { name, dir, clock });
  streams.push(stream);
  return stream;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'firehose-'));
  clock = new ManualClock(START);
});

afterEach(async () => {
  await Promise.all(streams.splice(0).map((stream) => stream.close()));
  await rm(dir, { recursive: true, force: true });
});

describe('a delivery stream writing to a folder', () => {
  it('holds records until the buffer reaches its size, then writes them as one object', async () => {
    const stream = open(definition({ bufferingSizeMB: 1 }));
    const record = (char: string): string => `${char.repeat(400 * 1024 - 1)}\n`;
    await stream.putRecord(record('a'));
    await stream.putRecord(record('b'));
    expect(await keys()).toEqual([]);

    await stream.putRecord(record('c'));
    const written = await keys();
    expect(written).toHaveLength(1);
    expect(await readFile(join(dir, written[0] as string), 'utf8')).toBe(record('a') + record('b') + record('c'));
  });

  it('writes what it holds once the buffering interval has passed since the first record', async () => {
    const stream = open(definition({ bufferingIntervalSeconds: 60 }));
    await stream.putRecord('{"n":1}');
    clock.advance(30_000);
    await stream.putRecordBatch(['{"n":2}', '{"n":3}']);
    clock.advance(29_999);
    expect(await keys()).toEqual([]);

    clock.advance(1);
    // No flush(): the interval timer alone writes the object.
    const written = await vi.waitFor(async () => {
      const found = await keys();
      expect(found).toHaveLength(1);
      return found;
    });
    // Concatenated exactly as given: Firehose adds no delimiter between records.
    expect(await readFile(join(dir, written[0] as string), 'utf8')).toBe('{"n":1}{"n":2}{"n":3}');
    expect(clock.pendingTimers).toBe(0);
  });

  it('lays out keys as <evaluated prefix><stream>-<version>-<yyyy-MM-dd-HH-mm-ss>-<uuid>, in UTC', async () => {
    const stream = open(definition(), 'orders-sink');
    clock.advance(1_500);
    await stream.putRecord('x\n');
    clock.advance(5_000);
    await stream.putRecord('y\n');
    const [key] = await stream.flush();
    // The time is the oldest record's arrival: 05:06:08.5, to the second.
    expect(key).toMatch(new RegExp(`^events/2026-03-04/h=05/orders-sink-1-2026-03-04-05-06-08-${UUID}$`));
    expect(await keys()).toEqual([key]);
  });

  it('uses yyyy/MM/dd/HH/ when no prefix is given', async () => {
    const stream = open(definition({ prefix: '' }));
    await stream.putRecord('x');
    const [key] = await stream.flush();
    expect(key).toMatch(new RegExp(`^2026/03/04/05/analytics-1-2026-03-04-05-06-07-${UUID}$`));
  });

  it('gzips objects when asked, with a .gz extension, and they unzip to the records', async () => {
    const stream = open(definition({ compression: 'GZIP' }));
    await stream.putRecordBatch(['{"a":1}\n', '{"a":2}\n']);
    const [key] = await stream.flush();
    expect(key).toMatch(/\.gz$/);
    const body = await readFile(join(dir, key as string));
    expect(gunzipSync(body).toString('utf8')).toBe('{"a":1}\n{"a":2}\n');
  });

  it('files records with an explicit arrival time under the prefix of that time, one object per prefix', async () => {
    const stream = open(definition());
    await stream.putRecord('old\n', { arrivalTime: new Date('2026-01-10T09:30:00Z') });
    await stream.putRecord('older-day\n', { arrivalTime: new Date('2026-01-11T10:00:00Z') });
    await stream.flush();
    const written = await keys();
    expect(written).toHaveLength(2);
    expect(written[0]).toMatch(new RegExp(`^events/2026-01-10/h=09/analytics-1-2026-01-10-09-30-00-${UUID}$`));
    expect(written[1]).toMatch(new RegExp(`^events/2026-01-11/h=10/analytics-1-2026-01-11-10-00-00-${UUID}$`));
    expect(await readFile(join(dir, written[0] as string), 'utf8')).toBe('old\n');
  });

  it('refuses a record over 1,000 KiB and a batch over 500 records, and buffers nothing from them', async () => {
    const stream = open(definition());
    await expect(stream.putRecord('x'.repeat(1_000 * 1024 + 1))).rejects.toMatchObject({ type: 'ValidationException' });
    await expect(stream.putRecordBatch(Array.from({ length: 501 }, () => 'r'))).rejects.toBeInstanceOf(FirehoseServiceError);
    await expect(stream.putRecordBatch(['ok', 'x'.repeat(1_000 * 1024 + 1)])).rejects.toMatchObject({
      type: 'ValidationException',
    });
    expect(await stream.flush()).toEqual([]);
    expect(await keys()).toEqual([]);
  });

  it('refuses a prefix expression it cannot evaluate when the stream is created', () => {
    expect(() => open(definition({ prefix: 'p/!{partitionKeyFromQuery:id}/' }))).toThrow(FirehoseServiceError);
    expect(() => open(definition({ bufferingSizeMB: 0 }))).toThrow(/bufferingSizeMB/);
  });

  it('flushes on close and then refuses records', async () => {
    const stream = open(definition());
    await stream.putRecord('last\n');
    await stream.close();
    const written = await keys();
    expect(written).toHaveLength(1);
    await expect(stream.putRecord('late')).rejects.toMatchObject({ type: 'ResourceNotFoundException' });
    expect(clock.pendingTimers).toBe(0);
  });
});
