import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { PipeDeadLetterMessage } from './delivery';
import type { PipeSource } from './options';
import type { PipeStreamRecord } from './records';

/** Test helpers for the pipe poller: real DynamoDB Local, real loopback connections. */

export function dynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

export async function createStreamTable(client: DynamoDBClient, TableName: string): Promise<string> {
  await client.send(
    new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  const { Table } = await client.send(new DescribeTableCommand({ TableName }));
  if (!Table?.LatestStreamArn) throw new Error(`table ${TableName} came without a stream`);
  return Table.LatestStreamArn;
}

export const source = (overrides: Partial<PipeSource> = {}): PipeSource => ({
  table: 'logical',
  startingPosition: 'TRIM_HORIZON',
  batchSize: 10,
  maximumRetryAttempts: -1,
  maximumRecordAgeSeconds: -1,
  deadLetterQueue: 'dlq',
  ...overrides,
});

/** Fast timers: these tests wait on real DynamoDB Local, never on AWS's pacing. */
export const fast = { pollIntervalMs: 20, maxIdlePollIntervalMs: 100, retryDelay: { baseMs: 10, maxMs: 50 }, shardRefreshMs: 200 };

export function tempDir(): { dir: string; file(name: string): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'pipes-test-'));
  return { dir, file: (name) => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function waitUntil(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface Recorder {
  batches: PipeStreamRecord[][];
  deadLetters: { message: PipeDeadLetterMessage; records: PipeStreamRecord[] }[];
  /** Every record handed to the target, in order, by the value of its `pk` key. */
  keys(): string[];
  deadLetter(message: PipeDeadLetterMessage, records: PipeStreamRecord[]): Promise<void>;
}

export function recorder(): Recorder {
  const rec: Recorder = {
    batches: [],
    deadLetters: [],
    keys: () => rec.batches.flat().map(keyOf),
    deadLetter: async (message, records) => {
      rec.deadLetters.push({ message, records });
    },
  };
  return rec;
}

export function keyOf(record: PipeStreamRecord): string {
  const key = record.dynamodb.Keys['pk'];
  return key && 'S' in key ? key.S : '?';
}

export interface FaultProxy {
  endpoint: string;
  /** The next `count` GetRecords calls carry an iterator aged 16 minutes, so DynamoDB Local itself answers ExpiredIteratorException. */
  expireIterators(count: number): void;
  /** The next `count` GetRecords calls are answered TrimmedDataAccessException, in DynamoDB's wire format. */
  trimNext(count: number): void;
  close(): Promise<void>;
}

/**
 * A loopback HTTP proxy in front of DynamoDB Local that ages shard iterators on request. DynamoDB
 * Local's iterators expire after 15 minutes like AWS's (the timestamp is the third `|` field of the
 * base64 part of the iterator), and a test cannot wait that long. Records are only trimmed after 24
 * hours, so TrimmedDataAccessException is answered by the proxy itself.
 */
export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream);
  let expire = 0;
  let trim = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      const getRecords = String(req.headers['x-amz-target'] ?? '').endsWith('.GetRecords');
      if (getRecords && trim > 0) {
        trim -= 1;
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#TrimmedDataAccessException', message: 'The operation attempted to read past the oldest stream record in a shard.' }));
        return;
      }
      if (getRecords && expire > 0) {
        expire -= 1;
        const input = JSON.parse(body.toString('utf8')) as { ShardIterator: string };
        const [arn, version, inner] = input.ShardIterator.split('|');
        const fields = Buffer.from(inner ?? '', 'base64').toString('utf8').split('|');
        fields[2] = String(Date.now() - 16 * 60_000).padStart(fields[2]?.length ?? 30, '0');
        input.ShardIterator = [arn, version, Buffer.from(fields.join('|')).toString('base64')].join('|');
        body = Buffer.from(JSON.stringify(input));
      }
      const headers = { ...req.headers, host: target.host, 'content-length': String(body.length) };
      const forward = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 500, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', () => res.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    expireIterators: (count) => (expire += count),
    trimNext: (count) => (trim += count),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
