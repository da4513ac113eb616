import { DeleteItemCommand } from '@aws-sdk/client-dynamodb';
import { itemOrNull, toSdkMap } from '../attribute-values';
import { handleConditionFailure } from '../condition-failure';
import type { Operation } from '../context';
import { isConditionalCheckFailure, sdkError } from '../errors';
import { expressionAttributes } from '../expressions';
import type { DeleteItemRequest } from '../requests';

/** ctx.result is the item as it was before the delete (ALL_OLD), or null when there was none. */
export const deleteItem: Operation<DeleteItemRequest> = async (request, context) => {
  const key = toSdkMap(request.key);
  const { condition } = request;
  try {
    const output = await context.client.send(
      new DeleteItemCommand({
        TableName: context.tableName,
        Key: key,
        ConditionExpression: condition?.expression,
        ReturnValues: 'ALL_OLD',
        ...expressionAttributes(condition),
      }),
    );
    return { result: itemOrNull(output.Attributes) };
  } catch (error) {
    if (!isConditionalCheckFailure(error)) return { error: sdkError(error) };
    return handleConditionFailure(context, key, condition, { kind: 'absent' }, error);
  }
};
