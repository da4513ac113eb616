import { util, type Context, type DynamoDBUpdateItemRequest } from '@aws-appsync/utils';
import { counterKey } from './order-keys';
import type { CounterRecord } from './order-record';
import { businessDateOf, nowTimestamp } from './order-time';

/** Day counters are kept a week for support questions, then DynamoDB's TTL removes them. */
const COUNTER_TTL_SECONDS = 7 * 24 * 60 * 60;

/**
 * The day's next order number, taken once a charge has succeeded (payOrder, settleOrder): an
 * atomic ADD that answers with the new value. It runs before the transaction that records the
 * payment (a transaction cannot return values), so a numbered order is one somebody paid for, and
 * an unpaid order, or a flood of placements, consumes no number. The number is what the counter
 * calls out; it is not capped (a busy day past 9,999 just calls longer numbers).
 */
export function orderNumberRequest(): DynamoDBUpdateItemRequest {
  // Written by hand: the builder's operations.increment renders `SET #n = #n + :v` on AWS, which
  // fails on the day's first order (no counter yet); ADD starts a missing counter at 0.
  return {
    operation: 'UpdateItem',
    key: util.dynamodb.toMapValues(counterKey(businessDateOf(nowTimestamp()))),
    update: {
      expression: 'SET #expiresAt = :expiresAt ADD #lastNumber :one',
      expressionNames: { '#expiresAt': 'expiresAt', '#lastNumber': 'lastNumber' },
      expressionValues: util.dynamodb.toMapValues({ ':expiresAt': util.time.nowEpochSeconds() + COUNTER_TTL_SECONDS, ':one': 1 }),
    },
  };
}

export function orderNumberResponse(ctx: Context): number {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return (ctx.result as CounterRecord).lastNumber;
}
