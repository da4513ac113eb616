import { ScanCommand } from '@aws-sdk/client-dynamodb';
import type { Operation } from '../context';
import { mappingTemplateError, sdkError } from '../errors';
import { expressionAttributes } from '../expressions';
import { decodeNextToken, INVALID_NEXT_TOKEN } from '../next-token';
import type { ScanRequest } from '../requests';
import { page } from './page';

/** ctx.result is `{ items, nextToken, scannedCount }`, like Query. */
export const scan: Operation<ScanRequest> = async (request, { client, tableName }) => {
  const startKey = decodeNextToken(request.nextToken);
  if (startKey === null) return mappingTemplateError(INVALID_NEXT_TOKEN);
  try {
    const output = await client.send(
      new ScanCommand({
        TableName: tableName,
        IndexName: request.index,
        FilterExpression: request.filter?.expression,
        ProjectionExpression: request.projection?.expression,
        Select: request.select,
        Limit: request.limit,
        ConsistentRead: request.consistentRead,
        Segment: request.segment,
        TotalSegments: request.totalSegments,
        ExclusiveStartKey: startKey,
        ...expressionAttributes(request.filter, request.projection),
      }),
    );
    return { result: page(output) };
  } catch (error) {
    return { error: sdkError(error) };
  }
};
