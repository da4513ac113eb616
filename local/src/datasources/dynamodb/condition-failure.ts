import { isDeepStrictEqual } from 'node:util';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { itemOrNull, type SdkAttributeMap } from './attribute-values';
import type { OperationContext } from './context';
import { sdkError, type DynamoDbOutcome } from './errors';
import type { ConditionCheck } from './requests';

/** What the write would have left behind, when AppSync can tell. */
export type ExpectedState = { kind: 'item'; item: Record<string, unknown> } | { kind: 'absent' } | { kind: 'unknown' };

function withoutIgnored(item: Record<string, unknown>, ignored: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !ignored.includes(name)));
}

/**
 * AppSync's handling of a failed condition (the "Handling a condition check failure" section of
 * its DynamoDB reference): it re-reads the item, strongly consistent unless the condition says
 * otherwise. If the item already is what the write would have produced (a PutItem whose item
 * matches, ignoring `equalsIgnore` attributes, or a DeleteItem whose item is gone) the request
 * succeeds with that item. Otherwise it fails with DynamoDB:ConditionalCheckFailedException and
 * the current item as the error's data. UpdateItem never qualifies: AppSync cannot predict its
 * result. The Custom strategy (a Lambda decides) is treated as Reject: there is no Lambda ARN
 * to call locally.
 */
export async function handleConditionFailure(
  context: OperationContext,
  key: SdkAttributeMap,
  condition: ConditionCheck | undefined,
  expected: ExpectedState,
  failure: unknown,
): Promise<DynamoDbOutcome> {
  let current: Record<string, unknown> | null;
  try {
    const read = await context.client.send(
      new GetItemCommand({ TableName: context.tableName, Key: key, ConsistentRead: condition?.consistentRead ?? true }),
    );
    current = itemOrNull(read.Item);
  } catch (error) {
    return { error: sdkError(error) };
  }
  const ignored = condition?.equalsIgnore ?? [];
  const alreadyDone =
    (expected.kind === 'absent' && current === null) ||
    (expected.kind === 'item' && current !== null && isDeepStrictEqual(withoutIgnored(current, ignored), withoutIgnored(expected.item, ignored)));
  if (alreadyDone) return { result: current };
  return { error: { ...sdkError(failure), data: current } };
}
