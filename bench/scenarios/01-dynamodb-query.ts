/**
 * Scenario 1: a DynamoDB-backed query through our runtime (HTTP, API key, APPSYNC_JS resolver,
 * DynamoDB data source) against the floor: the same GetItem or Query sent straight to DynamoDB
 * Local with @aws-sdk/client-dynamodb. The difference is our overhead per request.
 */
import { BatchWriteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/src/services/provision';
import { startBenchProcess } from '../lib/child';
import { expectGraphqlData, runHttpLoad, type HttpLoadResult } from '../lib/http-load';
import type { BenchContext, Row, Scenario } from '../lib/types';
import type { DynamoFloorOptions, DynamoFloorRun } from '../workers/dynamodb-floor';

const PARTITION = 'group-1';
const ITEMS = 20;
const sortKey = (index: number): string => `item-${String(index).padStart(2, '0')}`;

async function seed(endpoint: string, table: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  try {
    const items = Array.from({ length: ITEMS }, (_, index) => ({
      PutRequest: {
        Item: {
          pk: { S: PARTITION },
          sk: { S: sortKey(index) },
          name: { S: `Item ${index}` },
          price: { N: String(100 + index * 5) },
          description: { S: `A description of item ${index}, about as long as a menu line would be.` },
        },
      },
    }));
    // BatchWriteItem takes 25 requests at most.
    for (let start = 0; start < items.length; start += 25) {
      await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: items.slice(start, start + 25) } }));
    }
  } finally {
    client.destroy();
  }
}

const OPERATIONS = {
  GetItem: {
    query: 'query Item($pk: String!, $sk: String!) { item(pk: $pk, sk: $sk) { pk sk name price description } }',
    variables: { pk: PARTITION, sk: sortKey(0) },
    expect: '"item":{',
  },
  Query: {
    query: 'query Items($pk: String!, $limit: Int) { items(pk: $pk, limit: $limit) { items { pk sk name price description } nextToken } }',
    variables: { pk: PARTITION, limit: ITEMS },
    expect: `"sk":"${sortKey(ITEMS - 1)}"`,
  },
} as const;

function row(group: string, label: string, result: HttpLoadResult, peakRssBytes: number, reference: boolean): Row {
  return {
    group,
    label,
    reference,
    throughput: { value: result.requestsPerSecond, unit: 'req/s' },
    p50Ms: result.latencyMs.p50,
    p99Ms: result.latencyMs.p99,
    peakRssBytes,
    note: `${result.requests.toLocaleString('en-US')} requests`,
    detail: { ...result },
  };
}

const scenario: Scenario = {
  id: '1',
  title: 'DynamoDB-backed query: runtime vs the DynamoDB floor',
  async run(context: BenchContext) {
    const warmupMs = context.size(2_000, 200);
    const durationMs = context.size(8_000, 500);
    const maxRequests = context.size(500_000, 2_000);
    const rows: Row[] = [];

    // Boots once to create the table, then seeds it; each measured case gets a fresh process.
    const first = await context.startRuntime();
    const table = first.info.tableNames.items;
    await first.stop();
    if (!table) throw new Error('the bench fixture has no items table');
    await seed(context.dynamodbEndpoint, table);

    for (const operation of ['GetItem', 'Query'] as const) {
      for (const concurrency of [1, 32]) {
        const group = `${operation} c=${concurrency}`;
        const floor = await startBenchProcess('workers/dynamodb-floor.ts', {
          endpoint: context.dynamodbEndpoint,
          table,
          pk: PARTITION,
          sk: sortKey(0),
          queryLimit: ITEMS,
        } satisfies DynamoFloorOptions);
        const floorResult = await floor.request<HttpLoadResult>(
          'run',
          { operation, concurrency, warmupMs, durationMs, maxRequests } satisfies DynamoFloorRun,
          durationMs + warmupMs + 60_000,
        );
        const floorLast = await floor.stop();
        rows.push(row(group, `floor: ${operation} via @aws-sdk/client-dynamodb, c=${concurrency}`, floorResult, floorLast?.maxRss ?? 0, true));

        const runtime = await context.startRuntime();
        const spec = OPERATIONS[operation];
        const result = await runHttpLoad({
          url: runtime.info.httpUrl,
          headers: { 'x-api-key': runtime.info.apiKey },
          body: JSON.stringify({ query: spec.query, variables: spec.variables }),
          concurrency,
          warmupMs,
          durationMs,
          maxRequests,
          check(status, body) {
            expectGraphqlData(status, body);
            if (!body.includes(spec.expect)) throw new Error(`the ${operation} query answered without its data: ${body.slice(0, 300)}`);
          },
        });
        const last = await runtime.stop();
        rows.push(row(group, `runtime: ${operation} query over HTTP, c=${concurrency}`, result, last?.maxRss ?? 0, false));
        context.log(`  ${group}: floor ${floorResult.requestsPerSecond.toFixed(0)} req/s, runtime ${result.requestsPerSecond.toFixed(0)} req/s`);
      }
    }
    return {
      rows,
      notes: [
        `Table seeded with ${ITEMS} items in one partition; GetItem reads one, Query reads the ${ITEMS} (Limit ${ITEMS}).`,
        'Closed loop: c in-flight requests, each sent when the previous answer is in. The runtime is called over plain HTTP on loopback with an API key, from the bench process (the load generator); the floor is the SDK sending the same DynamoDB call from a worker process of its own, with the same loop.',
        'Peak RSS is that of the process between the load and DynamoDB: the runtime server, or the SDK worker for the floor (both run TypeScript through tsx, so both carry its loader).',
      ],
    };
  },
};

export default scenario;
