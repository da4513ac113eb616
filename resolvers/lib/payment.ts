import { util, type DynamoDBExpression } from '@aws-appsync/utils';
import type { PaymentResult } from '../../lambdas/payments/contract';
import type { OrderStatus } from '../../generated/graphql';
import type { OrderRecord, PaymentRecord } from './order-record';

/**
 * Paying for an order (Mutation.payOrder) and refunding it (step 2 of Mutation.cancelOrder).
 *
 * The payment lock lives in its own attribute, `paymentLock`, not in `payment`: `payment` is the
 * Order's Payment (chargeId is non-null in the schema), set only once a charge exists.
 *
 *   paymentLock = { key, cardToken, held, at }
 *
 * payOrder takes it (held = true, with its idempotency key and card token) before calling the
 * gateway, with a conditional update that also moves the order's version, so a cancellation
 * or a second payOrder read before the lock cannot write after it. It is released (held = false)
 * when the payment fails; it stays held after a GATEWAY_ERROR (the charge may have happened: only
 * a retry with the same key, which the gateway answers with the first answer, settles it); once
 * PAID it stays with the key that paid, so a retry with that key returns the paid order.
 */
export type PaymentLock = { key: string; cardToken: string; held: boolean; at: string };

export type PayableOrder = OrderRecord & { paymentLock?: PaymentLock | null };

/** What payOrder's steps hand on in ctx.stash. */
export type PaymentStash = {
  /** 1: the order as read. */
  order?: PayableOrder;
  /** 1: the order is already paid with this key: the remaining steps return it unchanged. */
  alreadyPaid?: boolean;
  /** 2: the order as the lock left it (version + 1). */
  locked?: PayableOrder;
  /** 3: the gateway's answer. */
  charge?: PaymentResult;
  /** 4: the order as the recorded outcome left it. */
  updated?: PayableOrder;
};

export const PAYABLE_STATUSES: OrderStatus[] = ['PENDING_PAYMENT', 'PAYMENT_FAILED'];

/** A charge is under way or its outcome is unknown: nobody may cancel or pay with another key. */
export function paymentInProgress(order: PayableOrder): boolean {
  return !!order.paymentLock?.held && !order.payment?.chargeId;
}

export function raisePaymentInProgress(orderId: string): never {
  return util.error(
    `A payment for order ${orderId} is in progress or its outcome is unknown; retry it with the same idempotency key.`,
    'PAYMENT_IN_PROGRESS',
    null,
    { orderId },
  );
}

/** The key the gateway sees: unique per order, so one client key cannot reach another order's charge. */
export function chargeIdempotencyKey(orderId: string, key: string): string {
  return `${orderId}:${key}`;
}

export function refundIdempotencyKey(orderId: string): string {
  return `refund:${orderId}`;
}

/**
 * The lock's condition: the order still as it was read (status and version), and no lock held
 * under another key. Placeholders start with #l_ / :l_.
 */
export function lockCondition(order: PayableOrder, key: string): DynamoDBExpression {
  return {
    expression:
      '#l_status = :l_status AND #l_version = :l_version AND (attribute_not_exists(#l_lock) OR #l_lock.#l_held = :l_false OR #l_lock.#l_key = :l_key)',
    expressionNames: { '#l_status': 'status', '#l_version': 'version', '#l_lock': 'paymentLock', '#l_held': 'held', '#l_key': 'key' },
    expressionValues: util.dynamodb.toMapValues({ ':l_status': order.status, ':l_version': order.version, ':l_false': false, ':l_key': key }),
  };
}

export function lockUpdate(order: PayableOrder, lock: PaymentLock): DynamoDBExpression {
  return {
    expression: 'SET #lock = :lock, #version = :version',
    expressionNames: { '#lock': 'paymentLock', '#version': 'version' },
    expressionValues: util.dynamodb.toMapValues({ ':lock': lock, ':version': order.version + 1 }),
  };
}

/** The Payment an order shows once charged. */
export function paymentOf(charge: Extract<PaymentResult, { outcome: 'CHARGED' }>): PaymentRecord {
  return {
    chargeId: charge.chargeId,
    amount: charge.amount,
    currency: charge.currency,
    cardBrand: charge.cardBrand,
    cardLast4: charge.cardLast4,
    refunded: false,
    refundId: null,
  };
}

/** The typed error for each way a payment fails. */
export const FAILURE_ERROR_TYPES: Record<string, string> = {
  DECLINED: 'PAYMENT_DECLINED',
  INSUFFICIENT_FUNDS: 'INSUFFICIENT_FUNDS',
  INVALID_CARD_TOKEN: 'INVALID_CARD_TOKEN',
  GATEWAY_ERROR: 'PAYMENT_GATEWAY_ERROR',
};
