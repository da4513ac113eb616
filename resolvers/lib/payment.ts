import { util, type DynamoDBExpression } from '@aws-appsync/utils';
import type { PaymentResult } from '../../lambdas/payments/contract';
import type { OrderStatus } from '../../generated/graphql';
import { dueIndexKeys } from './order-keys';
import type { OrderRecord, PaymentRecord } from './order-record';
import { epochMillisOf, timestampOf } from './order-time';

/**
 * Paying for an order (Mutation.payOrder) and refunding it (step 2 of Mutation.cancelOrder).
 *
 * The payment lock lives in its own attribute, `paymentLock`, not in `payment`: `payment` is the
 * Order's Payment (chargeId is non-null in the schema), set only once a charge exists.
 *
 *   paymentLock = { key, cardToken, held, at, attempt, since }
 *
 * payOrder takes it (held = true, with its idempotency key and card token) before calling the
 * gateway, with a conditional update that also moves the order's version, so a cancellation
 * or a second payOrder read before the lock cannot write after it; the same update takes the
 * order's queue place. It is released (held = false) when the payment fails; it stays held after
 * a GATEWAY_ERROR (the charge may have happened). A retry with the same key re-takes it; a lock
 * nobody re-took for PAYMENT_LOCK_SECONDS is stale, and the sweeper's settleOrder asks the
 * gateway what became of the attempt (PAID, or PAYMENT_FAILED and released). Once PAID it stays
 * with the key that paid, so a retry with that key returns the paid order.
 *
 * `attempt` is random, made when a key first takes the lock, and is what the gateway sees as the
 * idempotency key: nobody can derive it from an order id or a client's key, so nobody who can
 * reach the gateway can use it first. `since` is when that attempt began (for the lookup).
 */
export type PaymentLock = { key: string; cardToken: string; held: boolean; at: string; attempt: string; since: string };

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
  /** 4: the day's number for a charged order. */
  orderNumber?: number;
  /** 5: the order as the recorded outcome left it. */
  updated?: PayableOrder;
};

export const PAYABLE_STATUSES: OrderStatus[] = ['PENDING_PAYMENT', 'PAYMENT_FAILED'];

/** A charge is under way or its outcome is unknown: nobody may cancel or pay with another key. */
export function paymentInProgress(order: PayableOrder): boolean {
  return !!order.paymentLock?.held && !order.payment?.chargeId;
}

/** PAYMENT_LOCK_SECONDS (infra/api/environment.ts): how long a lock or hold may go without an outcome. */
export function lockSeconds(env: Record<string, string>): number {
  const seconds = Number(env.PAYMENT_LOCK_SECONDS ?? '120');
  return seconds > 0 ? seconds : 120;
}

function staleMillis(at: string, env: Record<string, string>): number {
  return epochMillisOf(at) + lockSeconds(env) * 1000;
}

/** When a lock or hold taken at `at` becomes stale, as a timestamp. */
export function staleAt(at: string, env: Record<string, string>): string {
  return timestampOf(staleMillis(at, env));
}

export function isStale(at: string, env: Record<string, string>): boolean {
  return staleMillis(at, env) <= util.time.nowEpochMilliSeconds();
}

export function raisePaymentInProgress(orderId: string, env: Record<string, string>): never {
  return util.error(
    `A payment for order ${orderId} is in progress or its outcome is not known yet; retry with the same idempotency key, or wait: it settles within a few minutes.`,
    'PAYMENT_IN_PROGRESS',
    null,
    { orderId, retryAfterSeconds: lockSeconds(env) },
  );
}

/** The key the gateway sees for a charge: the lock's random attempt, never derived from public ids. */
export function chargeIdempotencyKey(lock: PaymentLock): string {
  return `charge_${lock.attempt}`;
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

/**
 * The lock, the version, the order's place in the queue (taken in the same transaction when it
 * has none) and its due time: the lock's staleness, when the sweeper looks at it.
 */
export function lockUpdate(order: PayableOrder, lock: PaymentLock, env: Record<string, string>): DynamoDBExpression {
  const due = dueIndexKeys(staleAt(lock.at, env), order.id);
  return {
    expression: 'SET #lock = :lock, #version = :version, #holds = :true, #gsi4pk = :gsi4pk, #gsi4sk = :gsi4sk',
    expressionNames: { '#lock': 'paymentLock', '#version': 'version', '#holds': 'holdsPlace', '#gsi4pk': 'gsi4pk', '#gsi4sk': 'gsi4sk' },
    expressionValues: util.dynamodb.toMapValues({ ':lock': lock, ':version': order.version + 1, ':true': true, ':gsi4pk': due.gsi4pk, ':gsi4sk': due.gsi4sk }),
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

/**
 * What a client is told when the gateway could not be reached or failed: never the gateway's own
 * text (hosts, ports, key formats), only what to do.
 */
export const GATEWAY_ERROR_MESSAGE = 'The payment service did not answer. You have not been charged twice: retry with the same idempotency key.';
export const REFUND_GATEWAY_ERROR_MESSAGE = 'The refund could not be completed yet. Cancelling again retries it safely; the order settles by itself within a few minutes.';
