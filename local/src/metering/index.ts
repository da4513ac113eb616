/**
 * A usage meter: what AWS would bill for the work the local services do, counted as they do it.
 * Every emulated service increments named counters here (one property add per call, no
 * allocation on the hot path), so a benchmark or a developer can turn a run into request units,
 * GB-seconds and messages, and those into dollars at AWS's list prices (bench/lib/prices.ts).
 *
 * One meter per process: services are built in many places (data sources per API, one Lambda
 * service, buses, queues, pipes), and the bill is the process's total, as on one AWS account.
 * docs: local/docs/metering.md
 */

/** The counters, named `<service>.<what AWS bills>`; per-item breakdowns add `:<name>`. */
export const Usage = {
  /** AppSync: query and mutation operations over HTTP (subscriptions are not operations). */
  appsyncRequests: 'appsync.requests',
  /** AppSync: real-time data messages delivered to a subscriber. */
  appsyncRealtimeMessages: 'appsync.realtime.messages',
  /** The same, in AWS's 5 KB metering increments. */
  appsyncRealtimeUnits: 'appsync.realtime.messageUnits',
  /** Connection time of closed real-time connections, ms (open ones are added by `snapshot`). */
  appsyncConnectionMs: 'appsync.realtime.connectionMs',
  appsyncConnections: 'appsync.realtime.connections',
  /** DynamoDB: read and write capacity units as DynamoDB reported them (ConsumedCapacity). */
  dynamodbReadUnits: 'dynamodb.readUnits',
  dynamodbWriteUnits: 'dynamodb.writeUnits',
  /** DynamoDB: calls made, by operation (`dynamodb.calls:TransactWriteItems`). */
  dynamodbCalls: 'dynamodb.calls',
  /** DynamoDB: calls that failed (a refused condition, a cancelled transaction), by operation. */
  dynamodbFailedCalls: 'dynamodb.failedCalls',
  lambdaInvocations: 'lambda.invocations',
  /** Lambda: billed duration (each invocation rounded up to 1 ms) times memory, MB-ms. */
  lambdaMbMs: 'lambda.mbMs',
  lambdaBilledMs: 'lambda.billedMs',
  /** EventBridge: events put on a bus, in 64 KB chunks. */
  eventbridgeEvents: 'eventbridge.events',
  /** Pipes: requests (records after filtering), in 64 KB chunks. */
  pipesRequests: 'pipes.requests',
  /** SQS: API requests, each counted per 64 KB chunk of its payload. */
  sqsRequests: 'sqs.requests',
  /** Firehose Direct PUT: records and billed bytes (each record rounded up to 5 KB). */
  firehoseRecords: 'firehose.records',
  firehoseBilledBytes: 'firehose.billedBytes',
} as const;

export type UsageCounter = (typeof Usage)[keyof typeof Usage];

export type UsageSnapshot = Record<string, number>;

/** 64 KB: the chunk EventBridge, Pipes and SQS bill a request in. */
export const CHUNK_64KB = 64 * 1024;
/** 5 KB: AppSync's real-time message increment and Firehose's record rounding. */
export const CHUNK_5KB = 5 * 1024;

/** How many `chunk`-sized billing units `bytes` is (at least one). */
export function chunks(bytes: number, chunk: number): number {
  return bytes <= chunk ? 1 : Math.ceil(bytes / chunk);
}

export class UsageMeter {
  private counts: UsageSnapshot = Object.create(null) as UsageSnapshot;
  private openConnections = 0;
  /** Sum of the open connections' start times: with the count, their time so far is O(1). */
  private openedAtSum = 0;

  constructor(private readonly now: () => number = Date.now) {}

  add(counter: string, amount = 1): void {
    this.counts[counter] = (this.counts[counter] ?? 0) + amount;
  }

  /** A counter and its breakdown entry (`counter:key`) at once. */
  addFor(counter: string, key: string, amount = 1): void {
    this.add(counter, amount);
    this.add(`${counter}:${key}`, amount);
  }

  /** A real-time connection opened; returns the function that closes its account. */
  connectionOpened(): () => void {
    const openedAt = this.now();
    this.openConnections += 1;
    this.openedAtSum += openedAt;
    this.add(Usage.appsyncConnections);
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      this.openConnections -= 1;
      this.openedAtSum -= openedAt;
      this.add(Usage.appsyncConnectionMs, this.now() - openedAt);
    };
  }

  /** Every counter now, with the time of still-open connections included. */
  snapshot(): UsageSnapshot {
    const copy: UsageSnapshot = { ...this.counts };
    const openMs = this.openConnections * this.now() - this.openedAtSum;
    copy[Usage.appsyncConnectionMs] = (copy[Usage.appsyncConnectionMs] ?? 0) + openMs;
    return copy;
  }

  /** Starts counting afresh (open connections count again from now). */
  reset(): void {
    this.counts = Object.create(null) as UsageSnapshot;
    this.openedAtSum = this.openConnections * this.now();
  }
}

/** What happened between two snapshots. */
export function usageBetween(before: UsageSnapshot, after: UsageSnapshot): UsageSnapshot {
  const delta: UsageSnapshot = {};
  for (const [name, value] of Object.entries(after)) {
    const diff = value - (before[name] ?? 0);
    if (diff !== 0) delta[name] = diff;
  }
  return delta;
}

/** The process's meter, which every local service counts into. */
export const usage = new UsageMeter();
