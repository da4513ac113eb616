import { BatchGetItemCommand, type KeysAndAttributes } from '@aws-sdk/client-dynamodb';
import { fromSdkMap, toSdkMap } from '../attribute-values';
import type { Operation } from '../context';
import { mappingTemplateError, sdkError } from '../errors';
import { expressionAttributes } from '../expressions';
import type { BatchGetItemRequest } from '../requests';
import { matchesKey, resolveTables } from './batch-tables';

/**
 * ctx.result is `{ data: { <table>: [item | null, ...] }, unprocessedKeys: { <table>: [key, ...] } }`:
 * items in the order their keys were asked for, null where DynamoDB has no such item or left the
 * key unprocessed. Unprocessed keys are handed back, not retried, as AppSync does.
 */
export const batchGetItem: Operation<BatchGetItemRequest> = async (request, context) => {
  const names = Object.keys(request.tables);
  const tables = resolveTables(names, context);
  if (typeof tables === 'string') return mappingTemplateError(tables);
  const requestItems: Record<string, KeysAndAttributes> = {};
  for (const [name, real] of tables) {
    const entry = request.tables[name];
    if (entry === undefined) continue;
    requestItems[real] = {
      Keys: entry.keys.map(toSdkMap),
      ConsistentRead: entry.consistentRead,
      ProjectionExpression: entry.projection?.expression,
      ...expressionAttributes(entry.projection),
    };
  }
  try {
    const output = await context.client.send(new BatchGetItemCommand({ RequestItems: requestItems }));
    const data: Record<string, (Record<string, unknown> | null)[]> = {};
    const unprocessedKeys: Record<string, Record<string, unknown>[]> = {};
    for (const [name, real] of tables) {
      const found = output.Responses?.[real] ?? [];
      const keys = requestItems[real]?.Keys ?? [];
      data[name] = keys.map((key) => {
        const item = found.find((candidate) => matchesKey(key, candidate));
        return item === undefined ? null : fromSdkMap(item);
      });
      unprocessedKeys[name] = (output.UnprocessedKeys?.[real]?.Keys ?? []).map(fromSdkMap);
    }
    return { result: { data, unprocessedKeys } };
  } catch (error) {
    return { error: sdkError(error) };
  }
};
