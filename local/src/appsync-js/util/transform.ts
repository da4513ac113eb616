/**
 * util.transform. The DynamoDB helpers answer a JSON STRING (or null when AWS cannot render the
 * filter); toSubscriptionFilter answers an object. Both entry points for DynamoDB render the same
 * text: AWS's recorded answers are byte-identical for filters and conditions.
 *
 * This file runs INSIDE the sandbox realm: no Node APIs, only JavaScript built-ins.
 */
import { renderFilter } from './transform-dynamodb-filter';
import { toElasticsearchQueryDSL } from './transform-opensearch';
import { toSubscriptionFilter } from './transform-subscription-filter';

function toDynamoDBExpression(filter: unknown): string | null {
  const rendered = renderFilter(filter);
  return rendered === null ? null : JSON.stringify(rendered);
}

export const transform = {
  toDynamoDBFilterExpression: toDynamoDBExpression,
  toDynamoDBConditionExpression: toDynamoDBExpression,
  toSubscriptionFilter,
  toElasticsearchQueryDSL,
};
