import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { toSdkMap } from './attribute-values';
import type { Expression, Projection } from './requests';

export interface ExpressionAttributes {
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
}

/**
 * One request may carry several expressions (key condition, filter, projection, update,
 * condition) but DynamoDB takes a single map of names and one of values, so they are merged.
 * Empty maps are left out: DynamoDB rejects an empty ExpressionAttributeValues.
 */
export function expressionAttributes(...expressions: ReadonlyArray<Expression | Projection | undefined>): ExpressionAttributes {
  const names: Record<string, string> = {};
  const values: Record<string, AttributeValue> = {};
  for (const expression of expressions) {
    if (expression === undefined) continue;
    Object.assign(names, expression.expressionNames ?? {});
    if ('expressionValues' in expression && expression.expressionValues !== undefined) {
      Object.assign(values, toSdkMap(expression.expressionValues));
    }
  }
  return {
    ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
    ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
  };
}
