/**
 * The floor for DynamoDB-backed queries: the same GetItem and Query our resolvers ask for, sent
 * straight to DynamoDB Local with @aws-sdk/client-dynamodb from a process of its own, in the same
 * closed loop the HTTP load generator runs. No GraphQL, HTTP server, auth or resolver.
 */
import { performance } from 'node:perf_hooks';
import { DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/src/services/provision';
import { host, readOptions } from '../lib/host';
import { Samples, summarize } from '../lib/stats';

export interface DynamoFloorOptions {
  endpoint: string;
  table: string;
  pk: string;
  sk: string;
  queryLimit: number;
}

export interface DynamoFloorRun {
  operation: 'GetItem' | 'Query';
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  maxRequests: number;
}

host(async () => {
  const options = readOptions<DynamoFloorOptions>();
  const client = new DynamoDBClient({ endpoint: options.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const calls = {
    GetItem: () => client.send(new GetItemCommand({ TableName: options.table, Key: { pk: { S: options.pk }, sk: { S: options.sk } } })),
    Query: () =>
      client.send(new QueryCommand({
        TableName: options.table,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': 'pk' },
        ExpressionAttributeValues: { ':pk': { S: options.pk } },
        Limit: options.queryLimit,
      })),
  };

  async function run(argument: unknown) {
    const spec = argument as DynamoFloorRun;
    const call = calls[spec.operation];
    const phase = async (durationMs: number, samples: Samples | null): Promise<number> => {
      const deadline = performance.now() + durationMs;
      let sent = 0;
      const worker = async (): Promise<void> => {
        while (sent < spec.maxRequests && performance.now() < deadline) {
          sent += 1;
          const started = performance.now();
          const output = await call();
          samples?.push(performance.now() - started);
          if (output.$metadata.httpStatusCode !== 200) throw new Error(`DynamoDB Local answered ${output.$metadata.httpStatusCode}`);
        }
      };
      const began = performance.now();
      await Promise.all(Array.from({ length: spec.concurrency }, worker));
      return (performance.now() - began) / 1000;
    };
    await phase(spec.warmupMs, null);
    const samples = new Samples();
    const seconds = await phase(spec.durationMs, samples);
    return { requests: samples.length, seconds, requestsPerSecond: samples.length / seconds, latencyMs: summarize(samples.values()) };
  }

  return {
    info: {},
    commands: { run },
    async close() {
      client.destroy();
    },
  };
});
