import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { itemOrNull, toSdkMap } from '../attribute-values';
import type { Operation } from '../context';
import { sdkError } from '../errors';
import { expressionAttributes } from '../expressions';
import type { GetItemRequest } from '../requests';

/** ctx.result is the item, or null when there is none. */
export const getItem: Operation<GetItemRequest> = async (request, { client, tableName }) => {
  try {
    const output = await client.send(
      new GetItemCommand({
        TableName: tableName,
        Key: toSdkMap(request.key),
        ConsistentRead: request.consistentRead,
        ProjectionExpression: request.projection?.expression,
        ...expressionAttributes(request.projection),
      }),
    );
    return { result: itemOrNull(output.Item) };
  } catch (error) {
    return { error: sdkError(error) };
  }
};
