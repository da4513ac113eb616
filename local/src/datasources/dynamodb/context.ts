import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDbOutcome } from './errors';

/** What every operation gets besides its request. */
export interface OperationContext {
  client: DynamoDBClient;
  /** The data source's own table: single-item operations, queries and scans never name one. */
  tableName: string;
  /** Batch and transaction requests name their tables; this maps such a name to a real table. */
  tableFor(requested: string): string;
}

export type Operation<Request> = (request: Request, context: OperationContext) => Promise<DynamoDbOutcome>;
