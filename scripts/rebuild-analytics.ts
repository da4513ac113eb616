import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BatchWriteItemCommand, paginateScan, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { DescribeReplayCommand, EventBridgeClient, StartReplayCommand } from '@aws-sdk/client-eventbridge';
import type { EventServices } from '../local/src/events';

/**
 * Rebuilds the analytics from the bus's archive, as one would on AWS: clear the lake's `events/`
 * prefix and the rollup items, then StartReplay the whole archive to the two rules that build
 * them (metricsRollup and analyticsSink) and to no other (the apps are not told again about old
 * orders), and wait until the replay has been counted and written.
 *
 * Run as `npm start -- --rebuild-analytics` (scripts/start.ts): waiting for the end needs the
 * bus's idle(), the rollup queue's counts and the delivery stream's flush, which only the process
 * running the event services has; a separate CLI could start the replay over the SDK but could
 * not tell when the lake and the rollups are complete (Firehose would write the replay up to its
 * 900 s buffering interval later).
 */
export const REBUILD_RULES = ['metricsRollup', 'analyticsSink'] as const;

export interface RebuildOptions {
  services: EventServices;
  busName: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  dynamodb: DynamoDBClient;
  /** The rollups' table (physical name). */
  metricsTable: string;
  /** The queue metricsRollup's rule feeds. */
  rollupQueue: string;
  /** The lake prefix the delivery stream writes under. */
  lakePrefix?: string;
  log?: (line: string) => void;
}

export interface RebuildResult {
  replayName: string;
  eventsReplayed: number;
  rollupItemsDeleted: number;
}

/** Resolves once `done()` holds, checking at each turn after a short wait; `what` names it in the timeout. */
async function until(done: () => boolean | Promise<boolean>, what: string, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`Rebuild: timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function flushAll(services: EventServices): Promise<void> {
  await Promise.all(Object.values(services.deliveryStreams).map((stream) => stream.flush()));
}

async function clearTable(client: DynamoDBClient, table: string): Promise<number> {
  let deleted = 0;
  const keys: WriteRequest[] = [];
  for await (const page of paginateScan({ client }, { TableName: table, ProjectionExpression: 'pk, sk', ConsistentRead: true })) {
    for (const item of page.Items ?? []) keys.push({ DeleteRequest: { Key: { pk: item.pk!, sk: item.sk! } } });
  }
  for (let i = 0; i < keys.length; i += 25) {
    let pending: WriteRequest[] = keys.slice(i, i + 25);
    while (pending.length > 0) {
      const answer = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }));
      pending = answer.UnprocessedItems?.[table] ?? [];
    }
  }
  deleted += keys.length;
  return deleted;
}

export async function rebuildAnalytics(options: RebuildOptions): Promise<RebuildResult> {
  const { services } = options;
  const log = options.log ?? (() => undefined);
  const bus = services.buses[options.busName];
  if (!bus?.archiveArn) throw new Error(`Rebuild: bus ${options.busName} has no archive to replay.`);
  const queue = services.queues.get(options.rollupQueue);
  const queueEmpty = (): boolean => {
    const a = queue.attributes();
    return a.ApproximateNumberOfMessages === 0 && a.ApproximateNumberOfMessagesNotVisible === 0;
  };
  // What is on its way now lands before the clear, so nothing written before the rebuild survives it.
  await services.idle();
  await until(queueEmpty, 'the rollup queue to drain before the clear');
  await flushAll(services);
  await rm(join(services.lakeDir, options.lakePrefix ?? 'events'), { recursive: true, force: true });
  const rollupItemsDeleted = await clearTable(options.dynamodb, options.metricsTable);
  log(`cleared the lake and ${rollupItemsDeleted} rollup items`);

  const client = new EventBridgeClient({ endpoint: services.endpoint, region: options.region, credentials: options.credentials });
  const replayName = `rebuild-analytics-${Date.now()}`;
  try {
    await client.send(
      new StartReplayCommand({
        ReplayName: replayName,
        EventSourceArn: bus.archiveArn,
        // Everything archived: the archive keeps a year, and nothing is older than the epoch.
        EventStartTime: new Date(0),
        EventEndTime: new Date(Date.now() + 1000),
        Destination: { Arn: bus.arn, FilterArns: REBUILD_RULES.map((rule) => bus.ruleArn(rule)) },
      }),
    );
    let replayed = 0;
    await until(async () => {
      const replay = await client.send(new DescribeReplayCommand({ ReplayName: replayName }));
      if (replay.State === 'FAILED') throw new Error(`Rebuild: replay ${replayName} failed: ${replay.StateReason ?? ''}`);
      replayed = bus.describeReplay(replayName).eventsReplayed;
      return replay.State === 'COMPLETED';
    }, 'the replay');
    // COMPLETED: handed to the targets. Then delivered, counted and written.
    await services.idle();
    await until(queueEmpty, 'the rollup queue to count the replay');
    await flushAll(services);
    log(`replayed ${replayed} events (${replayName})`);
    return { replayName, eventsReplayed: replayed, rollupItemsDeleted };
  } finally {
    client.destroy();
  }
}
