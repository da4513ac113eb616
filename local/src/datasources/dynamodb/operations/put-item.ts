import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { fromSdkMap, toSdkMap } from '../attribute-values';
import { handleConditionFailure } from '../condition-failure';
import type { Operation } from '../context';
import { isConditionalCheckFailure, sdkError } from '../errors';
import { expressionAttributes } from '../expressions';
import type { PutItemRequest } from '../requests';

/**
 * The written item is the attribute values plus the key (the key wins, as AppSync writes it), and
 * that item is ctx.result: AppSync answers with what it wrote, not with a re-read.
 */
export const putItem: Operation<PutItemRequest> = async (request, context) => {
  const key = toSdkMap(request.key);
  const item = { ...toSdkMap(request.attributeValues ?? {}), ...key };
  const { condition } = request;
  try {
    await context.client.send(
      new PutItemCommand({
        TableName: context.tableName,
        Item: item,
        ConditionExpression: condition?.expression,
        ...expressionAttributes(condition),
      }),
    );
    return { result: fromSdkMap(item) };
  } catch (error) {
    if (!isConditionalCheckFailure(error)) return { error: sdkError(error) };
    return handleConditionFailure(context, key, condition, { kind: 'item', item: fromSdkMap(item) }, error);
  }
};
