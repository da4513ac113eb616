import { DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as SdkStreamRecord,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';

export interface StreamEndpoint {
  endpoint: string;
  region: string;
  /** DynamoDB Local accepts any credentials; these keep the SDK from looking for real ones. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export function streamsClient(where: StreamEndpoint): DynamoDBStreamsClient {
  return new DynamoDBStreamsClient({ endpoint: where.endpoint, region: where.region, credentials: where.credentials ?? LOCAL_CREDENTIALS });
}

export class StreamNotFoundError extends Error {
  override name = 'StreamNotFoundError';
}

/** The table's current stream ARN; a table without an enabled stream is a clear error. */
export async function latestStreamArn(where: StreamEndpoint, tableName: string): Promise<string> {
  const client = new DynamoDBClient({ endpoint: where.endpoint, region: where.region, credentials: where.credentials ?? LOCAL_CREDENTIALS });
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName })).catch((error: unknown) => {
      if (error instanceof ResourceNotFoundException) throw new StreamNotFoundError(`Table ${tableName} does not exist, so it has no stream to read.`);
      throw error;
    });
    if (!Table?.StreamSpecification?.StreamEnabled || !Table.LatestStreamArn) {
      throw new StreamNotFoundError(`Table ${tableName} has no enabled stream: declare one in its TableDefinition (stream).`);
    }
    return Table.LatestStreamArn;
  } finally {
    client.destroy();
  }
}

/** Every shard of the stream, all pages of DescribeStream. */
export async function listShards(client: DynamoDBStreamsClient, streamArn: string): Promise<{ shards: Shard[]; enabled: boolean }> {
  const shards: Shard[] = [];
  let enabled = true;
  let start: string | undefined;
  do {
    const { StreamDescription } = await client.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }));
    shards.push(...(StreamDescription?.Shards ?? []));
    enabled = StreamDescription?.StreamStatus !== 'DISABLED' && StreamDescription?.StreamStatus !== 'DISABLING';
    start = StreamDescription?.LastEvaluatedShardId;
  } while (start);
  return { shards, enabled };
}

export async function shardIterator(client: DynamoDBStreamsClient, streamArn: string, shardId: string, after: string | undefined): Promise<string | undefined> {
  const { ShardIterator } = await client.send(
    new GetShardIteratorCommand(
      after === undefined
        ? { StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }
        : { StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after },
    ),
  );
  return ShardIterator;
}

/** GetRecords' maximum Limit (DynamoDB Streams API reference, GetRecords). */
export const GET_RECORDS_LIMIT = 1000;

export async function getRecords(client: DynamoDBStreamsClient, iterator: string, limit = GET_RECORDS_LIMIT): Promise<{ records: SdkStreamRecord[]; next?: string }> {
  const { Records, NextShardIterator } = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: limit }));
  return { records: Records ?? [], next: NextShardIterator };
}

/** The error names DynamoDB Streams answers (API reference, GetRecords and GetShardIterator, Errors). */
export function streamErrorName(error: unknown): string {
  return error instanceof Error ? error.name : 'Error';
}
