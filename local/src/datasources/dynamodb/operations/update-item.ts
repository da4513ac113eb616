import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { itemOrNull, toSdkMap } from '../attribute-values';
import { handleConditionFailure } from '../condition-failure';
import type { Operation } from '../context';
import { isConditionalCheckFailure, sdkError } from '../errors';
import { expressionAttributes } from '../expressions';
import type { UpdateItemRequest } from '../requests';

/** ctx.result is the whole item after the update (DynamoDB's ALL_NEW). */
export const updateItem: Operation<UpdateItemRequest> = async (request, context) => {
  const key = toSdkMap(request.key);
  const { condition } = request;
  try {
    const output = await context.client.send(
      new UpdateItemCommand({
        TableName: context.tableName,
        Key: key,
        UpdateExpression: request.update.expression,
        ConditionExpression: condition?.expression,
        ReturnValues: 'ALL_NEW',
        ...expressionAttributes(request.update, condition),
      }),
    );
    return { result: itemOrNull(output.Attributes) };
  } catch (error) {
    if (!isConditionalCheckFailure(error)) return { error: sdkError(error) };
    return handleConditionFailure(context, key, condition, { kind: 'unknown' }, error);
  }
};
