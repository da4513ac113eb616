import { BatchWriteItemCommand, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { fromSdkMap, toSdkMap, type ResolverAttributeMap, type SdkAttributeMap } from '../attribute-values';
import type { OperationContext } from '../context';
import { mappingTemplateError, sdkError, type DynamoDbOutcome } from '../errors';
import { isAmong, resolveTables } from './batch-tables';

interface BatchWriteKind {
  toRequest(entry: SdkAttributeMap): WriteRequest;
  fromRequest(request: WriteRequest): SdkAttributeMap | undefined;
  /** Where AppSync puts the entries DynamoDB left unprocessed: unprocessedItems or unprocessedKeys. */
  unprocessedField: string;
}

/**
 * BatchPutItem and BatchDeleteItem: one BatchWriteItem call. ctx.result is
 * `{ data: { <table>: [entry | null, ...] }, <unprocessedField>: { <table>: [entry, ...] } }`, an
 * entry being the item put or the key deleted, null where DynamoDB left it unprocessed.
 */
export async function batchWrite(tablesRequested: Record<string, ResolverAttributeMap[]>, kind: BatchWriteKind, context: OperationContext): Promise<DynamoDbOutcome> {
  const tables = resolveTables(Object.keys(tablesRequested), context);
  if (typeof tables === 'string') return mappingTemplateError(tables);
  const entries = new Map<string, SdkAttributeMap[]>();
  const requestItems: Record<string, WriteRequest[]> = {};
  for (const [name, real] of tables) {
    const converted = (tablesRequested[name] ?? []).map(toSdkMap);
    entries.set(name, converted);
    requestItems[real] = converted.map(kind.toRequest);
  }
  try {
    const output = await context.client.send(new BatchWriteItemCommand({ RequestItems: requestItems }));
    const data: Record<string, (Record<string, unknown> | null)[]> = {};
    const unprocessed: Record<string, Record<string, unknown>[]> = {};
    for (const [name, real] of tables) {
      const left = (output.UnprocessedItems?.[real] ?? []).map(kind.fromRequest).filter((entry) => entry !== undefined);
      data[name] = (entries.get(name) ?? []).map((entry) => (isAmong(entry, left) ? null : fromSdkMap(entry)));
      unprocessed[name] = left.map(fromSdkMap);
    }
    return { result: { data, [kind.unprocessedField]: unprocessed } };
  } catch (error) {
    return { error: sdkError(error) };
  }
}
