/**
 * util.transform. The DynamoDB helpers answer a JSON STRING (or null when AWS cannot render the
 * filter); toSubscriptionFilter answers an object. Both entry points for DynamoDB render the same
 * text: AWS's recorded answers are byte-identical for filters and conditions.
 *
 * This file runs INSIDE the sandbox realm: no Node APIs, only JavaScript built-ins.
 */
import { raiseError } from './signals';
import { renderFilter } from './transform-dynamodb-filter';
import { toSubscriptionFilter } from './transform-subscription-filter';

function toDynamoDBExpression(filter: unknown): string | null {
  const rendered = renderFilter(filter);
  return rendered === null ? null : JSON.stringify(rendered);
}

/** The local runtime has no OpenSearch data source, so there is nothing to build a query for. */
function toElasticsearchQueryDSL(): never {
  return raiseError('util.transform.toElasticsearchQueryDSL is not supported by the local runtime', 'Unsupported');
}

export const transform = {
  toDynamoDBFilterExpression: toDynamoDBExpression,
  toDynamoDBConditionExpression: toDynamoDBExpression,
  toSubscriptionFilter,
  toElasticsearchQueryDSL,
};
