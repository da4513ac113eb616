import { DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import { MAPPING_TEMPLATE } from './validate';

export interface DataSourceError {
  message: string;
  type: string;
  data?: unknown;
}

/**
 * What one request answers. Transactions are the one case where AppSync sets BOTH ctx.error and
 * ctx.result (the cancellation reasons), hence the optional `result` beside `error`.
 */
export type DynamoDbOutcome = { result: unknown } | { error: DataSourceError; result?: unknown };

export function mappingTemplateError(message: string): DynamoDbOutcome {
  return { error: { message, type: MAPPING_TEMPLATE } };
}

/**
 * AppSync calls DynamoDB with the AWS SDK for Java v2 and passes its exception on: the type is
 * `DynamoDB:` plus the exception class, and the message carries the SDK's suffix, e.g.
 * `The conditional request failed (Service: DynamoDb, Status Code: 400, Request ID: ...)`.
 * Errors the SDK has no class for (ValidationException above all) surface as the base class,
 * DynamoDbException. A failure to reach DynamoDB at all is the SDK's client-side exception.
 */
export function sdkError(error: unknown): DataSourceError {
  if (error instanceof DynamoDBServiceException) {
    const modelled = error.constructor !== DynamoDBServiceException;
    const status = error.$metadata.httpStatusCode ?? 400;
    const requestId = error.$metadata.requestId ?? 'unknown';
    return {
      type: `DynamoDB:${modelled ? error.name : 'DynamoDbException'}`,
      message: `${error.message} (Service: DynamoDb, Status Code: ${status}, Request ID: ${requestId})`,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { type: 'DynamoDB:SdkClientException', message: `Unable to execute HTTP request: ${message}` };
}

export function isConditionalCheckFailure(error: unknown): boolean {
  return error instanceof DynamoDBServiceException && error.name === 'ConditionalCheckFailedException';
}
