import { TransactGetItemsCommand } from '@aws-sdk/client-dynamodb';
import { itemOrNull, toSdkMap } from '../attribute-values';
import type { Operation } from '../context';
import { sdkError } from '../errors';
import { expressionAttributes } from '../expressions';
import type { TransactGetItemsRequest } from '../requests';
import { cancellationReasons } from './cancellation-reasons';

/**
 * ctx.result is `{ items: [item | null, ...], cancellationReasons: null }`, items in request order.
 * When DynamoDB cancels the transaction, ctx.error is set AND ctx.result is
 * `{ items: null, cancellationReasons: [...] }`.
 */
export const transactGetItems: Operation<TransactGetItemsRequest> = async (request, context) => {
  try {
    const output = await context.client.send(
      new TransactGetItemsCommand({
        TransactItems: request.transactItems.map((item) => ({
          Get: {
            TableName: context.tableFor(item.table),
            Key: toSdkMap(item.key),
            ProjectionExpression: item.projection?.expression,
            ...expressionAttributes(item.projection),
          },
        })),
      }),
    );
    return { result: { items: (output.Responses ?? []).map((response) => itemOrNull(response.Item)), cancellationReasons: null } };
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (reasons === null) return { error: sdkError(error) };
    return { error: sdkError(error), result: { items: null, cancellationReasons: reasons } };
  }
};
