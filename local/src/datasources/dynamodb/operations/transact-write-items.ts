import { TransactWriteItemsCommand, type TransactWriteItem as SdkTransactWriteItem } from '@aws-sdk/client-dynamodb';
import { fromSdkMap, toSdkMap } from '../attribute-values';
import type { Operation, OperationContext } from '../context';
import { mappingTemplateError, sdkError } from '../errors';
import { expressionAttributes } from '../expressions';
import type { TransactCondition, TransactWriteItem, TransactWriteItemsRequest } from '../requests';
import { cancellationReasons } from './cancellation-reasons';

function conditionParams(condition: TransactCondition | undefined) {
  if (condition === undefined) return {};
  return {
    ConditionExpression: condition.expression,
    // AppSync returns the failing item by default; the flag exists to turn that off.
    ReturnValuesOnConditionCheckFailure: condition.returnValuesOnConditionCheckFailure === false ? ('NONE' as const) : ('ALL_OLD' as const),
  };
}

function toSdkItem(item: TransactWriteItem, index: number, context: OperationContext): SdkTransactWriteItem | string {
  const TableName = context.tableFor(item.table);
  const Key = toSdkMap(item.key);
  switch (item.operation) {
    case 'PutItem':
      return {
        Put: { TableName, Item: { ...toSdkMap(item.attributeValues ?? {}), ...Key }, ...conditionParams(item.condition), ...expressionAttributes(item.condition) },
      };
    case 'UpdateItem':
      if (item.update === undefined) return `Value for field '$[transactItems][${index}][update]' not found.`;
      return {
        Update: {
          TableName,
          Key,
          UpdateExpression: item.update.expression,
          ...conditionParams(item.condition),
          ...expressionAttributes(item.update, item.condition),
        },
      };
    case 'DeleteItem':
      return { Delete: { TableName, Key, ...conditionParams(item.condition), ...expressionAttributes(item.condition) } };
    case 'ConditionCheck':
      if (item.condition === undefined) return `Value for field '$[transactItems][${index}][condition]' not found.`;
      return {
        ConditionCheck: {
          TableName,
          Key,
          ConditionExpression: item.condition.expression,
          ReturnValuesOnConditionCheckFailure: conditionParams(item.condition).ReturnValuesOnConditionCheckFailure,
          ...expressionAttributes(item.condition),
        },
      };
  }
}

/**
 * ctx.result is `{ keys: [key, ...], cancellationReasons: null }`, the keys of the items written in
 * request order. When DynamoDB cancels the transaction, ctx.error is set AND ctx.result is
 * `{ keys: null, cancellationReasons: [...] }`.
 */
export const transactWriteItems: Operation<TransactWriteItemsRequest> = async (request, context) => {
  const items: SdkTransactWriteItem[] = [];
  for (const [index, item] of request.transactItems.entries()) {
    const converted = toSdkItem(item, index, context);
    if (typeof converted === 'string') return mappingTemplateError(converted);
    items.push(converted);
  }
  try {
    await context.client.send(new TransactWriteItemsCommand({ TransactItems: items }));
    return { result: { keys: request.transactItems.map((item) => fromSdkMap(toSdkMap(item.key))), cancellationReasons: null } };
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (reasons === null) return { error: sdkError(error) };
    return { error: sdkError(error), result: { keys: null, cancellationReasons: reasons } };
  }
};
