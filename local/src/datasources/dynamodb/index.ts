import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DataSourceConfig } from '../../config';
import { meterDynamoDbClient } from '../../metering/dynamodb';
import type { OperationContext } from './context';
import { mappingTemplateError, type DynamoDbOutcome } from './errors';
import { batchDeleteItem } from './operations/batch-delete-item';
import { batchGetItem } from './operations/batch-get-item';
import { batchPutItem } from './operations/batch-put-item';
import { deleteItem } from './operations/delete-item';
import { getItem } from './operations/get-item';
import { putItem } from './operations/put-item';
import { query } from './operations/query';
import { scan } from './operations/scan';
import { sync } from './operations/sync';
import { transactGetItems } from './operations/transact-get-items';
import { transactWriteItems } from './operations/transact-write-items';
import { updateItem } from './operations/update-item';
import { SCHEMAS, type DynamoDbRequest, type OperationName } from './requests';
import { check, withoutNulls } from './validate';

export type { DynamoDbOutcome, DataSourceError } from './errors';

export type DynamoDbDataSourceConfig = Extract<DataSourceConfig, { type: 'AMAZON_DYNAMODB' }>;

export interface DynamoDbDataSourceOptions {
  /**
   * Maps a table name that a batch or transaction request names to a real table. AppSync uses
   * such names as given; the default does the same, and a project can map its production names
   * to local ones here.
   */
  resolveTableName?: (requested: string) => string;
}

export interface DynamoDbDataSource {
  /**
   * Executes one request a resolver returned. Never throws for a bad request or a DynamoDB error:
   * those come back as `error` (ctx.error). Transactions that DynamoDB cancels answer both `error`
   * and `result` (AppSync sets ctx.result.cancellationReasons too).
   */
  invoke(request: unknown): Promise<DynamoDbOutcome>;
  close(): void;
}

type Handlers = { [Name in OperationName]: (request: Extract<DynamoDbRequest, { operation: Name }>, context: OperationContext) => Promise<DynamoDbOutcome> };

const HANDLERS: Handlers = {
  GetItem: getItem,
  PutItem: putItem,
  UpdateItem: updateItem,
  DeleteItem: deleteItem,
  Query: query,
  Scan: scan,
  Sync: sync,
  BatchGetItem: batchGetItem,
  BatchPutItem: batchPutItem,
  BatchDeleteItem: batchDeleteItem,
  TransactGetItems: transactGetItems,
  TransactWriteItems: transactWriteItems,
};

function isOperationName(name: unknown): name is OperationName {
  return typeof name === 'string' && Object.hasOwn(HANDLERS, name);
}

function dispatch<Name extends OperationName>(name: Name, request: unknown, context: OperationContext): Promise<DynamoDbOutcome> {
  const handler = HANDLERS[name] as (request: unknown, context: OperationContext) => Promise<DynamoDbOutcome>;
  return handler(request, context);
}

/**
 * AppSync's AMAZON_DYNAMODB data source: one table per data source (from config, never from the
 * request), requests validated declaratively, then executed by one module per operation.
 */
export function createDynamoDbDataSource(config: DynamoDbDataSourceConfig, options: DynamoDbDataSourceOptions = {}): DynamoDbDataSource {
  const client = new DynamoDBClient({
    endpoint: config.endpoint,
    region: config.region,
    // DynamoDB Local accepts any credentials; fixed dummies keep the host's AWS profile out of it.
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  meterDynamoDbClient(client);
  const context: OperationContext = {
    client,
    tableName: config.tableName,
    tableFor: options.resolveTableName ?? ((requested) => requested),
  };
  return {
    async invoke(request) {
      if (typeof request !== 'object' || request === null || Array.isArray(request)) {
        return mappingTemplateError('Expected a JSON object as the request but got something else.');
      }
      const operation = (request as { operation?: unknown }).operation;
      if (operation === undefined || operation === null) return mappingTemplateError("Value for field '$[operation]' not found.");
      if (!isOperationName(operation)) return mappingTemplateError(`Unsupported operation '${String(operation)}'.`);
      const schema = { kind: 'object', fields: SCHEMAS[operation] } as const;
      const problem = check(request, schema);
      if (problem !== null) return mappingTemplateError(problem);
      return dispatch(operation, withoutNulls(request, schema), context);
    },
    close() {
      client.destroy();
    },
  };
}
