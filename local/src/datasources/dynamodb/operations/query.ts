import { QueryCommand } from '@aws-sdk/client-dynamodb';
import type { Operation } from '../context';
import { mappingTemplateError, sdkError } from '../errors';
import { expressionAttributes } from '../expressions';
import { decodeNextToken, INVALID_NEXT_TOKEN } from '../next-token';
import type { QueryRequest } from '../requests';
import { page } from './page';

/** ctx.result is `{ items, nextToken, scannedCount }`; `limit` caps the items DynamoDB evaluates. */
export const query: Operation<QueryRequest> = async (request, { client, tableName }) => {
  const startKey = decodeNextToken(request.nextToken);
  if (startKey === null) return mappingTemplateError(INVALID_NEXT_TOKEN);
  try {
    const output = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: request.index,
        KeyConditionExpression: request.query.expression,
        FilterExpression: request.filter?.expression,
        ProjectionExpression: request.projection?.expression,
        Select: request.select,
        Limit: request.limit,
        ScanIndexForward: request.scanIndexForward,
        ConsistentRead: request.consistentRead,
        ExclusiveStartKey: startKey,
        ...expressionAttributes(request.query, request.filter, request.projection),
      }),
    );
    return { result: page(output) };
  } catch (error) {
    return { error: sdkError(error) };
  }
};
