import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { fromSdkMap } from '../attribute-values';

export interface CancellationReason {
  item?: Record<string, unknown>;
  type: string | null;
  message: string | null;
}

/**
 * DynamoDB's reasons, one per transaction item in request order, as AppSync puts them in
 * ctx.result.cancellationReasons: `type` is DynamoDB's code ("None" for items that did not fail)
 * and `item` the current item when the condition failed and it was asked for.
 */
export function cancellationReasons(error: unknown): CancellationReason[] | null {
  if (!(error instanceof TransactionCanceledException)) return null;
  return (error.CancellationReasons ?? []).map((reason) => ({
    ...(reason.Item === undefined ? {} : { item: fromSdkMap(reason.Item) }),
    type: reason.Code ?? null,
    message: reason.Message ?? null,
  }));
}
