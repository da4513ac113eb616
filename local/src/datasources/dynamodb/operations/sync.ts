import { ScanCommand } from '@aws-sdk/client-dynamodb';
import type { Operation } from '../context';
import { mappingTemplateError, sdkError } from '../errors';
import { expressionAttributes } from '../expressions';
import { decodeNextToken, INVALID_NEXT_TOKEN } from '../next-token';
import type { SyncRequest } from '../requests';
import { page } from './page';

/** AppSync's documented page size for Sync when `limit` is left out. */
const DEFAULT_LIMIT = 100;

/**
 * Sync needs a versioned data source with a delta table, which the local runtime does not model.
 * Every Sync is therefore a base-table Sync: a scan of the whole table, `lastSync` ignored.
 * ctx.result is `{ items, nextToken, startedAt }` with startedAt in epoch milliseconds.
 */
export const sync: Operation<SyncRequest> = async (request, { client, tableName }) => {
  const startedAt = Date.now();
  const startKey = decodeNextToken(request.nextToken);
  if (startKey === null) return mappingTemplateError(INVALID_NEXT_TOKEN);
  try {
    const output = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: request.filter?.expression,
        Limit: request.limit ?? DEFAULT_LIMIT,
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
        ...expressionAttributes(request.filter),
      }),
    );
    const { items, nextToken } = page(output);
    return { result: { items, nextToken, startedAt } };
  } catch (error) {
    return { error: sdkError(error) };
  }
};
